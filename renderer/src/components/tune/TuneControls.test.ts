// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { PAPER_TRANSFORMS, TRANSFORM_PARAM_SPECS, transformParamHint } from '@contracts/transform-params.js'
import TuneControls from './TuneControls.vue'

describe('TuneControls', () => {
  it('draws one slider per parameter with the table\'s range, step, name and hint', () => {
    const w = mount(TuneControls, { props: { params: { ...PAPER_TRANSFORMS }, seed: 1 } })
    const sliders = w.findAll('input[type="range"]')
    expect(sliders.map((s) => s.attributes('data-param'))).toEqual(TRANSFORM_PARAM_SPECS.map((s) => s.key))
    for (const s of TRANSFORM_PARAM_SPECS) {
      const slider = w.find(`input[type="range"][data-param="${s.key}"]`)
      expect([slider.attributes('min'), slider.attributes('max'), slider.attributes('step')]).toEqual([String(s.min), String(s.max), String(s.step)])
      expect(slider.attributes('aria-label')).toBe(s.label)
      expect((slider.element as HTMLInputElement).value).toBe(String(s.paper))
      expect(w.text()).toContain(transformParamHint(s))
    }
  })
})
