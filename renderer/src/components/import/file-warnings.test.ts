// @vitest-environment happy-dom
// The Preview step shows the preview's warnings about the first file beside its channels, as a
// titled list a screen reader announces, so the researcher reads them before importing.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { mountPreviewStep } from './step-preview.test-util.js'

const NULL_SEGMENT = '1 null segment of long (10 s in all) holds no signal; there every channel is NaN and the windows that touch it are flagged.'
const CUT = 'the header declares 10 data records but the last one is incomplete (502 of 512 bytes); it was left out.'
const previewWith = (warnings: readonly string[] | undefined): ReturnType<typeof mountPreviewStep> => mountPreviewStep({ warnings })

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
