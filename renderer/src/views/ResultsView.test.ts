// @vitest-environment happy-dom
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, type Router } from 'vue-router'
import type { DatasetSummary } from '@contracts/datasets.js'
import type { RunDetail } from '@contracts/runs.js'
import { useTransport } from '../api/client.js'
import { scriptedTransport, type Scripted } from '../api/scripted-transport.test-util.js'
import { finishedRun, summary } from '../components/results/run-fixture.test-util.js'
import { createAppRouter } from '../router.js'
import ResultsView from './ResultsView.vue'

const amigos: DatasetSummary = {
  name: 'amigos', kind: 'amigos', createdAt: '2026-11-22T01:00:00.000Z', sourcePath: '/d', subjects: 40, recordings: 640,
  windows: 9000, excluded: 0, fs: 256, windowSamples: 2560, overlapPercent: 0, contentHash: 'h',
}

let scripted: Scripted
let router: Router
let wrapper: VueWrapper | undefined
let runs: Map<number, RunDetail>
let partialFolds: RunDetail['folds']

beforeEach(() => {
  runs = new Map([[7, finishedRun(7)], [8, finishedRun(8, { seed: 5, shift: 0.05, folds: 3 })]])
  partialFolds = []
  scripted = scriptedTransport({
    // newest first, as the service lists them
    'runs:list': () => [summary(9, 'running', 1, 10), ...[...runs.values()].reverse().map(({ config: _c, datasetHashes: _d, epochs: _e, folds: _f, results: _r, ...s }) => s)],
    'runs:queue': () => ({ running: 9, queued: [] }),
    'runs:get': (input) => {
      const partial = (): RunDetail => {
        const full = finishedRun(9)
        // the rows of the folds so far (each fixture row has 2 folds: the first 2 folds make row 0)
        return { ...full, ...summary(9, 'running', 1, 10), folds: partialFolds, results: partialFolds.length === 0 ? [] : full.results.slice(0, 1) }
      }
      const run = runs.get(input.id as number) ?? (input.id === 9 ? partial() : undefined)
      if (run === undefined) throw new Error(`There is no run ${String(input.id)}; it may have been deleted.`)
      return run
    },
    'runs:export': (input) => ({ fileName: `run-${String(input.id)}.${input.format === 'latex' ? 'tex' : String(input.format)}`, mime: 'text/csv', text: 'dataset,task\n' }),
    'datasets:list': () => [amigos],
  })
  useTransport(scripted.transport)
  setActivePinia(createPinia())
  router = createAppRouter(createMemoryHistory())
})
afterEach(() => {
  wrapper?.unmount()
  vi.restoreAllMocks()
})

async function mountAt(path: string, ready = 'table.results'): Promise<VueWrapper> {
  await router.push(path)
  // ECharts needs a canvas happy-dom does not draw: the chart is stubbed and gets the series as props.
  wrapper = mount(ResultsView, { attachTo: document.body, global: { plugins: [router], stubs: { FractionChart: true } } })
  await vi.waitFor(() => expect(wrapper!.find(ready).exists()).toBe(true))
  await flushPromises()
  return wrapper
}
const cells = (w: VueWrapper, row: string): string[] => w.find(`tr[data-row="${row}"]`).findAll('td').map((td) => td.text())

