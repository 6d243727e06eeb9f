/**
 * Journey, review and tune: a demo dataset with two 1 h recordings in the server's store → review
 * a window, give the annotator's name, flag it by key (the flag is in the store afterwards), move
 * with J and arrows, zoom the whole-recording overview, open a window by a click on it, with and
 * without a filter → tune a transformation. Screenshots in
 * test-output/e2e/; the measured times (move, overview drawing) are printed for the README.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoAdapterWith } from '../../src/demo/demo-dataset.js'
import { importDataset } from '../../src/services/import-service.js'
import { openStore } from '../../src/store/store.js'
import { openPage, screenshot, startServer, type OpenPage, type RunningServer } from './harness.js'

describe('review and tune journey in a real browser', () => {
  let server: RunningServer
  let ui: OpenPage

  const flagOf = (idx: number): unknown => {
    const store = openStore(server.dbPath)
    try {
      return (store.db.prepare("SELECT flag FROM windows WHERE idx = ? AND dataset_id = (SELECT id FROM datasets WHERE name = 'demo')").get(idx) as { flag: unknown }).flag
    } finally {
      store.close()
    }
  }

  beforeAll(async () => {
    server = await startServer()
    const store = openStore(server.dbPath)
    try {
      await importDataset(store, { kind: 'csv', path: server.dir, name: 'demo' }, { adapters: { csv: demoAdapterWith({ subjects: 1, trialsPerSubject: 2, trialSeconds: 3600, fs: 256, seed: 2 }) } })
    } finally {
      store.close()
    }
    ui = await openPage(server)
  })
  afterAll(async () => {
    await ui?.close()
    await server?.stop()
  })

  it('reviews and flags windows by keyboard, with the whole hour drawn and zoomable', async () => {
    const { page } = ui
    await page.getByRole('link', { name: 'Review' }).click()
    await page.getByRole('heading', { name: 'Window review' }).waitFor()
    await page.getByText('Window 0', { exact: false }).first().waitFor()
    await page.locator('[data-hr]').waitFor()
    expect(await page.locator('[data-hr]').innerText()).toMatch(/^HR \d+ bpm$/)
    await page.getByLabel(/Your name as annotator/).fill('E2E Annotator')
    await page.getByRole('button', { name: 'Start reviewing' }).click()
    await page.locator('[data-annotator]').waitFor()
    await screenshot(page, 'review-01-window')

    await page.keyboard.press('2')
    await expect.poll(() => flagOf(0)).toBe('noisy')
    await page.getByText('noisy by E2E Annotator').waitFor()

    const moves: number[] = []
    for (let k = 0; k < 8; k++) {
      await page.keyboard.press(k % 2 === 0 ? 'j' : 'ArrowRight')
      await page.getByText(`Window ${k + 1} `, { exact: false }).first().waitFor()
      moves.push(Number((await page.locator('[data-move-ms]').innerText()).replace(/\D+/g, '')))
    }
    await page.keyboard.press('4')
    await expect.poll(() => flagOf(8)).toBe('unusable')
    await page.keyboard.press('k')
    await page.getByText('Window 7 ', { exact: false }).first().waitFor()
    // the history beside window 7 is window 7's (not the flag just set on window 8)
    await page.getByText('Not flagged yet.').waitFor()

    // key press → the frame that paints the next window, measured inside the page (a string, so no DOM types here)
    const paint: number[] = []
    for (let k = 0; k < 10; k++) {
      paint.push(
        await page.evaluate<number>(`(async () => {
          const title = () => document.querySelector('.head b')?.textContent
          const before = title()
          const t0 = performance.now()
          window.dispatchEvent(new KeyboardEvent('keydown', { key: 'j' }))
          // the first animation frame that has the new window in the DOM is the one painting it
          await new Promise((resolve) => { const check = () => (title() !== before ? resolve() : requestAnimationFrame(check)); requestAnimationFrame(check) })
          return performance.now() - t0
        })()`),
      )
      await page.waitForTimeout(100)
    }
    for (let k = 0; k < 10; k++) await page.keyboard.press('k')
    await page.getByText('Window 7 ', { exact: false }).first().waitFor()

    const overview = page.getByRole('img', { name: /Overview of the whole recording, 3600 s/ })
    await overview.waitFor()
    await expect.poll(() => overview.getAttribute('data-render-ms')).not.toBeNull()
    const wholeMs = Number(await overview.getAttribute('data-render-ms'))
    await screenshot(page, 'review-02-flagged-and-overview')

    // zoom in with the mouse wheel until the overview comes back at full resolution
    await overview.scrollIntoViewIfNeeded()
    const box = (await overview.boundingBox())!
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.4)
    for (let k = 0; k < 150; k++) await page.mouse.wheel(0, -200)
    await page.locator('[data-resolution="full"]').waitFor({ timeout: 20_000 })
    expect(await page.locator('[data-resolution="full"]').innerText()).toMatch(/every sample, \d+\.\d–\d+\.\d s/)
    await screenshot(page, 'review-03-overview-zoomed')

    // the zoom survives a visit to another view: the chart drawn anew shows the zoomed span (its
    // axis and its trace), not the whole hour's axis over the zoomed trace
    const heading = await page.locator('[data-resolution="full"]').innerText()
    const [fromS, toS] = /every sample, (\d+\.\d)–(\d+\.\d) s/.exec(heading)!.slice(1).map(Number) as [number, number]
    await expect.poll(() => overview.getAttribute('data-x-span')).toBe(`${fromS.toFixed(1)}–${toS.toFixed(1)}`)
    await page.getByRole('link', { name: 'Datasets' }).click()
    await page.getByRole('heading', { name: 'Datasets' }).waitFor()
    await page.getByRole('link', { name: 'Review' }).click()
    await page.getByText('Window 7 ', { exact: false }).first().waitFor()
    await expect.poll(() => overview.getAttribute('data-x-span')).toBe(`${fromS.toFixed(1)}–${toS.toFixed(1)}`)
    expect(await page.locator('[data-resolution="full"]').innerText()).toContain(`every sample, ${fromS.toFixed(1)}–${toS.toFixed(1)} s`)
    await screenshot(page, 'review-04-overview-zoom-kept')

    // a click on the plot (not on the line) opens the window under it
    await overview.scrollIntoViewIfNeeded()
    const plot = (await overview.boundingBox())!
    // the plot area runs from 44 px to width − 16 px (the chart's grid)
    const at = 0.75
    await page.mouse.click(plot.x + 44 + (plot.width - 60) * at, plot.y + 20)
    const clickedS = fromS + (toS - fromS) * at
    const expected = Math.floor(clickedS / 10)
    await expect.poll(async () => Number(/Window (\d+)/.exec(await page.locator('.head b').innerText())?.[1])).toBeGreaterThanOrEqual(expected - 1)
    const picked = Number(/Window (\d+)/.exec(await page.locator('.head b').innerText())?.[1])
    expect(picked).toBeLessThanOrEqual(expected + 1)

    // with a filter the same click opens the same window: not reviewed leaves out windows 0 and 8,
    // so it is two positions earlier in the list (a step of one position per window from window 1
    // would land on the window after it)
    await page.locator('[data-filter="flag"]').selectOption('unreviewed')
    await page.getByText('Window 1 ', { exact: false }).first().waitFor()
    await expect.poll(() => overview.getAttribute('data-x-span')).toBe(`${fromS.toFixed(1)}–${toS.toFixed(1)}`)
    await overview.scrollIntoViewIfNeeded()
    const filteredPlot = (await overview.boundingBox())!
    await page.mouse.click(filteredPlot.x + 44 + (filteredPlot.width - 60) * at, filteredPlot.y + 20)
    await page.getByText(`Window ${picked} `, { exact: false }).first().waitFor()
    expect(await page.locator('.head').innerText()).toContain(`· ${picked - 1} of 718 ·`)
    await screenshot(page, 'review-05-filtered-overview-click')
    await page.locator('[data-filter="flag"]').selectOption('')
    await page.getByText('Window 0 ', { exact: false }).first().waitFor()

    // back to window 7 for the tuning journey
    for (let k = 0; k < 7; k++) await page.keyboard.press('j')
    await page.getByText('Window 7 ', { exact: false }).first().waitFor()
    console.log(`[measured] review move (key → window in store) ms: ${moves.join(', ')}; key → next window painted ms: ${paint.map((v) => v.toFixed(1)).join(', ')}; 1 h overview first draw ${wholeMs} ms`)
    expect(ui.problems).toEqual([])
  })

  it('tunes the transformations and resets to the paper preset', async () => {
    const { page } = ui
    // from the window review was showing (window 7)
    await page.getByRole('link', { name: 'Tune this window' }).click()
    await page.getByRole('heading', { name: 'Transformation tuning' }).waitFor()
    await expect.poll(() => page.locator('[data-index]').inputValue()).toBe('7')
    await page.locator('[data-window-info]').waitFor()
    expect(await page.locator('[data-window-info]').innerText()).toMatch(/^Subject S01 · trial 1 · 70 s · arousal \d · valence \d$/)
    const stack = page.getByRole('img', { name: /six transformations/ })
    await stack.waitFor()
    await page.getByText(/Computed in \d+ ms/).waitFor()
    await screenshot(page, 'tune-01-paper-preset')
    await page.getByLabel('Noise SNR (dB) value').fill('0')
    await page.getByLabel('Noise SNR (dB) value').press('Enter')
    await page.getByLabel('Permutation pieces value').fill('5')
    await page.getByLabel('Permutation pieces value').press('Enter')
    await page.getByRole('button', { name: 'Next window' }).click()
    await expect.poll(() => page.locator('[data-index]').inputValue()).toBe('8')
    // The drawing is of window 8 at 0 dB and 5 pieces (seed 1 as the presets', the rest of the paper's preset).
    await page.locator('[data-drawn="8 1 0 1.1 5 9 1.05"]').waitFor()
    expect(await page.locator('[data-window-info]').innerText()).toMatch(/· 80 s ·/)
    await page.getByText(/Computed in \d+ ms/).waitFor()
    await screenshot(page, 'tune-02-changed')
    // Each row scaled on its own when the shared axis is unticked (on by default)
    expect(await page.locator('input[name="shared-axis"]').isChecked()).toBe(true)
    await page.locator('input[name="shared-axis"]').uncheck()
    await page.waitForTimeout(300)
    await screenshot(page, 'tune-03-own-axes')
    await page.locator('input[name="shared-axis"]').check()
    await page.getByRole('button', { name: 'Reset to paper preset' }).click()
    await expect.poll(() => page.getByLabel('Permutation pieces value').inputValue()).toBe('20')
    // Tune's settings go into a new experiment
    await page.getByLabel('Scale factor value').fill('1.3')
    await page.getByLabel('Scale factor value').press('Enter')
    await page.getByRole('button', { name: 'Use these settings in a new experiment' }).click()
    await page.getByRole('heading', { name: 'Experiments', exact: true }).waitFor()
    await page.locator('[data-carried]').waitFor()
    await expect.poll(() => page.locator('input[name="transforms.scaleFactor"]').inputValue()).toBe('1.3')
    await page.locator('[data-carried]').scrollIntoViewIfNeeded()
    await screenshot(page, 'tune-04-settings-in-new-experiment')
    expect(ui.problems).toEqual([])
  })
})
