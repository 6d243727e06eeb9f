// Mounts the import wizard's Preview step (StepPreview.vue) for a WFDB file, over the scripted,
// contract-checked transport, with the channel answer's warnings and the drawn samples given.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { ChannelPreview } from '@contracts/preview.js'
import { useTransport } from '../../api/client.js'
import { scriptedTransport } from '../../api/scripted-transport.test-util.js'
import { useImportStore } from '../../stores/import.js'
import StepPreview from './StepPreview.vue'

const stubs = { EcgChart: { template: '<div />' } }

export interface PreviewScene {
  /** The first file's warnings (absent from the answer when undefined). */
  warnings?: readonly string[]
  /** The samples the signal preview draws (10 s at 250 Hz of zeros by default). */
  samples?: Float32Array
}

function channelAnswer(warnings: readonly string[] | undefined): ChannelPreview {
  return {
    kind: 'wfdb', file: '/data/long.hea', channels: [{ index: 0, name: 'ECG', unit: 'mV', fs: 250, sampleCount: 10000 }],
    chosen: { index: 0, name: 'ECG', why: 'its name says ECG/EKG' }, problem: null, ...(warnings !== undefined && { warnings: [...warnings] }),
  }
}

export async function mountPreviewStep(scene: PreviewScene = {}): Promise<VueWrapper> {
  const samples = scene.samples ?? new Float32Array(2500)
  useTransport(scriptedTransport({
    'datasets:list': () => [],
    'datasets:preview-channels': () => channelAnswer(scene.warnings),
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
