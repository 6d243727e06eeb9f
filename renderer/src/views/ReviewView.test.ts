// @vitest-environment happy-dom
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { WINDOW_FLAGS } from '@contracts/datasets.js'
import { useTransport } from '../api/client.js'
import { fixtureBackend, type FixtureBackend } from '../components/review/review-fixture.test-util.js'
import { useReviewStore } from '../stores/review.js'
import ReviewView from './ReviewView.vue'

let backend: FixtureBackend
let wrapper: VueWrapper | undefined

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
  backend = fixtureBackend()
  useTransport(backend.transport)
})
afterEach(() => wrapper?.unmount())

function press(key: string, target: EventTarget = window): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }))
}

async function mountReady(): Promise<ReturnType<typeof useReviewStore>> {
  // ECharts needs a canvas, which happy-dom does not draw; the charts get the store's data.
  wrapper = mount(ReviewView, { attachTo: document.body, global: { stubs: { EChart: true, RouterLink: true } } })
  const store = useReviewStore()
  await vi.waitFor(() => expect(store.current).not.toBeNull())
  await flushPromises()
  return store
}

const flagCalls = (): unknown[] => backend.calls.filter((c) => c.channel === 'windows:flag').map((c) => c.input)

describe('ReviewView', () => {
  it('shows the window with heart rate, beats and labels', async () => {
    await mountReady()
    expect(wrapper!.text()).toContain('Window 0')
    expect(wrapper!.text()).toContain('1 of 6')
    expect(wrapper!.find('[data-hr]').text()).toBe('HR 60 bpm')
    expect(wrapper!.text()).toContain('10 beats')
    expect(wrapper!.find('.labels').text()).toContain('arousal')
    expect(wrapper!.find('[data-tune-link]').attributes('to')).toBeDefined()
  })

  it('asks for the annotator once, then flags, clears and moves with the keyboard', async () => {
    const store = await mountReady()
    expect(wrapper!.findAll('button[data-flag]').every((b) => b.attributes('disabled') !== undefined)).toBe(true)
    press('1')
    await flushPromises()
    expect(flagCalls()).toEqual([])

    await wrapper!.find('[data-annotator-input]').setValue('Grace')
    await wrapper!.find('form.annotator').trigger('submit')
    expect(wrapper!.find('[data-annotator]').text()).toBe('Annotator: Grace')
    expect(localStorage.getItem('ecg-ssl.annotator')).toBe('Grace')

    press('3')
    await vi.waitFor(() => expect(backend.flags.get(0)).toBe('artifact'))
    await flushPromises()
    expect(wrapper!.find('button[data-flag="artifact"]').attributes('aria-pressed')).toBe('true')
    expect(wrapper!.text()).toMatch(/artifact by Grace/)

    press('j')
    press('ArrowRight')
    await vi.waitFor(() => expect(store.current?.info.index).toBe(2))
    press('2')
    await vi.waitFor(() => expect(backend.flags.get(2)).toBe('noisy'))
    press('K')
    press('ArrowLeft')
    await vi.waitFor(() => expect(store.current?.info.index).toBe(0))
    press('Backspace')
    await vi.waitFor(() => expect(backend.flags.has(0)).toBe(false))
    press('4')
    press('0')
    await vi.waitFor(() => expect(flagCalls()).toHaveLength(5))
    expect(flagCalls().map((c) => (c as { flag: unknown }).flag)).toEqual(['artifact', 'noisy', null, 'unusable', null])
    expect(flagCalls().every((c) => (c as { annotator: string }).annotator === 'Grace')).toBe(true)
    await flushPromises()
    expect(wrapper!.text()).toMatch(/cleared by Grace/)
  })

  it('leaves keys typed into a filter field alone, and flags by button', async () => {
    localStorage.setItem('ecg-ssl.annotator', 'Alan')
    const store = await mountReady()
    press('4', wrapper!.find('[data-filter="trial"]').element)
    press('j', wrapper!.find('[data-filter="trial"]').element)
    await flushPromises()
    expect(flagCalls()).toEqual([])
    expect(store.current?.info.index).toBe(0)
    await wrapper!.find('button[data-flag="unusable"]').trigger('click')
    await vi.waitFor(() => expect(backend.flags.get(0)).toBe('unusable'))
  })

  it('filters by flag and subject from the form and says when nothing matches', async () => {
    localStorage.setItem('ecg-ssl.annotator', 'Alan')
    backend.flags.set(4, 'noisy')
    const store = await mountReady()
    // the flag filter offers every flag the store keeps, and the unflagged windows
    expect(wrapper!.findAll('[data-filter="flag"] option').map((o) => o.attributes('value'))).toEqual(['', 'unreviewed', ...WINDOW_FLAGS])
    await wrapper!.find('[data-filter="flag"]').setValue('noisy')
    await vi.waitFor(() => expect(store.current?.info.index).toBe(4))
    await flushPromises()
    expect(wrapper!.text()).toContain('1 of 1')
    await wrapper!.find('[data-filter="subject"]').setValue('S01')
    await vi.waitFor(() => expect(wrapper!.text()).toContain('No windows match these filters'))
    const last = backend.calls.filter((c) => c.channel === 'windows:page').at(-1)
    expect(last?.input).toMatchObject({ name: 'demo', flag: 'noisy', subject: 'S01' })
  })

  it('draws doubtful beats as uncertain, says how far the beat-to-beat rate jumps, and flags it in one key', async () => {
    localStorage.setItem('ecg-ssl.annotator', 'Alan')
    const store = await mountReady()
    expect(wrapper!.find('[data-beat-warning]').exists()).toBe(false)
    expect(wrapper!.find('[data-beats]').text()).toBe('10 beats')
    await store.goTo(4)
    await flushPromises()
    const warning = wrapper!.find('[data-beat-warning]')
    expect(warning.text()).toContain('Beat-to-beat rate jumps from 44 to 126 bpm: check the R peaks or the signal.')
    expect(warning.text()).toContain('2 noisy, 3 artifact or 4 unusable.')
    expect(wrapper!.find('[data-beats]').text()).toBe('10 beats, 1 uncertain')
    expect(wrapper!.find('[data-beat-legend]').text()).toContain('uncertain beat: its RR interval does not fit its neighbours (1)')
    press('2')
    await vi.waitFor(() => expect(backend.flags.get(4)).toBe('noisy'))
  })

  it('comes back after a reload at the same dataset, filters and window', async () => {
    localStorage.setItem('ecg-ssl.annotator', 'Alan')
    const store = await mountReady()
    await wrapper!.find('[data-filter="subject"]').setValue('S02')
    await vi.waitFor(() => expect(store.current?.info.index).toBe(3))
    press('j')
    await vi.waitFor(() => expect(store.current?.info.index).toBe(4))
    wrapper!.unmount()
    wrapper = undefined

    // a reload: a new page, a new store, the same localStorage
    setActivePinia(createPinia())
    const again = await mountReady()
    expect(again.dataset).toBe('demo')
    expect(again.filters.subject).toBe('S02')
    expect(again.current?.info.index).toBe(4)
    expect(again.position).toBe(1)
    expect(wrapper!.text()).toContain('2 of 3')
    expect((wrapper!.find('[data-filter="subject"]').element as HTMLSelectElement).value).toBe('S02')
  })

  it('starts at the first window when the remembered place is damaged or names a dataset that is gone', async () => {
    localStorage.setItem('ecg-ssl.review.place', '{"dataset":"demo","filters":{"subject":7}')
    expect((await mountReady()).current?.info.index).toBe(0)
    wrapper!.unmount()
    localStorage.setItem('ecg-ssl.review.place', JSON.stringify({ dataset: 'gone', filters: { subject: 'S02', trial: '', labelKey: '', labelValue: '', flag: '' }, position: 1, index: 4 }))
    setActivePinia(createPinia())
    const store = await mountReady()
    expect(store.current?.info.index).toBe(0)
    expect(store.filters.subject).toBe('')
  })
})
