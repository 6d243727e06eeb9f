/**
 * Journey, part 1: open the app → datasets → import wizard on a small CSV dataset written here →
 * progress → summary → the dataset listed. Screenshots in test-output/e2e/.
 */
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeCsvDataset, type CsvDataset } from './csv-dataset.js'
import { openPage, screenshot, startServer, type OpenPage, type RunningServer } from './harness.js'

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
    expect(await page.locator('input[name="name"]').inputValue()).toBe('lab-study')
    await screenshot(page, 'import-04-source')
    await page.getByRole('button', { name: 'Next' }).click()

    // Without a rate the CSV reader asks for one, in a sentence; then the preview draws the ECG.
    await page.getByRole('alert').filter({ hasText: 'sampling rate' }).waitFor()
    await page.locator('input[name="fs"]').fill(String(data.fs))
    await page.locator('input[name="fs"]').dispatchEvent('change')
    await page.getByRole('button', { name: 'Refresh preview' }).click()
    await page.getByText(/The import will use “ECG”/).waitFor()
    await page.locator('.ecg-chart canvas').first().waitFor()
    await page.waitForTimeout(300)
    await screenshot(page, 'import-05-preview')
    await page.getByRole('button', { name: 'Next' }).click()

    await page.getByRole('heading', { name: 'Preprocessing (fixed by the method)' }).waitFor()
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
})
