// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { epochOf } from '../results/run-fixture.test-util.js'
import PretextLastEpoch from './PretextLastEpoch.vue'

describe('PretextLastEpoch', () => {
  it('shows the latest epoch of the chosen model per task, its F1 labelled as the transformation class\u2019s', async () => {
    const epochs = [epochOf(0), epochOf(1), epochOf(0, 'without noise')]
    const w = mount(PretextLastEpoch, { props: { epochs, version: 1, variant: 'full' } })
    expect(w.find('caption').text()).toBe('After epoch 2. F1: F1 of the \u2018is this transformation\u2019 class, as the authors report. Chance accuracy 0.857: the accuracy of always answering "no" (6/7 with all six transformations).')
    expect(w.findAll('abbr').map((a) => a.attributes('title'))).toEqual(Array(2).fill('F1 of the \u2018is this transformation\u2019 class, as the authors report'))
    const rows = w.findAll('tbody tr')
    expect(rows).toHaveLength(7)
    // epochOf(1): loss 0.7 / 2 + i·0.01 (+ 0.05 held out), accuracy 0.55 (− 0.02 held out), f1 0.5
    expect(rows[6]!.findAll('td').map((td) => td.text())).toEqual(['time-warp', '0.410', '0.550', '0.500', '0.460', '0.530', '0.500'])
    await w.setProps({ variant: 'without noise' })
    expect(w.find('caption').text()).toContain('After epoch 1.')
    await w.setProps({ epochs: [] })
    expect(w.find('table').exists()).toBe(false)
  })
})
