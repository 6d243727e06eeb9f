/**
 * Journey, part 1: open the app → datasets → import wizard on a small CSV dataset written here
 * (a typed name replaces the suggestion; a wrong rate, overlap or taken name is refused beside its
 * field, in the app's words) → progress → summary → the dataset listed → its own page (balance,
 * subjects, provenance), renamed, deleted; a WFDB record with a null segment shows the reader's
 * warning on the Preview step. Screenshots in test-output/e2e/, the page's at 1024 px.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeWfdbRecord } from '../cli/wfdb-writer.js'
import { writeCsvDataset, type CsvDataset } from './csv-dataset.js'
import { openPage, screenshot, startServer, type OpenPage, type RunningServer } from './harness.js'

/** What the app must never show: a command-line option or command. */
const CLI_WORDS = /(^|\s|\()--[a-z]|ecg-ssl/

describe('import journey in a real browser', () => {
  let server: RunningServer
  let ui: OpenPage
  let data: CsvDataset

  beforeAll(async () => {
    server = await startServer()
    data = writeCsvDataset(path.join(server.dir, 'data'))
    ui = await openPage(server)
  })
  afterAll(async () => {
    await ui?.close()
    await server?.stop()
  })

  it('imports a CSV dataset through the wizard and shows its summary', async () => {
    const { page } = ui
    await page.getByRole('heading', { name: 'Datasets' }).waitFor()
    await page.getByText('No datasets yet').waitFor()
    await screenshot(page, 'import-01-datasets-empty')

    await page.getByRole('link', { name: 'Import a dataset' }).click()
    await page.getByRole('radio', { name: /CSV \/ text/ }).check()
    await screenshot(page, 'import-02-format')
    await page.getByRole('button', { name: 'Next' }).click()

    // The folder picker browses through files:list (no native dialog in a browser).
    await page.getByRole('button', { name: 'Browse…' }).first().click()
    const picker = page.getByRole('dialog', { name: 'Choose the data' })
    await picker.getByLabel('Folder path').fill(path.dirname(data.folder))
    await picker.getByRole('button', { name: 'Go' }).click()
    await picker.getByRole('button', { name: /lab-study/ }).click()
    await picker.getByRole('button', { name: /S1/ }).waitFor()
    await screenshot(page, 'import-03-folder-picker')
    await picker.getByRole('button', { name: 'Use this folder' }).click()
    await expect.poll(() => page.locator('input[name="path"]').inputValue()).toBe(data.folder)
    await page.locator('input[name="labels"]').fill(data.labels)
    const nameField = page.locator('input[name="name"]')
    expect(await nameField.inputValue()).toBe('lab-study')
    // Typed as a user types (key by key, caret after the suggestion): it replaces the suggestion.
    await nameField.click()
    await nameField.pressSequentially('study-1')
    expect(await nameField.inputValue()).toBe('study-1')
    await screenshot(page, 'import-04-source')
    await page.getByRole('button', { name: 'Next' }).click()

    // Without a rate the CSV reader asks for one, in a sentence in the app's words.
    const asked = page.getByRole('alert').filter({ hasText: 'sampling rate' })
    await asked.waitFor()
    expect(await asked.innerText()).toContain('enter the rate in “Sampling rate (Hz)”')
    expect(await asked.innerText()).not.toMatch(CLI_WORDS)
    // 0 Hz is a wrong rate, said beside the field (not "the rate is not stated").
    await page.locator('input[name="fs"]').fill('0')
    await expect.poll(() => page.locator('#fs-problem').innerText()).toBe('“Sampling rate (Hz)” must be a positive number of Hz.')
    expect(await page.getByRole('button', { name: 'Refresh preview' }).isDisabled()).toBe(true)
    await screenshot(page, 'import-05a-rate-zero')
    // Then the right rate, and the preview draws the ECG.
    await page.locator('input[name="fs"]').fill(String(data.fs))
    await page.locator('input[name="fs"]').dispatchEvent('change')
    await page.getByRole('button', { name: 'Refresh preview' }).click()
    await page.getByText(/The import will use “ECG”/).waitFor()
    await page.locator('.ecg-chart canvas').first().waitFor()
    await page.waitForTimeout(300)
    await screenshot(page, 'import-05-preview')
    await page.getByRole('button', { name: 'Next' }).click()

    await page.getByRole('heading', { name: 'Preprocessing (fixed by the method)' }).waitFor()
    // Settings: overlap checked as typed; the name can still be changed before the import starts.
    await page.locator('input[name="overlap"]').fill('120')
    await expect.poll(() => page.locator('#overlap-problem').innerText()).toBe('“Window overlap, %” must be between 0 and 90 percent.')
    expect(await page.getByRole('button', { name: 'Start import' }).isDisabled()).toBe(true)
    await screenshot(page, 'import-06a-settings-overlap')
    await page.locator('input[name="overlap"]').fill('0')
    expect(await page.locator('input[name="name"]').inputValue()).toBe('study-1')
    await page.locator('input[name="name"]').fill('lab-study')
    await screenshot(page, 'import-06-settings')
    await page.getByRole('button', { name: 'Start import' }).click()
    await page.getByRole('progressbar').waitFor()
    await screenshot(page, 'import-07-progress')

    await page.getByRole('heading', { name: 'Label balance' }).waitFor({ timeout: 60_000 })
    await page.getByText('arousal').first().waitFor()
    const stats = await page.locator('.stat').allInnerTexts()
    expect(stats.map((s) => s.replace(/\s+/g, ' ').trim())).toEqual(expect.arrayContaining(['2 subjects', '4 recordings', '16 windows of 10 s', '1 items skipped']))
    await expect.poll(() => page.locator('.skipped').innerText()).toContain('S3/notes.csv')
    await page.locator('.bucket').first().waitFor()
    await screenshot(page, 'import-08-summary')

    await page.getByRole('link', { name: 'Done' }).click()
    await page.getByRole('cell', { name: /^lab-study \// }).waitFor()
    await screenshot(page, 'import-09-datasets')

    // The token left the address bar; a reload still works through the server's cookie.
    expect(page.url()).not.toContain('token=')
    await page.reload()
    await page.getByRole('cell', { name: /^lab-study \// }).waitFor()
    expect(ui.problems).toEqual([])
  })

  it('refuses a taken name beside the field, before "Start import"', async () => {
    const { page } = ui
    await page.getByRole('link', { name: 'Import a dataset' }).click()
    await page.getByRole('radio', { name: /CSV \/ text/ }).check()
    await page.getByRole('button', { name: 'Next' }).click()
    await page.locator('input[name="path"]').fill(data.folder)
    await page.locator('input[name="path"]').dispatchEvent('change')
    await page.locator('input[name="name"]').fill('lab-study')
    await expect.poll(() => page.locator('#name-problem').innerText()).toBe('A dataset named "lab-study" already exists; choose another name.')
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true)
    await screenshot(page, 'import-10-name-taken')
    await page.getByRole('link', { name: 'Back to datasets' }).click()
  })

  it('opens the dataset\'s own page from the list, renames it and deletes it', async () => {
    const { page } = ui
    await page.setViewportSize({ width: 1024, height: 700 })
    // In the list, the delete question takes a row of its own inside the table's width.
    await page.getByRole('button', { name: 'Delete lab-study' }).click()
    const question = page.getByRole('alertdialog', { name: 'Delete lab-study?' })
    const asked = await question.boundingBox()
    expect(asked!.x + asked!.width).toBeLessThanOrEqual(1024)
    await screenshot(page, 'import-10b-datasets-delete-1024')
    await question.getByRole('button', { name: 'Keep' }).click()
    await page.getByRole('link', { name: 'lab-study' }).click()
    await page.getByRole('heading', { name: /^lab-study/ }).waitFor()
    for (const section of ['Label balance', 'Subjects', 'Skipped', 'Notes', 'Provenance']) await page.getByRole('heading', { name: section, exact: true }).waitFor()
    await page.locator('.bucket').first().waitFor()
    const subjects = await page.locator('.subjects tbody tr').allInnerTexts()
    expect(subjects).toHaveLength(2)
    expect(await page.locator('.skipped').innerText()).toContain('S3/notes.csv')
    expect(await page.locator('.sources tbody tr').count()).toBeGreaterThan(3)
    expect(await page.locator('.provenance').innerText()).toMatch(/highpass|Hz/i)
    expect(await page.locator('main, body').first().innerText()).not.toMatch(CLI_WORDS)
    await screenshot(page, 'import-11-dataset-page-1024')
    await page.emulateMedia({ colorScheme: 'dark' })
    await screenshot(page, 'import-11-dataset-page-1024-dark')
    await page.emulateMedia({ colorScheme: 'light' })

    await page.getByRole('button', { name: 'Rename' }).click()
    await page.locator('input[name="new-name"]').fill('lab study (renamed)')
    await page.getByRole('button', { name: 'Save name' }).click()
    await page.getByRole('heading', { name: /^lab study \(renamed\)/ }).waitFor()
    expect(decodeURIComponent(page.url())).toContain('/datasets/lab study (renamed)')

    await page.getByRole('button', { name: 'Delete', exact: true }).click()
    const dialog = page.getByRole('alertdialog')
    await dialog.waitFor()
    // The confirmation stays inside the viewport at 1024 px.
    const box = await dialog.boundingBox()
    expect(box).not.toBeNull()
    expect(box!.x).toBeGreaterThanOrEqual(0)
    expect(box!.x + box!.width).toBeLessThanOrEqual(1024)
    await screenshot(page, 'import-12-dataset-delete-1024')
    await dialog.getByRole('button', { name: 'Delete dataset' }).click()
    await page.getByText('No datasets yet').waitFor()
    expect(ui.problems).toEqual([])
  })

  it('shows the first file\'s warnings beside its channels on the Preview step', async () => {
    const { page } = ui
    await page.setViewportSize({ width: 1280, height: 860 })
    // A two-segment WFDB record whose first 10 s are a null segment (no signal: read as NaN).
    const folder = path.join(server.dir, 'holter')
    writeWfdbRecord(folder, 'long_1', 30, 250, 2)
    fs.writeFileSync(path.join(folder, 'long.hea'), `long/2 1 250 ${40 * 250}\n~ ${10 * 250}\nlong_1 ${30 * 250}\n`)
    await page.getByRole('link', { name: 'Import a dataset' }).click()
    await page.getByRole('radio', { name: /WFDB/ }).check()
    await page.getByRole('button', { name: 'Next' }).click()
    await page.locator('input[name="path"]').fill(path.join(folder, 'long.hea'))
    await page.locator('input[name="path"]').dispatchEvent('change')
    await page.getByRole('button', { name: 'Next' }).click()
    const notice = page.getByRole('status').filter({ has: page.getByRole('heading', { name: 'A warning about this file' }) })
    await notice.waitFor()
    const text = await notice.innerText()
    expect(text).toContain('1 null segment of long (10 s in all) holds no signal; there every channel is NaN')
    expect(text).not.toMatch(CLI_WORDS)
    await page.locator('.ecg-chart canvas').first().waitFor()
    await page.waitForTimeout(300)
    await screenshot(page, 'import-05b-preview-warnings')
    await page.setViewportSize({ width: 1024, height: 700 })
    await page.waitForTimeout(200)
    await screenshot(page, 'import-05b-preview-warnings-1024')
    expect(ui.problems).toEqual([])
  })
})