describe('ResultsView', () => {
  it('shows mean ± sd per protocol and method with the paper beside the paper\u2019s setting only', async () => {
    const w = await mountAt('/results')
    expect(w.find('h2#table-title').text()).toBe('Run 8 · finished 8')
    expect(w.findAll('table.results tr[data-row]')).toHaveLength(4)
    expect(cells(w, 'window-kfold/transfer/1')).toEqual(['k-fold over windows', 'transfer', 'full', '100 %', '3', '0.907 ± 0.019', '0.500', '0.897 ± 0.019', '0.887 ± 0.019', '0.858 / 0.851'])
    // every other row's paper column says why it is empty
    // F1 and macro F1 explained in one line beside the table
    expect(w.find('[data-metric-notes]').text()).toMatch(/^F1 \(authors’\): the harmonic mean of macro precision and macro recall, as the paper computes it; macro F1: the mean of the per-class F1 scores/)
    expect(cells(w, 'subject-kfold/transfer/1').at(-1)).toBe('no published number for this setting (other protocol)')
    expect(cells(w, 'window-kfold/baseline/1').at(-1)).toBe('no published number for this row, though it is the paper’s setting (lost in the source)')
    expect(w.find('tr[data-row="window-kfold/baseline/1"] td.why').attributes('title')).toContain('fully supervised')
    await w.find('input[name="all-fractions"]').setValue(true)
    expect(w.findAll('table.results tr[data-row]')).toHaveLength(8)
    expect(cells(w, 'window-kfold/transfer/0.1').at(-1)).toBe('no published number for this setting (not all labels)')
    expect(w.find('tr[data-row="window-kfold/transfer/0.1"] td.why').attributes('title')).toBe('No published number for this setting: the paper\u2019s table uses all labelled windows.')
  })

  it('puts no paper number beside a dataset deleted since the run, though its name is a paper dataset\u2019s, and says why', async () => {
    // The run's dataset 'SWELL-KW' is no longer imported (the list has only amigos): its kind is
    // unknown, as the export and `ecg-ssl report` say, so SWELL's arousal 0.963 is not matched on the name.
    const run = finishedRun(7)
    const onSwell = <T extends { dataset: string }>(x: T): T => ({ ...x, dataset: 'SWELL-KW' })
    runs.set(7, {
      ...run, config: { ...run.config, datasets: run.config.datasets.map((d) => ({ ...d, name: 'SWELL-KW' })) },
      datasetHashes: { 'SWELL-KW': 'abc' }, folds: run.folds.map(onSwell), results: run.results.map(onSwell),
    })
    const w = await mountAt('/results?run=7')
    expect(cells(w, 'window-kfold/transfer/1').at(-1)).toBe('no published number for this setting (other dataset)')
    expect(w.find('tr[data-row="window-kfold/transfer/1"] td.why').attributes('title')).toBe('No published number for this setting: the paper reports on AMIGOS and SWELL-KW only.')
    expect(w.findComponent({ name: 'FractionChart' }).props('paper')).toBeNull()
  })

  it('opens a row\u2019s confusion matrix by click or keyboard, shaded per true class', async () => {
    const w = await mountAt('/results?run=7')
    expect(w.find('h2#table-title').text()).toBe('Run 7 · finished 7')
    await w.find('tr[data-row="subject-kfold/baseline/1"]').trigger('keydown', { key: 'Enter' })
    const matrix = w.find('section.confusion')
    expect(matrix.find('h3').text()).toBe('Confusion matrix · amigos · arousal · subject-grouped k-fold · baseline · labels 100 %')
    // two folds of 50 windows per class at 0.62 and 0.58 accuracy: 31 + 29 right of 100
    expect(matrix.findAll('tbody tr').map((tr) => tr.findAll('td').map((td) => td.text()))).toEqual([['60 60 %', '40 40 %', '100'], ['40 40 %', '60 60 %', '100']])
    await w.find('tr[data-row="window-kfold/transfer/1"]').trigger('click')
    expect(w.find('section.confusion h3').text()).toContain('k-fold over windows · transfer')
    await w.findAll('button').find((b) => b.text() === 'Close')!.trigger('click')
    expect(w.find('section.confusion').exists()).toBe(false)
  })

  it('puts window-level and subject-independent folds side by side with the leakage note, and charts the label fractions', async () => {
    const w = await mountAt('/results?run=7')
    expect(w.text()).toContain('Window-level folds leak.')
    const protocolRows = w.findAll('section[aria-labelledby="protocols-title"] tbody tr').map((tr) => tr.findAll('td').map((td) => td.findAll('span').map((x) => x.text()).join(' / ') || td.text()))
    expect(protocolRows).toEqual([
      ['amigos · arousal', 'transfer', '0.850 ± 0.020 / 0.840 ± 0.020 / chance 0.500', '0.650 ± 0.020 / 0.640 ± 0.020 / chance 0.500'],
      ['amigos · arousal', 'baseline', '0.800 ± 0.020 / 0.790 ± 0.020 / chance 0.500', '0.600 ± 0.020 / 0.590 ± 0.020 / chance 0.500'],
    ])
    const chart = w.findComponent({ name: 'FractionChart' })
    const series = chart.props('series') as Array<{ method: string; accuracy: number[][] }>
    expect(series.map((s) => s.method)).toEqual(['transfer', 'baseline'])
    expect(series[0]!.accuracy.map((p) => p.map((x) => +x.toFixed(3)))).toEqual([[0.1, 0.75, 0.02], [1, 0.85, 0.02]])
    expect(chart.props('paper')).toEqual({ accuracy: 0.858, f1: 0.851 })
    // the chance level: the majority-class rate of the test windows (balanced here)
    expect(chart.props('chance')).toBe(0.5)
    await w.find('select[name="fraction-group"]').setValue('1')
    expect(w.findComponent({ name: 'FractionChart' }).props('paper')).toBeNull()
  })

  it('compares two runs: changed settings and metric deltas', async () => {
    const w = await mountAt('/results?run=7')
    await w.find('select[name="compare"]').setValue('8')
    await flushPromises()
    // the settings that differ in words: the form's names, plain values
    const changes = w.findAll('table.changes tbody tr').map((tr) => tr.findAll('th, td').map((td) => td.text()))
    expect(changes).toEqual([['Name', 'finished 7', 'finished 8'], ['Seed', '1', '5'], ['Folds', '2', '3']])
    const first = w.find('table.deltas tbody tr').findAll('td').map((td) => td.text())
    expect(first.slice(0, 3)).toEqual(['amigos · arousal · k-fold over windows · transfer · labels 100 %', '0.850 → 0.907', '+0.057'])
    // the chance level beside the accuracies compared
    expect(first[3]).toMatch(/^0\.\d{3}$/)
    expect(first.slice(4)).toEqual(['0.840 → 0.897', '+0.057'])
  })

  it('exports CSV through a download link and says so; a missing run is a sentence', async () => {
    const clicks: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this.download)
    })
    URL.createObjectURL = vi.fn(() => 'blob:x')
    URL.revokeObjectURL = vi.fn()
    const w = await mountAt('/results?run=7')
    await w.findAll('button').find((b) => b.text() === 'Export CSV')!.trigger('click')
    await flushPromises()
    expect(scripted.calls.filter((c) => c.channel === 'runs:export').map((c) => c.input)).toEqual([{ id: 7, format: 'csv' }])
    expect(clicks).toEqual(['run-7.csv'])
    expect(w.find('[role="status"]').text()).toBe('Saved run-7.csv.')

    await router.push('/results?run=44')
    await flushPromises()
    expect(w.find('[role="alert"]').text()).toContain('There is no run 44; it may have been deleted.')
    expect(scripted.refused).toEqual([])
  })

  it('shows a partial run with the folds it has so far', async () => {
    const w = await mountAt('/results?run=9', 'p.meta')
    expect(w.text()).toContain('No fold has finished yet')
    expect(w.text()).toContain('running (partial: 0 folds so far, updated as folds finish)')
    expect(w.findAll('button').some((b) => b.text() === 'Reload')).toBe(true)
    // a fold of the run being shown reads it again (once for a burst); other runs' folds do not
    partialFolds = finishedRun(9).folds.slice(0, 2)
    const gets = () => scripted.calls.filter((c) => c.channel === 'runs:get').length
    const before = gets()
    scripted.emit('runs:event', { type: 'fold', runId: 7, fold: partialFolds[0] })
    scripted.emit('runs:event', { type: 'fold', runId: 9, fold: partialFolds[0] })
    scripted.emit('runs:event', { type: 'fold', runId: 9, fold: partialFolds[1] })
    await vi.waitFor(() => expect(w.find('table.results').exists()).toBe(true), { timeout: 3000 })
    expect(gets()).toBe(before + 1)
    expect(w.text()).toContain('partial: 2 folds so far')
  })
})
