// @vitest-environment happy-dom
// The Preview step shows the preview's warnings about the first file beside its channels, as a
// titled list a screen reader announces, so the researcher reads them before importing.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { ChannelPreview } from '@contracts/preview.js'
import { useTransport } from '../../api/client.js'
import { scriptedTransport } from '../../api/scripted-transport.test-util.js'
import { useImportStore } from '../../stores/import.js'
import StepPreview from './StepPreview.vue'

const NULL_SEGMENT = '1 null segment of long (10 s in all) holds no signal; there every channel is NaN and the windows that touch it are flagged.'
const CUT = 'the header declares 10 data records but the last one is incomplete (502 of 512 bytes); it was left out.'
const stubs = { EcgChart: { template: '<div />' } }

function answer(warnings: readonly string[] | undefined): ChannelPreview {
  return {
    kind: 'wfdb', file: '/data/long.hea', channels: [{ index: 0, name: 'ECG', unit: 'mV', fs: 250, sampleCount: 10000 }],
    chosen: { index: 0, name: 'ECG', why: 'its name says ECG/EKG' }, problem: null, ...(warnings !== undefined && { warnings: [...warnings] }),
  }
}

async function previewWith(warnings: readonly string[] | undefined): Promise<ReturnType<typeof mount>> {
  useTransport(scriptedTransport({
    'datasets:list': () => [],
    'datasets:preview-channels': () => answer(warnings),
    'datasets:preview-signal': () => ({ subject: 'long', trial: 'a', channel: 'ECG', fs: 250, samples: new Float32Array(2500), recordings: 1, durationS: 40 }),
  }).transport)
  setActivePinia(createPinia())
  const wizard = useImportStore()
  wizard.chooseKind('wfdb')
  wizard.choosePath('/data/long.hea')
  const wrapper = mount(StepPreview, { global: { stubs } })
  await flushPromises()
  return wrapper
}

describe('the Preview step shows the file\'s warnings', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('lists each warning under a title that names the list, beside the channel table', async () => {
    const wrapper = await previewWith([NULL_SEGMENT, CUT])
    const notice = wrapper.find('[data-file-warnings]')
    expect(notice.exists()).toBe(true)
    expect(notice.classes()).toEqual(expect.arrayContaining(['note', 'warn']))
    expect(notice.attributes('role')).toBe('status')
    const title = notice.find('h2')
    expect(title.text()).toBe('2 warnings about this file')
    expect(notice.attributes('aria-labelledby')).toBe(title.attributes('id'))
    expect(notice.findAll('li').map((li) => li.text())).toEqual([NULL_SEGMENT, CUT])
    // Beside the channels: in the same block as the table, before the channel sentence.
    expect(wrapper.find('.channel-facts [data-file-warnings]').exists()).toBe(true)
    expect(wrapper.find('.channel-facts table.channels').exists()).toBe(true)
  })

  it('says "a warning" for one, and shows no notice when the file has none', async () => {
    const one = await previewWith([CUT])
    expect(one.find('[data-file-warnings] h2').text()).toBe('A warning about this file')
    one.unmount()
    const none = await previewWith(undefined)
    expect(none.find('table.channels').exists()).toBe(true)
    expect(none.find('[data-file-warnings]').exists()).toBe(false)
  })
})
