// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { useTransport } from '../api/client.js'
import { fixtureBackend, type FixtureBackend } from '../components/review/review-fixture.test-util.js'
import { PAPER_PRESET, useTuneStore } from '../stores/tune.js'
import { DEFAULT_SEED, PRESETS } from '@contracts/presets.js'
import TuneView from './TuneView.vue'
import VariantStack from '../components/tune/VariantStack.vue'
import { transformsFromQuery } from '../components/experiments/carried-transforms.js'

let backend: FixtureBackend

beforeEach(() => {
  setActivePinia(createPinia())
  backend = fixtureBackend()
  useTransport(backend.transport)
})

const previews = (): Record<string, unknown>[] => backend.calls.filter((c) => c.channel === 'transforms:preview').map((c) => c.input)

describe('TuneView', () => {
  it('redraws as a slider, the seed and the window change, and resets to the paper preset', async () => {
    // ECharts needs a canvas, which happy-dom does not draw; the chart gets the store's variants.
    const wrapper = mount(TuneView, { global: { stubs: { EChart: true } } })
    const store = useTuneStore()
    await vi.waitFor(() => expect(store.preview).not.toBeNull())
    await flushPromises()
    expect(wrapper.find('[data-dataset]').element).toHaveProperty('value', 'demo')
    expect(previews()).toHaveLength(1)

    await wrapper.find('[data-param="permutePieces"]').setValue('7')
    await wrapper.find('[data-seed]').setValue('99')
    await wrapper.find('[data-index]').setValue('4')
    // While the change waits for its redraw the old drawing is marked as being updated.
    await vi.waitFor(() => expect(wrapper.text()).toContain('Updating…'))
    await vi.waitFor(() => expect(store.preview?.params.permutePieces).toBe(7))
    expect(previews()).toHaveLength(2)
    expect(previews()[1]).toMatchObject({ name: 'demo', index: 4, seed: 99, params: { permutePieces: 7, noiseSnrDb: 15 } })
    await flushPromises()
    expect(wrapper.text()).toMatch(/Computed in \d+ ms/)
    expect(wrapper.find('[data-drawn]').attributes('data-drawn')).toBe('4 99 15 1.1 7 9 1.05')

    await wrapper.find('[data-reset]').trigger('click')
    expect(store.params).toEqual(PAPER_PRESET)
    await vi.waitFor(() => expect(store.preview?.params.permutePieces).toBe(20))
    wrapper.unmount()
  })

  it('starts from the presets\' seed, shares one y-axis across the seven by default, and carries its settings into a new experiment', async () => {
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/tune', component: TuneView }, { path: '/experiments', component: { template: '<p>experiments</p>' } }] })
    await router.push('/tune')
    const wrapper = mount(TuneView, { global: { plugins: [router], stubs: { EChart: true } } })
    const store = useTuneStore()
    await vi.waitFor(() => expect(store.preview).not.toBeNull())
    await flushPromises()
    // one seed default everywhere
    expect(DEFAULT_SEED).toBe(PRESETS.quick.seed)
    expect(PRESETS.sarkar2020.seed).toBe(DEFAULT_SEED)
    expect(previews()[0]).toMatchObject({ seed: DEFAULT_SEED })
    // one y-axis range for all seven rows, until unticked
    const axes = (): unknown[] => (wrapper.findComponent(VariantStack).findComponent({ name: 'EChart' }).props('option') as { yAxis: { min?: number; max?: number }[] }).yAxis.map((a) => [a.min, a.max])
    const shared = axes()
    expect(shared).toHaveLength(7)
    expect(new Set(shared.map((a) => JSON.stringify(a))).size).toBe(1)
    expect(shared[0]).not.toEqual([undefined, undefined])
    const box = wrapper.find('input[name="shared-axis"]')
    expect(box.element).toHaveProperty('checked', true)
    await box.setValue(false)
    expect(axes().every((a) => JSON.stringify(a) === '[null,null]')).toBe(true)
    // "Use these settings in a new experiment" opens Experiments with the parameters in the link
    await wrapper.find('[data-param="permutePieces"]').setValue('7')
    await vi.waitFor(() => expect(store.preview?.params.permutePieces).toBe(7))
    await wrapper.find('[data-use-settings]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/experiments')
    expect(transformsFromQuery(router.currentRoute.value.query)).toEqual({ ...PAPER_PRESET, permutePieces: 7 })
    wrapper.unmount()
  })

  it('opens the window review links to (?dataset=…&index=…) and says which window it is', async () => {
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/tune', component: TuneView }] })
    await router.push('/tune?dataset=demo&index=4')
    const wrapper = mount(TuneView, { global: { plugins: [router], stubs: { EChart: true } } })
    const store = useTuneStore()
    await vi.waitFor(() => expect(store.preview).not.toBeNull())
    await flushPromises()
    expect(store.index).toBe(4)
    expect(previews()[0]).toMatchObject({ name: 'demo', index: 4 })
    expect(wrapper.find('[data-window-info]').text()).toBe('Subject S02 · trial 1 · 10 s · arousal 2')
    wrapper.unmount()
  })

  it('keeps the window number within the dataset', async () => {
    const wrapper = mount(TuneView, { global: { stubs: { EChart: true } } })
    const store = useTuneStore()
    await vi.waitFor(() => expect(store.preview).not.toBeNull())
    await wrapper.find('[data-index]').setValue('999')
    expect(store.index).toBe(5)
    wrapper.unmount()
  })
})
