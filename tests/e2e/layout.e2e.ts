/**
 * Layout journey (issue 10 §5): every view at 1024 × 700, 1366 × 768, 1920 × 1080 and 2560 × 1440,
 * in light and dark mode, with a dataset in the store. For each it asserts that no primary control
 * (buttons, links styled as buttons, inputs, selects, the navigation) lies outside the viewport or
 * is clipped by a card it sits in, that the page never scrolls sideways and that every chart fits
 * the window; then that the layout follows a window resized while a view is open. Screenshots:
 * test-output/e2e/layout-<view>-<width>[-dark].png.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { finishedRun } from '../../renderer/src/components/results/run-fixture.test-util.js'
import { demoAdapterWith } from '../../src/demo/demo-dataset.js'
import { importDataset } from '../../src/services/import-service.js'
import { syntheticEcg } from '../../src/signal/synthetic-ecg.js'
import { createRun, saveFold, setRunState } from '../../src/store/runs-repo.js'
import { openStore } from '../../src/store/store.js'
import { openPage, screenshot, startServer, type OpenPage, type RunningServer } from './harness.js'

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  { width: 2560, height: 1440 },
] as const

/** Each view: its route, its heading, and what shows it has finished loading. */
const VIEWS = [
  { name: 'datasets', path: '/datasets', heading: 'Datasets', ready: 'table.data' },
  { name: 'dataset', path: '/datasets/ecg-stress-study-2026-all-participants', heading: 'ecg-stress-study-2026-all-participants CSV / text', ready: 'table.data' },
  { name: 'import', path: '/datasets/import', heading: 'Import a dataset', ready: 'h1' },
  { name: 'review', path: '/review', heading: 'Window review', ready: '[data-hr]' },
  { name: 'tune', path: '/tune', heading: 'Transformation tuning', ready: '[data-window-info]' },
  { name: 'experiments', path: '/experiments', heading: 'Experiments', ready: 'h1' },
  { name: 'results', path: '/results', heading: 'Results', ready: 'table.data' },
] as const

/**
 * Runs in the page (a string, so this file needs no DOM types): every visible primary control
 * that lies outside the viewport or outside an ancestor that clips it, every chart wider than the
 * window, and a page that scrolls sideways, each as one line.
 */
const LAYOUT_PROBLEMS = `(() => {
  const vw = document.documentElement.clientWidth
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' "' + (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40) + '"'
  const out = []
  for (const el of document.querySelectorAll('button, a.button, input:not([type=hidden]), select, textarea, nav a, [role=button]')) {
    const r = el.getBoundingClientRect()
    if (r.width === 0 && r.height === 0) continue
    if (el.classList.contains('skip-link') || getComputedStyle(el).visibility === 'hidden') continue
    if (r.left < -0.5 || r.right > vw + 0.5) { out.push(name(el) + ' is outside the viewport: ' + Math.round(r.left) + '–' + Math.round(r.right) + ' px of ' + vw); continue }
    for (let a = el.parentElement; a !== null; a = a.parentElement) {
      if (getComputedStyle(a).overflowX === 'visible') continue
      const ar = a.getBoundingClientRect()
      if (r.left < ar.left - 0.5 || r.right > ar.right + 0.5) { out.push(name(el) + ' is cut off by ' + name(a)); break }
    }
  }
  for (const c of document.querySelectorAll('canvas')) {
    const r = c.getBoundingClientRect()
    if (r.right > vw + 0.5) out.push('a chart reaches ' + Math.round(r.right) + ' px of ' + vw)
  }
  const sw = document.documentElement.scrollWidth
  if (sw > vw + 1) out.push('the page scrolls sideways: ' + sw + ' px wide in a ' + vw + ' px window')
  return out
})()`

