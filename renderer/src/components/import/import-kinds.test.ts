// @vitest-environment happy-dom
// The wizard's kind facts come from the descriptors in src/contracts/dataset-kinds.ts: the kinds
// offered, their titles and sentences, folder or file, whether a labels file can be given and
// whether the dataset brings its own labels.
import { DATASET_KIND_INFO, DATASET_KIND_LIST } from '@contracts/dataset-kinds.js'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { useTransport } from '../../api/client.js'
import { scriptedTransport } from '../../api/scripted-transport.test-util.js'
import { useImportStore } from '../../stores/import.js'
import StepFormat from './StepFormat.vue'
import StepOptions from './StepOptions.vue'
import StepPreview from './StepPreview.vue'
import StepSource from './StepSource.vue'

describe('the import wizard reads the dataset kinds', () => {
  beforeEach(() => {
    useTransport(scriptedTransport({
      'datasets:list': () => [],
      'datasets:preview-channels': (input) => ({ kind: input.kind, file: '/data/a', channels: [{ index: 0, name: 'ECG', unit: 'mV', fs: 500, sampleCount: 5000 }], chosen: { index: 0, name: 'ECG', why: 'its name says ECG/EKG' }, problem: null }),
      'datasets:preview-signal': () => ({ subject: 'S1', trial: 'a', channel: 'ECG', fs: 500, samples: new Float32Array(500), recordings: 1, durationS: 10 }),
    }).transport)
    setActivePinia(createPinia())
  })

  it('offers every kind, in the descriptors\' order, with its title and sentence', () => {
    const wrapper = mount(StepFormat)
    const offered = wrapper.findAll('input[type="radio"]').map((r) => (r.element as HTMLInputElement).value)
    expect(offered).toEqual(DATASET_KIND_LIST.map((d) => d.kind))
    const labels = wrapper.findAll('label.kind').map((l) => l.text())
    DATASET_KIND_LIST.forEach((d, i) => {
      expect(labels[i]).toContain(d.title)
      expect(labels[i]).toContain(d.what)
    })
  })

  it('asks for a file or a folder, and for a labels file, as the kind says', async () => {
    const wizard = useImportStore()
    wizard.chooseKind('dreamer')
    const wrapper = mount(StepSource)
    await flushPromises()
    expect(wrapper.text()).toContain(DATASET_KIND_INFO.dreamer.what)
    expect(wrapper.text()).toContain('Data file')
    expect(wrapper.find('input[name="labels"]').exists()).toBe(false)
    wizard.chooseKind('swell')
    await flushPromises()
    expect(wrapper.text()).toContain('Data folder')
    expect(wrapper.find('input[name="labels"]').exists()).toBe(true)
  })

  it('says where the labels come from when no labels file is given', async () => {
    const wizard = useImportStore()
    wizard.chooseKind('amigos')
    const wrapper = mount(StepOptions)
    await flushPromises()
    expect(wrapper.text()).toContain('AMIGOS')
    expect(wrapper.text()).toContain('from the dataset itself')
    wizard.chooseKind('edf')
    await flushPromises()
    expect(wrapper.text()).toContain('EDF / EDF+')
    expect(wrapper.text()).toContain('none given (windows are stored without labels)')
  })

  it('offers the sampling rate field for kinds whose files may not state it', async () => {
    const wizard = useImportStore()
    const stubs = { EcgChart: { template: '<div />' } }
    wizard.chooseKind('wfdb')
    wizard.choosePath('/data/a')
    const stated = mount(StepPreview, { global: { stubs } })
    await flushPromises()
    expect(stated.find('input[name="fs"]').exists()).toBe(false)
    stated.unmount()
    wizard.chooseKind('csv')
    wizard.choosePath('/data/a')
    const table = mount(StepPreview, { global: { stubs } })
    await flushPromises()
    expect(table.find('input[name="fs"]').exists()).toBe(true)
  })
})
