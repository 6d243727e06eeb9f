// @vitest-environment happy-dom
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import type { ImportReport } from '@contracts/import.js'
import { useTransport } from '../api/client.js'
import { scriptedTransport, type Scripted } from '../api/scripted-transport.test-util.js'
import { createAppRouter } from '../router.js'
import { useImportStore } from '../stores/import.js'
import ImportView from './ImportView.vue'

const REPORT: ImportReport = {
  dataset: 'lab', kind: 'csv', subjects: 2, recordings: 4, windows: 4, excluded: 1, flagged: 1,
  skipped: [{ item: 'S3/notes.csv', reason: "line 2, column 1: 'x' is not a number; fix or remove the line." }],
  fs: 256, windowSamples: 2560, overlapPercent: 0, notes: ['channel used: ECG'], durationS: 40, labelNames: ['arousal'],
  labelRanges: { arousal: { min: 1, max: 9 } }, perSubject: [{ subject: 'S1', recordings: 2, windows: 2, excluded: 1, flagged: 1 }, { subject: 'S2', recordings: 2, windows: 2, excluded: 0, flagged: 0 }],
  contentHash: 'abcdef0123456789', elapsedS: 1.2,
}

function backend(): Scripted {
  let job = 0
  return scriptedTransport({
    'files:list': (input) => ({ path: input.path ?? '/home/me', parent: '/', entries: [{ name: 'lab', path: '/home/me/lab', kind: 'folder', bytes: 0 }], truncated: false }),
    'datasets:preview-channels': (input) => {
      if (input.fs === undefined) throw new Error('/home/me/lab/S1/a.csv: the sampling rate is not stated in the file; enter the rate in “Sampling rate (Hz)” on the Preview step.')
      return { kind: 'csv', file: '/home/me/lab/S1/a.csv', channels: [{ index: 0, name: 'ECG', unit: 'mV', fs: input.fs, sampleCount: 5120 }], chosen: { index: 0, name: 'ECG', why: 'its name says ECG/EKG' }, problem: null }
    },
    'datasets:preview-signal': (input) => ({ subject: 'S1', trial: 'a', channel: 'ECG', fs: input.fs, samples: new Float32Array(1280), recordings: 4, durationS: 40 }),
    'datasets:import': () => ({ jobId: `job-${++job}` }),
    'jobs:cancel': () => ({ cancelled: true }),
    'datasets:list': () => [{ name: 'mit', kind: 'wfdb', createdAt: '2026-11-22T01:00:00.000Z', sourcePath: '/data/mit', subjects: 1, recordings: 1, windows: 180, excluded: 0, fs: 256, windowSamples: 2560, overlapPercent: 0, contentHash: 'h' }],
    'datasets:label-balance': () => [{ label: 'arousal', rule: 'split at the midpoint of the observed range 1–9', buckets: [{ name: 'low (< 5)', windows: 2 }, { name: 'high (≥ 5)', windows: 2 }] }],
  })
}

async function mountWizard(): Promise<VueWrapper> {
  const router = createAppRouter(createMemoryHistory())
  await router.push('/datasets/import')
  // The chart draws on a canvas, which happy-dom lacks; it is checked in the browser journey.
  const wrapper = mount(ImportView, { global: { plugins: [router], stubs: { EcgChart: { template: '<div class="ecg-chart-stub" />' } } } })
  await flushPromises()
  return wrapper
}

function button(wrapper: VueWrapper, text: string) {
  const found = wrapper.findAll('button').find((b) => b.text() === text)
  if (found === undefined) throw new Error(`no button "${text}" in: ${wrapper.findAll('button').map((b) => b.text()).join(' | ')}`)
  return found
}