describe('layout at every window size, light and dark', () => {
  let server: RunningServer
  let ui: OpenPage

  beforeAll(async () => {
    server = await startServer()
    const store = openStore(server.dbPath)
    try {
      // a lab's long folder and dataset names, which must not widen the datasets table past its card
      const deep = path.join(server.dir, 'lab-exports', 'ECG_stress_study_2026_all_participants_raw_matlab_export_v3_final')
      fs.mkdirSync(deep, { recursive: true })
      await importDataset(store, { kind: 'csv', path: deep, name: 'ecg-stress-study-2026-all-participants' }, { adapters: { csv: demoAdapterWith({ subjects: 2, trialsPerSubject: 2, trialSeconds: 300, fs: 256, seed: 4 }) } })
      // a recording whose second window loses its beats for 1.4 s (a loose electrode): review must doubt the beat after the gap
      const ecg = syntheticEcg(40, 256, 7)
      ecg.fill(0, Math.round(14.2 * 256), Math.round(15.6 * 256))
      const file = path.join(server.dir, 'dropped-beats.csv')
      fs.writeFileSync(file, `ECG\n${Array.from(ecg, (v) => v.toFixed(4)).join('\n')}\n`)
      await importDataset(store, { kind: 'csv', path: file, name: 'dropped-beats', fs: 256 })
      // a finished run's folds, as the trainer records them, so Results and Experiments show their tables
      const run = finishedRun(1)
      const id = createRun(store.db, { config: run.config, appVersion: '0.1.0', datasetHashes: run.datasetHashes })
      run.folds.forEach((f, i) => saveFold(store.db, id, `${f.protocol}/${f.method}/${f.fraction}/${f.fold}`, f, { done: i + 1, total: run.folds.length, phase: 'evaluation' }))
      setRunState(store.db, id, 'done')
    } finally {
      store.close()
    }
    ui = await openPage(server)
    // review opens on a window rather than the annotator prompt
    await ui.page.evaluate(`localStorage.setItem('ecg-ssl.annotator', 'Layout Check')`)
  })
  afterAll(async () => {
    await ui?.close()
    await server?.stop()
  })

  async function visit(view: (typeof VIEWS)[number]): Promise<void> {
    const { page } = ui
    await page.goto(`${server.url}#${view.path}`)
    await page.getByRole('heading', { name: view.heading, exact: true }).waitFor()
    await page.locator(view.ready).first().waitFor()
    // charts draw one frame after their data; resize observers one frame after that
    await page.waitForTimeout(500)
  }

  for (const scheme of ['light', 'dark'] as const) {
    for (const size of SIZES) {
      it(`keeps every control in view at ${size.width} × ${size.height} (${scheme})`, async () => {
        const { page } = ui
        await page.emulateMedia({ colorScheme: scheme })
        await page.setViewportSize(size)
        const problems: string[] = []
        for (const view of VIEWS) {
          await visit(view)
          for (const p of await page.evaluate<string[]>(LAYOUT_PROBLEMS)) problems.push(`${view.name}: ${p}`)
          await screenshot(page, `layout-${view.name}-${size.width}${scheme === 'dark' ? '-dark' : ''}`)
        }
        // the import wizard's folder picker (its one dialog) stays inside the window
        await visit(VIEWS[2])
        await page.getByText('CSV / text', { exact: true }).click()
        await page.getByRole('button', { name: 'Next' }).click()
        await page.getByRole('button', { name: 'Browse…' }).first().click()
        await page.getByRole('dialog').waitFor()
        await page.waitForTimeout(300)
        for (const p of await page.evaluate<string[]>(LAYOUT_PROBLEMS)) problems.push(`import, choosing a folder: ${p}`)
        if (size.width === 1024) await screenshot(page, `layout-import-picker-1024${scheme === 'dark' ? '-dark' : ''}`)
        // a delete confirmation stays inside the table's card
        await visit(VIEWS[0])
        await page.getByRole('button', { name: /^Delete ecg-stress/ }).click()
        for (const p of await page.evaluate<string[]>(LAYOUT_PROBLEMS)) problems.push(`datasets, confirming a delete: ${p}`)
        if (size.width === 1024) await screenshot(page, `layout-datasets-delete-1024${scheme === 'dark' ? '-dark' : ''}`)
        await page.getByRole('button', { name: 'Keep' }).click()
        expect(problems).toEqual([])
        expect(ui.problems).toEqual([])
      })
    }
  }

  it('draws doubtful beats as uncertain and says why, in light and dark', async () => {
    const { page } = ui
    await page.setViewportSize({ width: 1366, height: 768 })
    await visit(VIEWS[3])
    await page.locator('[data-dataset]').selectOption('dropped-beats')
    await page.getByText('Window 0', { exact: false }).first().waitFor()
    // the dataset menu has the focus, which keeps the review keys for itself
    await page.getByRole('button', { name: /^Next/ }).click()
    await page.getByText('Window 1 ', { exact: false }).first().waitFor()
    await page.locator('[data-beat-warning]').waitFor()
    expect(await page.locator('[data-beat-warning]').innerText()).toMatch(/^Beat-to-beat rate jumps from \d+ to \d+ bpm: check the R peaks or the signal\./)
    expect(await page.locator('[data-beats]').innerText()).toMatch(/^\d+ beats, \d+ uncertain$/)
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      await page.waitForTimeout(400)
      await screenshot(page, `review-uncertain-beats-1366${scheme === 'dark' ? '-dark' : ''}`)
    }
    await page.emulateMedia({ colorScheme: 'light' })
    expect(ui.problems).toEqual([])
  })

  it('follows a window resized while a view is open (charts shrink and grow with it)', async () => {
    const { page } = ui
    await page.emulateMedia({ colorScheme: 'light' })
    await page.setViewportSize({ width: 1920, height: 1080 })
    await visit(VIEWS[3])
    const chartWidth = (): Promise<number> => page.evaluate<number>(`document.querySelector('.ecg-window canvas').getBoundingClientRect().width`)
    const wide = await chartWidth()
    await page.setViewportSize({ width: 1024, height: 700 })
    await expect.poll(chartWidth).toBeLessThan(wide - 300)
    expect(await page.evaluate<string[]>(LAYOUT_PROBLEMS)).toEqual([])
    await page.setViewportSize({ width: 1920, height: 1080 })
    await expect.poll(chartWidth).toBeGreaterThan(wide - 2)
  })
})
