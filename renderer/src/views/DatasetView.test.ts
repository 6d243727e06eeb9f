// @vitest-environment happy-dom
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory, type Router } from 'vue-router'
import type { DatasetDetail } from '@contracts/datasets.js'
import { useTransport } from '../api/client.js'
import { scriptedTransport, type Scripted } from '../api/scripted-transport.test-util.js'
import { createAppRouter } from '../router.js'
import DatasetView from './DatasetView.vue'

const DETAIL: DatasetDetail = {
  name: 'lab', kind: 'csv', createdAt: '2026-11-22T01:00:00.000Z', sourcePath: '/data/lab', subjects: 2, recordings: 3, windows: 9,
  excluded: 2, fs: 256, windowSamples: 2560, overlapPercent: 0, contentHash: 'c0ffee', appVersion: '0.4.0',
  preprocessing: { targetFs: 256, highpassHz: 0.8, windowSeconds: 10 }, labelNames: ['arousal'], labelScales: {}, labelRanges: { arousal: { min: 1, max: 9 } },
  notes: ['the sampling rate of 1 file was derived from its time column (median time step); enter the rate in “Sampling rate (Hz)” if that is wrong.'],
  skipped: [{ item: 'S3/notes.csv', reason: 'shorter than one 10 s window (7.2 s)' }], durationS: 95, options: { fs: 256 },
  perSubject: [{ subject: 'S1', recordings: 2, windows: 6, excluded: 2, flagged: 2 }, { subject: 'S2', recordings: 1, windows: 3, excluded: 0, flagged: 0 }],
  sources: [{ path: 'S1/a.csv', bytes: 2048, sha256: 'ab'.repeat(32) }],
}

describe('a dataset\'s own page', () => {
  let scripted: Scripted
  let router: Router
  let names: string[]

  beforeEach(async () => {
    names = ['lab', 'other']
    scripted = scriptedTransport({
      'datasets:list': () => names.map((name) => ({ ...DETAIL, name })),
      'datasets:get': (input) => ({ ...DETAIL, name: input.name }),
      'datasets:label-balance': () => [{ label: 'arousal', rule: 'split at the midpoint of the observed range 1–9', buckets: [{ name: 'low (< 5)', windows: 4 }, { name: 'high (≥ 5)', windows: 5 }] }],
      'datasets:rename': (input) => {
        names = names.map((n) => (n === input.name ? String(input.newName) : n))
        return { dataset: input.newName, previous: input.name, runs: 1 }
      },
      'datasets:delete': (input) => {
        names = names.filter((n) => n !== input.name)
        return { dataset: input.name, deleted: true, windows: 9 }
      },
    })
    useTransport(scripted.transport)
    setActivePinia(createPinia())
    router = createAppRouter(createMemoryHistory())
    await router.push('/datasets/lab')
  })

  async function mountPage(): Promise<VueWrapper> {
    const wrapper = mount(DatasetView, { props: { name: 'lab' }, global: { plugins: [router] } })
    await flushPromises()
    return wrapper
  }

  it('is reached from the datasets list by the dataset\'s name', () => {
    expect(router.resolve({ name: 'dataset', params: { name: 'my study' } }).path).toBe('/datasets/my%20study')
    expect(router.resolve('/datasets/lab').name).toBe('dataset')
    expect(router.resolve('/datasets/import').name).toBe('import')
  })

  it('shows counts, label balance, subjects with flagged windows, skipped items, notes and provenance', async () => {
    const wrapper = await mountPage()
    expect(wrapper.findAll('.stat').map((s) => s.text())).toEqual(['2subjects', '3recordings', '9windows of 10 s', '2excluded windows', '2flagged windows', '1.6 minof signal'])
    expect(wrapper.findAll('.bucket').map((b) => b.text())).toEqual(['low (< 5)4', 'high (≥ 5)5'])
    expect(wrapper.findAll('.subjects tbody tr').map((r) => r.findAll('td').map((td) => td.text()))).toEqual([['S1', '2', '6', '2', '2'], ['S2', '1', '3', '0', '0']])
    expect(wrapper.find('.skipped').text()).toContain('shorter than one 10 s window (7.2 s)')
    expect(wrapper.find('.notes').text()).toContain('if that is wrong')
    const provenance = wrapper.find('.provenance').text()
    for (const fact of ['0.4.0', 'c0ffee', 'Baseline high-pass edge', '0.8 Hz', 'S1/a.csv', '2.0 kB', 'ab'.repeat(32)]) expect(provenance).toContain(fact)
  })

  it('renames after checking the new name as it is typed, and follows the dataset to its new address', async () => {
    const wrapper = await mountPage()
    await wrapper.findAll('button').find((b) => b.text() === 'Rename')!.trigger('click')
    const input = wrapper.find('input[name="new-name"]')
    await input.setValue('other')
    expect(wrapper.find('#new-name-problem').text()).toBe('A dataset named "other" already exists; choose another name.')
    expect(wrapper.find('button[type="submit"]').attributes('disabled')).toBeDefined()
    await input.setValue('   ')
    expect(wrapper.find('#new-name-problem').text()).toBe('“Dataset name” must not be empty.')
    await input.setValue('lab 2')
    expect(wrapper.find('#new-name-problem').exists()).toBe(false)
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(scripted.calls.find((c) => c.channel === 'datasets:rename')?.input).toEqual({ name: 'lab', newName: 'lab 2' })
    expect(router.currentRoute.value.params.name).toBe('lab 2')
  })

  it('deletes only after a confirmation that stays in the page, then returns to the list', async () => {
    const wrapper = await mountPage()
    await wrapper.findAll('button').find((b) => b.text() === 'Delete')!.trigger('click')
    expect(scripted.calls.some((c) => c.channel === 'datasets:delete')).toBe(false)
    const dialog = wrapper.find('[role="alertdialog"]')
    expect(dialog.text()).toContain('Delete “lab”?')
    await dialog.findAll('button').find((b) => b.text() === 'Delete dataset')!.trigger('click')
    await flushPromises()
    expect(scripted.calls.filter((c) => c.channel === 'datasets:delete')).toEqual([{ channel: 'datasets:delete', input: { name: 'lab' } }])
    expect(router.currentRoute.value.path).toBe('/datasets')
  })
})
