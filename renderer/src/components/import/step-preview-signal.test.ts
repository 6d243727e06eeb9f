// @vitest-environment happy-dom
// The Preview step says when the seconds it draws hold no signal (NaN: a WFDB null segment, a gap),
// so a blank chart is not mistaken for a drawing fault or a flat lead.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { useTransport } from '../../api/client.js'
import { scriptedTransport } from '../../api/scripted-transport.test-util.js'
import { useImportStore } from '../../stores/import.js'
import StepPreview from './StepPreview.vue'

const stubs = { EcgChart: { template: '<div />' } }

async function previewOf(samples: Float32Array): Promise<ReturnType<typeof mount>> {
  useTransport(scriptedTransport({
    'datasets:list': () => [],
    'datasets:preview-channels': () => ({
      kind: 'wfdb', file: '/data/long.hea', channels: [{ index: 0, name: 'ECG', unit: 'mV', fs: 250, sampleCount: 10000 }],
      chosen: { index: 0, name: 'ECG', why: 'its name says ECG/EKG' }, problem: null,
    }),
    'datasets:preview-signal': () => ({ subject: 'long', trial: 'a', channel: 'ECG', fs: 250, samples, recordings: 1, durationS: 40 }),
  }).transport)
  setActivePinia(createPinia())
  const wizard = useImportStore()
  wizard.chooseKind('wfdb')
  wizard.choosePath('/data/long.hea')
  const wrapper = mount(StepPreview, { global: { stubs } })
  await flushPromises()
  return wrapper
}

describe('the Preview step and seconds without signal', () => {
  it('says the chart is blank because every drawn sample is missing', async () => {
    const wrapper = await previewOf(new Float32Array(2500).fill(NaN))
    expect(wrapper.find('.missing').text()).toBe('These seconds hold no signal: every sample is missing, so the chart is blank.')
  })

  it('gives the share when part of the drawn seconds is missing', async () => {
    const samples = new Float32Array(2500).fill(0.1)
    samples.fill(NaN, 0, 625)
    const wrapper = await previewOf(samples)
    expect(wrapper.find('.missing').text()).toBe('25 % of these seconds hold no signal (missing samples); the chart is blank there.')
  })

  it('says nothing when every sample is there', async () => {
    const wrapper = await previewOf(new Float32Array(2500).fill(0.1))
    expect(wrapper.find('.missing').exists()).toBe(false)
  })
})
