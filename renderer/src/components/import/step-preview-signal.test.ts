// @vitest-environment happy-dom
// The Preview step says when the seconds it draws hold no signal (NaN: a WFDB null segment, a gap),
// so a blank chart is not mistaken for a drawing fault or a flat lead.
import { describe, expect, it } from 'vitest'
import { mountPreviewStep } from './step-preview.test-util.js'

const previewOf = (samples: Float32Array): ReturnType<typeof mountPreviewStep> => mountPreviewStep({ samples })

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
