/**
 * Journey, experiments and results: try with demo data → build a tiny experiment from the quick
 * preset in the Experiments view (an inline validation sentence on the way) → queue it → watch
 * the per-task pretext curves grow → open its results: the table, a confusion matrix, the
 * window-level vs subject-independent comparison and the label-fraction chart; export CSV.
 * Screenshots in test-output/e2e/.
 */
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPage, screenshot, startServer, type OpenPage, type RunningServer } from './harness.js'

describe('experiments and results journey in a real browser', () => {
  let server: RunningServer
  let ui: OpenPage

  beforeAll(async () => {
    server = await startServer()
    ui = await openPage(server)
  })
  afterAll(async () => {
    // Stop a run still training (a failed step) so its process does not outlive the test.
    for (const cancel of (await ui?.page.locator('tr[data-run] button', { hasText: 'Cancel' }).all()) ?? []) await cancel.click()
    await ui?.page.waitForTimeout(1000)
    await ui?.close()
    await server?.stop()
  })

  it('imports the demo data, queues a tiny experiment and watches its curves grow', async () => {
    const { page } = ui
    await page.getByRole('button', { name: 'Try with demo data' }).click()
    await page.getByRole('heading', { name: 'Label balance' }).waitFor({ timeout: 150_000 })

    await page.getByRole('link', { name: 'Experiments' }).click()
    await page.getByRole('heading', { name: 'Experiments', exact: true }).waitFor()
    await page.getByText('No runs yet').waitFor()
    // Learn features from both demo sets (the unlabelled one too) and evaluate on the labelled one,
    // with all its labels; keep arousal only.
    for (const box of ['features-demo', 'features-demo-unlabeled', 'dataset-demo']) {
      const input = page.locator(`input[name="${box}"]`)
      await input.waitFor()
      if (!(await input.isChecked())) await input.check()
    }
    const tasks = page.getByRole('group', { name: 'Tasks on demo' })
    await tasks.getByLabel('valence', { exact: true }).waitFor()
    await tasks.getByLabel('valence', { exact: true }).uncheck()
    // It teaches features and is evaluated; beside each task, the classes a run would see.
    expect(await page.locator('input[name="features-demo"]').isChecked()).toBe(true)
    await page.locator('[data-balance="demo-arousal"]').filter({ hasText: /low \d+ · high \d+ — arousal high when/ }).waitFor()
    await page.locator('input[name="pretext.epochs"]').fill('2')
    await page.locator('input[name="pretext.batch"]').fill('8')
    await page.locator('input[name="maxWindowsPerDataset"]').fill('24')
    await page.locator('input[name="evaluation.classifier.epochs"]').fill('2')
    await page.locator('input[name="evaluation.classifier.batch"]').fill('8')
    await page.locator('input[name="evaluation.endToEnd.epochs"]').fill('2')
    await page.locator('input[name="evaluation.endToEnd.batch"]').fill('8')
    await page.locator('input[name="evaluation.fractions"]').fill('0.5, 1')
    await page.locator('input[name="evaluation.fractions"]').press('Tab')
    // A refused value is a sentence beside its field before anything is sent.
    await page.locator('input[name="evaluation.folds"]').fill('1')
    await page.getByText('The number of folds must be at least 2.').waitFor()
    await screenshot(page, 'experiments-01-form-with-a-sentence')
    await page.locator('input[name="evaluation.folds"]').fill('2')
    expect(await page.getByText('The number of folds must be at least 2.').count()).toBe(0)
    // Settings that cannot give a meaningful result are refused beside the Run button, in the form's words.
    await page.locator('input[name="maxWindowsPerDataset"]').fill('4')
    const refusal = page.locator('[data-estimate="error"]')
    await refusal.filter({ hasText: /“Windows per dataset” \(now 4\)/ }).waitFor({ timeout: 30_000 })
    expect(await refusal.innerText()).not.toMatch(/evaluation\.|maxWindowsPerDataset|--/)
    await refusal.scrollIntoViewIfNeeded()
    await screenshot(page, 'experiments-01b-refused-settings')
    await page.locator('input[name="maxWindowsPerDataset"]').fill('24')
    await expect.poll(() => refusal.count(), { timeout: 30_000 }).toBe(0)
    await page.locator('input[name="name"]').fill('tiny demo')
    await page.getByRole('button', { name: 'Queue and start' }).click()

    const row = page.locator('tr[data-run="1"]')
    await row.waitFor()
    await page.getByText(/Run 1 "tiny demo" is training now/).waitFor()
    const curves = page.locator('[data-curves] [data-epochs]')
    await curves.waitFor({ timeout: 60_000 })
    // Minutes on a busy 2-core machine: the first step also compiles the WebAssembly backend.
    await expect.poll(async () => Number(await curves.getAttribute('data-epochs')), { timeout: 900_000, interval: 500 }).toBeGreaterThanOrEqual(1)
    await row.locator('.badge', { hasText: 'running' }).waitFor()
    expect(await row.innerText()).toMatch(/wasm|cpu|node|gpu/)
    await page.waitForTimeout(300)
    await screenshot(page, 'experiments-02-first-epoch')

    await expect.poll(async () => Number(await curves.getAttribute('data-epochs')), { timeout: 900_000, interval: 500 }).toBe(2)
    await row.locator('.badge', { hasText: 'done' }).waitFor({ timeout: 1_200_000 })
    await expect.poll(() => row.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100')
    await page.waitForTimeout(300)
    await screenshot(page, 'experiments-03-done')
    expect(ui.problems).toEqual([])
  }, 3_000_000)

  it('shows the results beside the protocols and the label-fraction chart, and exports CSV', async () => {
    const { page } = ui
    await page.locator('tr[data-run="1"]').getByRole('link', { name: 'Results' }).click()
    await page.getByRole('heading', { name: 'Run 1 · tiny demo' }).waitFor()
    const rows = page.locator('table.results tbody tr[data-row]')
    // 2 protocols × 2 methods at the largest fraction; every fraction on request.
    await expect.poll(() => rows.count()).toBe(4)
    await page.getByLabel(/Show every label fraction/).check()
    await expect.poll(() => rows.count()).toBe(8)
    await page.locator('tr[data-row="subject-kfold/transfer/1"]').click()
    await page.getByRole('heading', { name: /Confusion matrix · demo · arousal/ }).waitFor()
    await page.getByRole('heading', { name: 'Window-level vs subject-independent' }).waitFor()
    await page.getByText('Window-level folds leak.').waitFor()
    // what F1 and macro F1 are, the chance level and why a paper cell is empty
    await page.locator('[data-metric-notes]').filter({ hasText: /harmonic mean of macro precision and macro recall/ }).waitFor()
    expect(await page.locator('table.results [data-chance]').count()).toBe(8)
    expect(await page.locator('[data-paper-empty]').first().innerText()).toBe('no published number for this setting')
    await screenshot(page, 'results-01-table-confusion')

    const chart = page.getByRole('img', { name: /against the label fraction, demo arousal/ })
    await chart.scrollIntoViewIfNeeded()
    await page.locator('[data-drawn="yes"]').waitFor()
    // the subject-independent curves (the window-level ones are first)
    await page.locator('select[name="fraction-group"]').selectOption({ label: 'demo · arousal · subject-grouped k-fold' })
    await page.getByText('demo · arousal · subject-grouped k-fold: transfer (pretrained encoder) vs fully supervised').waitFor()
    await page.waitForTimeout(300)
    await screenshot(page, 'results-02-label-fractions')

    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Export CSV' }).click()
    const file = await download
    expect(file.suggestedFilename()).toBe('run-1-tiny-demo.csv')
    const png = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Save PNG' }).click()
    expect((await png).suggestedFilename()).toBe('run-1-fractions-demo-arousal-subject-kfold.png')
    const svg = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Save SVG' }).click()
    const svgFile = await svg
    expect(svgFile.suggestedFilename()).toBe('run-1-fractions-demo-arousal-subject-kfold.svg')
    expect(fs.readFileSync(await svgFile.path(), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>$/)
    expect(ui.problems).toEqual([])
  })

  it('cancels a training run, offers it for resume after a restart of the page, and remembers a dismissal', async () => {
    const { page } = ui
    await page.getByRole('link', { name: 'Experiments' }).click()
    for (const box of ['features-demo', 'dataset-demo']) {
      const input = page.locator(`input[name="${box}"]`)
      await input.waitFor()
      if (!(await input.isChecked())) await input.check()
    }
    await page.locator('input[name="name"]').fill('to be stopped')
    await page.getByRole('button', { name: 'Queue and start' }).click()
    const row = page.locator('tr[data-run="2"]')
    await row.locator('.badge', { hasText: 'running' }).waitFor({ timeout: 60_000 })
    await row.getByRole('button', { name: 'Cancel' }).click()
    // Cancel answers at once, and the run is interrupted within 10 s with one notice.
    const cancelledAt = Date.now()
    await row.locator('.badge', { hasText: 'stopping…' }).waitFor({ timeout: 2_000 })
    expect(await row.getByRole('button', { name: 'Stopping…' }).isDisabled()).toBe(true)
    await screenshot(page, 'experiments-04a-stopping')
    await row.locator('.badge', { hasText: 'interrupted' }).waitFor({ timeout: 12_000 })
    console.log(`[measured] cancel → interrupted in the list: ${Date.now() - cancelledAt} ms`)
    expect(Date.now() - cancelledAt).toBeLessThan(10_000)
    await page.getByText(/Run 2 "to be stopped" stopped; what it completed is kept/).waitFor()
    expect(await page.locator('p.note').filter({ hasText: /Run 2/ }).count()).toBe(1)
    expect(await row.getByRole('button', { name: 'Resume' }).count()).toBe(1)

    await page.reload()
    const offer = page.locator('[data-resume="2"]')
    await offer.waitFor()
    expect(await offer.innerText()).toMatch(/Run 2 “to be stopped” was interrupted at \d+ %/)
    await screenshot(page, 'experiments-04-resume-offer')
    await offer.getByRole('button', { name: 'Dismiss' }).click()
    await expect.poll(() => offer.count()).toBe(0)
    await page.reload()
    await page.locator('tr[data-run="2"]').waitFor()
    expect(await page.locator('[data-resume]').count()).toBe(0)
    expect(ui.problems).toEqual([])
  }, 900_000)
})
