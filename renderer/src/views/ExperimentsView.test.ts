// @vitest-environment happy-dom
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, type Router } from 'vue-router'
import type { DatasetSummary } from '@contracts/datasets.js'
import { METHOD_LABELS } from '@contracts/metric-labels.js'
import { ExperimentConfig, MethodName, PRETEXT_SCOPE_WORDS, type RunSummary } from '@contracts/runs.js'
import { TRANSFORM_PARAM_SPECS } from '@contracts/transform-params.js'
import { useTransport } from '../api/client.js'
import { scriptedTransport, type Scripted } from '../api/scripted-transport.test-util.js'
import ResumeBanner from '../components/experiments/ResumeBanner.vue'
import { epochOf, summary } from '../components/results/run-fixture.test-util.js'
import { createAppRouter } from '../router.js'
import ExperimentsView from './ExperimentsView.vue'

const demo: DatasetSummary = {
  name: 'demo', kind: 'csv', createdAt: '2026-11-22T01:00:00.000Z', sourcePath: '/d', subjects: 4, recordings: 8,
  windows: 96, excluded: 0, fs: 256, windowSamples: 2560, overlapPercent: 0, contentHash: 'h',
}

let scripted: Scripted
let router: Router
let list: RunSummary[]
let wrapper: VueWrapper | undefined
let created: ExperimentConfig[]
let estimates: number

beforeEach(async () => {
  localStorage.clear()
  created = []
  estimates = 0
  list = [summary(3, 'interrupted', 4, 10, 'overnight'), summary(2, 'running', 2, 10, 'live')]
  scripted = scriptedTransport({
    'runs:list': () => list,
    'runs:queue': () => ({ running: 2, queued: [] }),
    'runs:get': (input) => ({ ...list.find((r) => r.id === input.id)!, config: {}, datasetHashes: {}, epochs: [epochOf(0)], folds: [], results: [] }),
    'runs:start': (input) => {
      list = list.map((r) => (r.id === input.id ? { ...r, state: 'queued' } : r))
      return { running: 2, queued: [input.id as number] }
    },
    'runs:cancel': () => ({ cancelled: true }),
    'runs:create': (input) => {
      const parsed = ExperimentConfig.safeParse(input.config)
      if (!parsed.success) throw new Error('The service refused the config.')
      created.push(parsed.data)
      list = [summary(4, 'queued', 0, 10, parsed.data.name), ...list]
      return { runId: 4, queued: true }
    },
    'runs:task-balance': (input) => ({
      classes: [{ name: 'low', windows: 52 }, { name: 'high', windows: 44 }], missing: 0,
      description: `${String(input.label)} high when > 4.9 (${input.binarisation === 'midpoint' ? 'midpoint of the 1–9 scale' : 'dataset mean'})`,
    }),
    'runs:estimate': (input) => {
      // the service's plan checks: 7 folds cannot give a meaningful result, 3 only a warning
      const folds = ExperimentConfig.parse(input.config).evaluation.folds
      if (folds === 7) throw new Error('The task "arousal" on "demo" has 5 labelled windows of class "high", fewer than the 7 folds, so some folds could not test or learn it; set “Folds” to at most 5.')
      const warnings = folds === 3 ? ['1 of the 3 folds of windows on "demo" (arousal) test no window of class "high"; set “Folds” lower for more even folds.'] : []
      // the first ask finds the machine not measured yet
      if (estimates++ === 0) return { status: 'measuring', warnings }
      const epochs = ExperimentConfig.parse(input.config).pretext.epochs
      return {
        status: 'ready', warnings,
        estimate: {
          seconds: 7800, backend: 'wasm', device: 'CPU (WebAssembly, SIMD, 1 thread)', processes: 2, pretextWorkers: 1, calibration: 'cached', measuredAt: '2026-12-01T00:00:00Z',
          units: [{ kind: 'pretext', count: epochs, seconds: 830 * epochs }, { kind: 'baseline', count: 16, seconds: 170 }],
        },
      }
    },
    // a labelled dataset and an unlabelled one (as "Try with demo data" brings)
    'datasets:list': () => [demo, { ...demo, name: 'demo-unlabeled' }],
    'datasets:get': (input) => ({
      ...demo, name: input.name, durationS: 960, appVersion: '0.1.0', preprocessing: {},
      labelNames: input.name === 'demo' ? ['arousal', 'valence'] : [], labelScales: {}, labelRanges: {}, notes: [],
    }),
  })
  useTransport(scripted.transport)
  setActivePinia(createPinia())
  router = createAppRouter(createMemoryHistory())
  await router.push('/experiments')
})
afterEach(() => wrapper?.unmount())

