// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, type Router } from 'vue-router'
import { importableWords } from '@contracts/dataset-kinds.js'
import type { DatasetSummary } from '@contracts/datasets.js'
import { useTransport } from '../api/client.js'
import { scriptedTransport, type Scripted } from '../api/scripted-transport.test-util.js'
import { createAppRouter } from '../router.js'
import { useDatasetsStore } from '../stores/datasets.js'
import { useImportStore } from '../stores/import.js'
import { useImportJobStore } from '../stores/import-job.js'
import DatasetsView from './DatasetsView.vue'

const lab: DatasetSummary = {
  name: 'lab', kind: 'csv', createdAt: '2026-11-22T01:00:00.000Z', sourcePath: '/data/lab', subjects: 2, recordings: 4,
  windows: 1600, excluded: 3, fs: 256, windowSamples: 2560, overlapPercent: 0, contentHash: 'h',
}

describe('datasets view', () => {
  let scripted: Scripted
  let router: Router
  let names: string[]
  let demoExists: boolean
  let demoRunRefused: boolean

  beforeEach(async () => {
    names = ['lab']
    demoExists = false
    demoRunRefused = false
    scripted = scriptedTransport({
      'datasets:list': () => names.map((name) => ({ ...lab, name })),
      'datasets:get': () => ({ ...lab, durationS: 7200 }),
      'datasets:delete': (input) => {
        names = names.filter((n) => n !== input.name)
        return { dataset: input.name, deleted: true, windows: 1600 }
      },
      'demo:start': (input) => ({ dataset: input.name, jobId: demoExists ? null : 'job-demo' }),
      'demo:run': () => {
        if (demoRunRefused) throw new Error('The demo datasets are not imported yet; press "Try with demo data" first.')
        return { runId: 3, queued: true }
      },
    })
    useTransport(scripted.transport)
    setActivePinia(createPinia())
    router = createAppRouter(createMemoryHistory())
    await router.push('/datasets')
  })

  it('lists datasets with duration and deletes one only after confirmation', async () => {
    const wrapper = mount(DatasetsView, { global: { plugins: [router] } })
    await flushPromises()
    const cells = wrapper.findAll('tbody td').map((td) => td.text())
    expect(cells.slice(1, 6)).toEqual(['CSV / text', '2', '1,600', '3', '2.0 h'])
    await wrapper.find('button[aria-label="Delete lab"]').trigger('click')
    expect(scripted.calls.some((c) => c.channel === 'datasets:delete')).toBe(false)
    expect(wrapper.text()).toContain('Delete “lab” and its 1,600 windows?')
    await wrapper.findAll('button').find((b) => b.text() === 'Keep')!.trigger('click')
    expect(wrapper.text()).not.toContain('Delete “lab” and its 1,600 windows?')
    await wrapper.find('button[aria-label="Delete lab"]').trigger('click')
    // The question sits in a row of its own under the dataset, as wide as the table.
    expect(wrapper.find('tr.confirm-row td').attributes('colspan')).toBe('8')
    await wrapper.find('[role="alertdialog"] button.solid').trigger('click')
    await flushPromises()
    expect(scripted.calls.filter((c) => c.channel === 'datasets:delete')).toEqual([{ channel: 'datasets:delete', input: { name: 'lab' } }])
    expect(wrapper.text()).toContain('No datasets yet')
    expect(wrapper.text()).toContain(`Import ${importableWords()} to begin.`)
  })

  it('starts the demo import and follows it in the wizard, or says the demo is already there', async () => {
    const wrapper = mount(DatasetsView, { global: { plugins: [router] } })
    await flushPromises()
    await wrapper.findAll('button').find((b) => b.text() === 'Try with demo data')!.trigger('click')
    // The wizard's route is loaded lazily: wait for the navigation, not a fixed number of ticks.
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/datasets/import'), { timeout: 10_000 })
    expect(useImportJobStore().jobId).toBe('job-demo')
    expect(useImportStore().step).toBe('import')

    demoExists = true
    await router.push('/datasets')
    await wrapper.findAll('button').find((b) => b.text() === 'Try with demo data')!.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/datasets')
    expect(wrapper.find('[role="status"]').text()).toBe('The demo dataset "demo" is already imported; open it in Review, run the demo experiment, or delete it to build it again.')
    expect(scripted.refused).toEqual([])
  })

  it('runs the demo experiment once both demo datasets are imported, then follows it in Experiments', async () => {
    const wrapper = mount(DatasetsView, { global: { plugins: [router] } })
    await flushPromises()
    const runButton = () => wrapper.findAll('button').find((b) => b.text() === 'Run the demo experiment')
    expect(runButton()).toBeUndefined()
    names = ['lab', 'demo', 'demo-unlabeled']
    await useDatasetsStore().refresh()
    await flushPromises()
    // a refusal stays on the page as its sentence, and the next press starts without it
    demoRunRefused = true
    await runButton()!.trigger('click')
    await flushPromises()
    expect([router.currentRoute.value.path, wrapper.find('[role="alert"]').text()]).toEqual(['/datasets', expect.stringContaining('The demo datasets are not imported yet')])
    demoRunRefused = false
    await runButton()!.trigger('click')
    expect(wrapper.text()).not.toContain('The demo datasets are not imported yet')
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/experiments'), { timeout: 10_000 })
    expect(scripted.calls.filter((c) => c.channel === 'demo:run')).toHaveLength(2)
  })
})
