import { describe, expect, it } from 'vitest'
import { VARIANT_NAMES } from '../transforms/transforms.js'
import { errorBarOffset, errorBarRenderer, fractionYRange, mainModelRows, type ModelRowKey } from './figures.js'
import { PRETEXT_TASK_NAMES, pretextTaskLabel } from './runs.js'

describe('shared figure pieces', () => {
  it('draws an error bar from mean − sd to mean + sd with 8-pixel caps, nudged sideways', () => {
    // A y axis where value v sits at pixel 100 − 100·v, x at 10 px per unit.
    const api = { value: (d: number) => [0.5, 0.6, 0.8][d], coord: ([x, y]: number[]) => [x! * 10, 100 - y! * 100] }
    const bar = errorBarRenderer(3, '#123456', 1.2)(null, api)
    const [stem, low, high] = bar.children.map((c) => c.shape)
    expect(stem).toEqual({ x1: 8, y1: 40, x2: 8, y2: 20 })
    expect(low).toEqual({ x1: 4, y1: 40, x2: 12, y2: 40 })
    expect(high).toEqual({ x1: 4, y1: 20, x2: 12, y2: 20 })
    expect(bar.children[0]!.style).toEqual({ stroke: '#123456', lineWidth: 1.2 })
    expect([0, 1, 2].map((i) => errorBarOffset(i, 3))).toEqual([-6, 0, 6])
  })

  it('gives the label-fraction panels one y range on tenths holding every bar and mark drawn', () => {
    const bars = [{ mean: 0.72, sd: 0.03 }, { mean: 0.81, sd: 0.05 }]
    expect(fractionYRange(bars, [])).toEqual({ min: 0.6, max: 0.9 })
    // a published number above every bar, a chance line below, a missing F1 and an unknown chance left out
    expect(fractionYRange(bars, [0.96, null, 0.5, Number.NaN, undefined])).toEqual({ min: 0.5, max: 1 })
    // a model worse than chance: the chance line still falls inside the panel
    expect(fractionYRange([{ mean: 0.3, sd: 0.02 }], [0.55])).toEqual({ min: 0.2, max: 0.6 })
    // clamped to [0, 1]; nothing to show, or nothing but one tenth: the whole [0, 1]
    expect(fractionYRange([{ mean: 0.05, sd: 0.2 }, { mean: 0.95, sd: 0.2 }], [])).toEqual({ min: 0, max: 1 })
    expect(fractionYRange([], [])).toEqual({ min: 0, max: 1 })
    expect(fractionYRange([{ mean: 0.5, sd: 0 }], [])).toEqual({ min: 0, max: 1 })
  })

  it('names the pretext tasks once: the config spelling, and the printed one the preview and figures use', () => {
    expect(PRETEXT_TASK_NAMES.map(pretextTaskLabel)).toEqual(['original', 'noise', 'scale', 'negate', 'flip', 'permute', 'time-warp'])
    expect(VARIANT_NAMES).toEqual(PRETEXT_TASK_NAMES.map(pretextTaskLabel))
  })

  it('keeps the run\u2019s own pretext model at block 3 and the baseline: "full", else the config\u2019s "without …" model', () => {
    const r = (method: ModelRowKey['method'], variant: string, block = 3): ModelRowKey => ({ method, variant, block })
    const run = [r('transfer', 'full'), r('transfer', 'full', 2), r('transfer', 'without flip'), r('fine-tune', 'full'), r('baseline', 'none')]
    expect(mainModelRows(run)).toEqual([r('transfer', 'full'), r('fine-tune', 'full'), r('baseline', 'none')])
    // a config that drops noise itself trains "without noise" as its model; its ablation drops one more
    const dropping = [r('transfer', 'without noise'), r('transfer', 'without noise, flip'), r('baseline', 'none')]
    expect(mainModelRows(dropping)).toEqual([r('transfer', 'without noise'), r('baseline', 'none')])
  })
})