async function mountView(): Promise<VueWrapper> {
  // The shell (App.vue) shows the resume banner above every view. ECharts needs a canvas happy-dom
  // does not draw: the chart is stubbed and gets the store's data.
  const shell = defineComponent({ render: () => [h(ResumeBanner), h(ExperimentsView)] })
  wrapper = mount(shell, { attachTo: document.body, global: { plugins: [router], stubs: { PretextCurves: true } } })
  await vi.waitFor(() => expect(wrapper!.find('tr[data-run="2"]').exists()).toBe(true))
  // the labelled dataset is chosen for both lists, the unlabelled one to learn features from
  await vi.waitFor(() => expect(wrapper!.find('input[name="dataset-demo"]').element).toHaveProperty('checked', true))
  await vi.waitFor(() => expect(wrapper!.find('input[name="features-demo-unlabeled"]').element).toHaveProperty('checked', true))
  expect(wrapper.find('input[name="features-demo"]').element).toHaveProperty('checked', true)
  await flushPromises()
  return wrapper
}
const button = (w: VueWrapper, text: string) => w.findAll('button').find((b) => b.text() === text)!

describe('ExperimentsView', () => {
  it('lists runs with state, progress, ETA, backend and device, and offers the interrupted one for resume', async () => {
    const w = await mountView()
    const row = w.find('tr[data-run="2"]')
    expect(row.text()).toContain('running')
    expect(row.text()).toContain('wasm')
    expect(row.text()).toContain('CPU (WebAssembly, SIMD)')
    expect(row.find('[role="progressbar"]').attributes('aria-valuenow')).toBe('20')
    scripted.emit('runs:event', { type: 'progress', runId: 2, phase: 'pretext full', done: 4, total: 10, etaSeconds: 200, message: 'pretext (full) epoch 2/3, step 1/4' })
    await flushPromises()
    expect(row.find('[role="progressbar"]').attributes('aria-valuenow')).toBe('40')
    expect(row.find('[data-eta]').text()).toBe('about 3 min 20 s left')
    expect(row.text()).toContain('pretext (full) epoch 2/3, step 1/4')

    const offer = w.find('[data-resume="3"]')
    expect(offer.text()).toContain('Run 3 “overnight” was interrupted at 40 %')
    await offer.findAll('button').find((b) => b.text() === 'Resume')!.trigger('click')
    await flushPromises()
    expect(scripted.calls.filter((c) => c.channel === 'runs:start').map((c) => c.input)).toEqual([{ id: 3 }])
    expect(w.find('[data-resume="3"]').exists()).toBe(false)
    expect(scripted.refused).toEqual([])
  })

  it('answers Cancel at once: "stopping…", its button disabled, one notice, until the run has stopped', async () => {
    const w = await mountView()
    const row = (): ReturnType<VueWrapper['find']> => w.find('tr[data-run="2"]')
    await row().find('button[data-cancel]').trigger('click')
    expect(row().find('[data-state]').text()).toBe('stopping…')
    expect(row().find('button[data-cancel]').text()).toBe('Stopping…')
    expect(row().find('button[data-cancel]').attributes('disabled')).toBeDefined()
    await flushPromises()
    expect(w.findAll('p.note:not([data-resume="3"])').map((n) => n.text())).toEqual(['Run 2 is stopping…'])
    expect(row().find('button[data-cancel]').attributes('disabled')).toBeDefined()
    list = list.map((r) => (r.id === 2 ? { ...r, state: 'interrupted' } : r))
    scripted.emit('runs:event', { type: 'state', runId: 2, state: 'interrupted', error: null })
    await vi.waitFor(() => expect(w.findAll('p.note:not([data-resume="3"])').map((n) => n.text())).toEqual(['Run 2 "live" stopped; what it completed is kept, so it can be resumed.']))
    expect(row().find('[data-state]').text()).toBe('interrupted')
    expect(row().find('button[data-cancel]').exists()).toBe(false)
    // the run just stopped here is not also offered for resume in a second banner
    expect(w.find('[data-resume="2"]').exists()).toBe(false)
  })

  it('counts the epochs of the watched run as they arrive', async () => {
    const w = await mountView()
    expect(w.find('[data-epoch-count]').text()).toBe('1 epoch')
    scripted.emit('runs:event', { type: 'epoch', runId: 2, epoch: epochOf(1) })
    await flushPromises()
    expect(w.find('[data-epoch-count]').text()).toBe('2 epochs')
  })

  it('builds the quick preset on the only dataset, shows refused values as sentences beside their fields, then queues', async () => {
    const w = await mountView()
    await w.find('input[name="evaluation.folds"]').setValue('1')
    expect(w.find('input[name="evaluation.folds"]').attributes('aria-invalid')).toBe('true')
    expect(w.text()).toContain('The number of folds must be at least 2.')
    await w.find('input[name="evaluation.fractions"]').setValue('0.5, half')
    await w.find('input[name="evaluation.fractions"]').trigger('change')
    expect(w.text()).toContain('“half” is not a number; type fractions such as 0.1, 0.5, 1 (or 10%, 50%).')
    await button(w, 'Queue and start').trigger('click')
    await flushPromises()
    expect(created).toEqual([])
    expect(w.find('[role="alert"]').text()).toContain('Fix these before queueing:')

    await w.find('input[name="evaluation.folds"]').setValue('2')
    await w.find('input[name="evaluation.fractions"]').setValue('50%, 1')
    await w.find('input[name="evaluation.fractions"]').trigger('change')
    await w.find('input[name="pretext.epochs"]').setValue('2')
    await w.find('input[name="evaluation.endToEnd.epochs"]').setValue('3')
    // each method is named as the results' charts and the report name it
    expect(w.findAll('select[name="pretext.scope"] option').map((o) => o.text())).toEqual(Object.values(PRETEXT_SCOPE_WORDS))
    for (const m of MethodName.options) expect(w.find(`input[name="method-${m}"]`).element.parentElement?.textContent?.trim()).toBe(METHOD_LABELS[m])
    await w.find('input[name="method-fine-tune"]').setValue(true)
    await w.findAll('[aria-label="Tasks on demo"] input')[1]!.setValue(false)
    // the class balance of each chosen task, from the service, follows its threshold
    await flushPromises()
    expect(w.find('[data-balance="demo-arousal"]').text()).toBe('low 52 · high 44 — arousal high when > 4.9 (dataset mean)')
    await w.find('select[name="threshold-demo-arousal"]').setValue('midpoint')
    await flushPromises()
    expect(w.find('[data-balance="demo-arousal"]').text()).toContain('midpoint of the 1–9 scale')
    await w.find('select[name="threshold-demo-arousal"]').setValue('dataset-mean')
    await w.find('input[name="name"]').setValue('tiny')
    await button(w, 'Queue and start').trigger('click')
    await flushPromises()
    expect(created).toHaveLength(1)
    const config = created[0]!
    expect(config).toMatchObject({
      name: 'tiny', preset: 'quick', maxWindowsPerDataset: 96,
      datasets: [{ name: 'demo', role: 'both', tasks: [{ label: 'arousal', binarisation: 'dataset-mean' }] }, { name: 'demo-unlabeled', role: 'pretext', tasks: [] }],
    })
    expect(config.pretext.epochs).toBe(2)
    expect(config.evaluation).toMatchObject({ folds: 2, fractions: [0.5, 1], methods: ['transfer', 'baseline', 'fine-tune'] })
    // the quick preset's end-to-end batch kept, its epochs as typed
    expect(config.evaluation.endToEnd).toEqual({ epochs: 3, batch: 16, learningRate: 1e-3 })
    expect(w.find('[role="status"]').text()).toBe('Run 4 "tiny" is queued; it starts when the runs before it end.')
    expect(w.find('tr[data-run="4"]').text()).toContain('tiny')
    expect(scripted.refused).toEqual([])
  })

  it('shows how long the run would take beside the Run button, measuring first, refreshed as the form changes', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    try {
      const w = await mountView()
      await vi.advanceTimersByTimeAsync(600)
      await flushPromises()
      expect(w.find('[data-estimate]').text()).toBe('measuring this machine’s speed…')
      await vi.advanceTimersByTimeAsync(1600)
      await flushPromises()
      // quick: 2 epochs of 830 s against 170 s of baselines
      expect(w.find('[data-estimate]').text()).toBe('About 2 h 10 min on CPU (WebAssembly, SIMD, 1 thread), 2 workers — pretext: 91 % — consider a GPU or fewer epochs')
      const asked = scripted.calls.filter((c) => c.channel === 'runs:estimate').length
      await w.find('input[name="pretext.epochs"]').setValue('1')
      await w.find('input[name="pretext.epochs"]').setValue('4')
      await vi.advanceTimersByTimeAsync(600)
      await flushPromises()
      // one ask for the two quick edits
      expect(scripted.calls.filter((c) => c.channel === 'runs:estimate').length).toBe(asked + 1)
      expect(w.find('[data-estimate]').text()).toContain('pretext: 95 %')
      expect(scripted.refused).toEqual([])
    } finally {
      vi.useRealTimers()
    }
  })

  it('says beside the Run button, before anything is stored, why settings cannot give a meaningful result, and warns of weaker ones', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    try {
      const w = await mountView()
      await w.find('input[name="evaluation.folds"]').setValue('7')
      await vi.advanceTimersByTimeAsync(600)
      await flushPromises()
      const refused = w.find('[data-estimate="error"]')
      expect(refused.text()).toContain('set “Folds” to at most 5')
      expect(refused.attributes('role')).toBe('alert')
      expect(w.findAll('[data-plan-warning]')).toHaveLength(0)
      await w.find('input[name="evaluation.folds"]').setValue('3')
      await vi.advanceTimersByTimeAsync(2600)
      await flushPromises()
      expect(w.find('[data-estimate="error"]').exists()).toBe(false)
      expect(w.findAll('[data-plan-warning]').map((p) => p.text())).toEqual(['1 of the 3 folds of windows on "demo" (arousal) test no window of class "high"; set “Folds” lower for more even folds.'])
    } finally {
      vi.useRealTimers()
    }
  })

  it('fills the transformation settings Tune sends ("Use these settings in a new experiment") into the form, and queues them', async () => {
    await router.push('/experiments?noiseSnrDb=20&scaleFactor=1.3&permutePieces=7&warpPieces=9&warpStretch=1.05')
    const w = await mountView()
    expect(w.find('[data-carried]').text()).toContain('Noise SNR (dB) 20, Scale factor 1.3, Permutation pieces 7, Time-warp pieces 9, Time-warp stretch 1.05')
    expect((w.find('input[name="transforms.scaleFactor"]').element as HTMLInputElement).value).toBe('1.3')
    expect((w.find('input[name="transforms.permutePieces"]').element as HTMLInputElement).value).toBe('7')
    // Each field's name and range come from the parameter table (contracts/transform-params.ts).
    for (const t of TRANSFORM_PARAM_SPECS) {
      const input = w.find(`input[name="transforms.${t.key}"]`)
      expect([input.attributes('min'), input.attributes('max')]).toEqual([String(t.min), String(t.max)])
      expect(w.find(`label[for="${input.attributes('id')}"]`).text()).toContain(t.label)
    }
    await w.find('form.experiment-form').trigger('submit')
    await vi.waitFor(() => expect(created).toHaveLength(1))
    expect(created[0]!.transforms).toEqual({ noiseSnrDb: 20, scaleFactor: 1.3, permutePieces: 7, warpPieces: 9, warpStretch: 1.05 })
  })

  it('loads the paper preset and edits every setting as JSON, with a sentence for broken JSON', async () => {
    const w = await mountView()
    await w.find('select[name="preset"]').setValue('sarkar2020')
    expect((w.find('input[name="pretext.epochs"]').element as HTMLInputElement).value).toBe('100')
    // the paper trains fine-tune and baseline like the classifier: no separate setting
    expect((w.find('input[name="evaluation.endToEnd.epochs"]').element as HTMLInputElement).value).toBe('')
    expect((w.find('input[name="evaluation.fractions"]').element as HTMLInputElement).value).toBe('0.01, 0.05, 0.1, 0.2, 0.5, 1')
    const details = w.find('details.advanced')
    ;(details.element as HTMLDetailsElement).open = true
    await details.trigger('toggle')
    const textarea = w.find('textarea[name="json"]')
    const json = JSON.parse((textarea.element as HTMLTextAreaElement).value) as Record<string, unknown>
    expect(json).toMatchObject({ preset: 'sarkar2020', pretext: { dropout: 0.6 } })
    await textarea.setValue('{ "name": ')
    await button(w, 'Apply JSON').trigger('click')
    expect(w.text()).toMatch(/The JSON could not be read \(.+\); fix it or close the editor to keep the form's values\./)
    await textarea.setValue(JSON.stringify({ ...json, seed: -1, pretext: { ...(json.pretext as object), dropout: 0.3 } }))
    await button(w, 'Apply JSON').trigger('click')
    expect(w.text()).toContain('The seed must be 0 or more.')
    expect(w.find('input[name="seed"]').attributes('aria-invalid')).toBe('true')
  })
})