describe('import wizard', () => {
  let scripted: Scripted
  beforeEach(() => {
    scripted = backend()
    useTransport(scripted.transport)
    setActivePinia(createPinia())
  })

  it('walks format → files → preview → settings → import with cancel → import → summary', async () => {
    const wrapper = await mountWizard()
    const store = useImportStore()
    expect(button(wrapper, 'Next').attributes('disabled')).toBeDefined()
    await wrapper.find('input[value="csv"]').setValue(true)
    expect(store.kind).toBe('csv')
    await button(wrapper, 'Next').trigger('click')

    // Files: the folder picker lists through files:list and fills the path and the name.
    await button(wrapper, 'Browse…').trigger('click')
    await flushPromises()
    await wrapper.findAll('button').find((b) => b.text().includes('lab'))!.trigger('click')
    await flushPromises()
    await button(wrapper, 'Use this folder').trigger('click')
    expect(store.path).toBe('/home/me/lab')
    expect((wrapper.find('input[name="name"]').element as HTMLInputElement).value).toBe('lab')
    await button(wrapper, 'Next').trigger('click')
    await flushPromises()

    // Preview: the reader's sentence first, then the channel and the drawn ECG once a rate is given.
    expect(wrapper.find('[role="alert"]').text()).toContain('the sampling rate is not stated in the file')
    expect(button(wrapper, 'Next').attributes('disabled')).toBeDefined()
    await wrapper.find('input[name="fs"]').setValue('128')
    await wrapper.find('input[name="fs"]').trigger('change')
    await button(wrapper, 'Refresh preview').trigger('click')
    await flushPromises()
    expect(wrapper.text()).toContain('The import will use “ECG”: its name says ECG/EKG.')
    expect(wrapper.find('.ecg-chart-stub').exists()).toBe(true)
    expect(wrapper.text()).toContain('4 recordings found')
    await button(wrapper, 'Next').trigger('click')

    // Settings, then an import that is cancelled.
    await wrapper.find('input[name="overlap"]').setValue('50')
    await button(wrapper, 'Start import').trigger('click')
    await flushPromises()
    const started = scripted.calls.find((c) => c.channel === 'datasets:import')
    expect(started?.input).toEqual({ kind: 'csv', path: '/home/me/lab', name: 'lab', fs: 128, overlapPercent: 50, keepFlagged: false })
    expect(wrapper.find('[role="progressbar"]').exists()).toBe(true)
    scripted.emit('jobs:event', { type: 'progress', jobId: 'job-1', progress: { phase: 'processing', done: 20, total: 40, unit: 'seconds', message: 'S1/a.csv' } })
    await flushPromises()
    expect(wrapper.text()).toContain('Filtering and cutting windows: S1/a.csv')
    expect(wrapper.find('[role="progressbar"]').attributes('aria-valuenow')).toBe('50')
    await button(wrapper, 'Cancel').trigger('click')
    await flushPromises()
    expect(scripted.calls.at(-1)).toEqual({ channel: 'jobs:cancel', input: { jobId: 'job-1' } })
    expect(button(wrapper, 'Cancelling…').attributes('disabled')).toBeDefined()
    // Events of other jobs are not ours.
    scripted.emit('jobs:event', { type: 'done', jobId: 'job-9', report: REPORT })
    scripted.emit('jobs:event', { type: 'failed', jobId: 'job-1', message: 'The operation was cancelled.', cancelled: true })
    await flushPromises()
    expect(wrapper.text()).toContain('The import was cancelled; nothing was written.')

    // Again, to the end.
    await button(wrapper, 'Start import').trigger('click')
    await flushPromises()
    scripted.emit('jobs:event', { type: 'done', jobId: 'job-2', report: REPORT })
    await flushPromises()
    const stats = wrapper.findAll('.stat').map((s) => s.text())
    expect(stats).toEqual(['2subjects', '4recordings', '4windows of 10 s', '1excluded windows', '0.7 minof signal', '1items skipped'])
    expect(wrapper.find('.skipped').text()).toContain('S3/notes.csv')
    expect(wrapper.find('.skipped').text()).toContain("line 2, column 1: 'x' is not a number")
    expect(wrapper.findAll('.bucket').map((b) => b.findAll('span').map((s) => s.text()).filter((t) => t !== ''))).toEqual([['low (< 5)', '2'], ['high (≥ 5)', '2']])
    expect(scripted.refused).toEqual([])
  })

  it('the typed name replaces the suggestion; name, rate and overlap are checked where they are typed', async () => {
    const wrapper = await mountWizard()
    const store = useImportStore()
    store.chooseKind('csv')
    store.step = 'source'
    store.choosePath('/home/me/mit')
    await flushPromises()
    const name = wrapper.find('input[name="name"]')
    expect((name.element as HTMLInputElement).value).toBe('mit')
    // A key typed into the suggestion replaces it instead of appending ("mitx").
    const typed = new InputEvent('beforeinput', { inputType: 'insertText', data: 'x', cancelable: true, bubbles: true })
    name.element.dispatchEvent(typed)
    await flushPromises()
    expect(typed.defaultPrevented).toBe(true)
    expect(store.name).toBe('x')
    expect((name.element as HTMLInputElement).value).toBe('x')
    // Once typed, the name is the user's: another folder no longer changes it.
    store.choosePath('/home/me/other')
    expect(store.name).toBe('x')
    // A name taken (datasets:list has "mit") is refused beside the field, and Next waits.
    await name.setValue('mit')
    expect(wrapper.find('#name-problem').text()).toBe('A dataset named "mit" already exists; choose another name.')
    expect(button(wrapper, 'Next').attributes('disabled')).toBeDefined()
    await name.setValue('mit 2')
    expect(wrapper.find('#name-problem').exists()).toBe(false)
    expect(button(wrapper, 'Next').attributes('disabled')).toBeUndefined()
    // 0 Hz is a wrong rate, not "no rate": said beside the field, preview and Next held back.
    store.step = 'preview'
    await flushPromises()
    await wrapper.find('input[name="fs"]').setValue('0')
    expect(wrapper.find('#fs-problem').text()).toBe('“Sampling rate (Hz)” must be a positive number of Hz.')
    expect(button(wrapper, 'Refresh preview').attributes('disabled')).toBeDefined()
    expect(store.fs).toBeNull()
    await wrapper.find('input[name="fs"]').setValue('128')
    expect(wrapper.find('#fs-problem').exists()).toBe(false)
    expect(store.fs).toBe(128)
    // Settings: the name can still be changed, the overlap is checked, Start waits for both.
    store.step = 'options'
    await flushPromises()
    expect((wrapper.find('input[name="name"]').element as HTMLInputElement).value).toBe('mit 2')
    await wrapper.find('input[name="overlap"]').setValue('120')
    expect(wrapper.find('#overlap-problem').text()).toBe('“Window overlap, %” must be between 0 and 90 percent.')
    expect(button(wrapper, 'Start import').attributes('disabled')).toBeDefined()
    await wrapper.find('input[name="overlap"]').setValue('50')
    await wrapper.find('input[name="name"]').setValue('renamed')
    await button(wrapper, 'Start import').trigger('click')
    await flushPromises()
    expect(scripted.calls.find((c) => c.channel === 'datasets:import')?.input).toMatchObject({ name: 'renamed', fs: 128, overlapPercent: 50 })
  })

  it('shows a refused import as its sentence and stays on the settings', async () => {
    useTransport(scriptedTransport({ 'datasets:import': () => { throw new Error('A dataset named "lab" already exists; choose another name or delete the old one first.') } }).transport)
    const wrapper = await mountWizard()
    const store = useImportStore()
    store.chooseKind('wfdb')
    store.choosePath('/home/me/lab')
    store.step = 'options'
    await flushPromises()
    await button(wrapper, 'Start import').trigger('click')
    await flushPromises()
    expect(store.step).toBe('options')
    expect(wrapper.find('[role="alert"]').text()).toBe('A dataset named "lab" already exists; choose another name or delete the old one first.')
  })
})
