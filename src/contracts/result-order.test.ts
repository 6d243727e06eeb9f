import { describe, expect, it } from 'vitest'
import { resultRowOrder, type ConfigOrder } from './result-order.js'
import type { ResultKey } from './runs.js'

const key = (over: Partial<ResultKey>): ResultKey => ({ dataset: 'a', task: 't', protocol: 'window-kfold', method: 'transfer', variant: 'full', block: 3, fraction: 1, ...over })
const order = (rows: ResultKey[], datasets?: ConfigOrder): string[] =>
  [...rows].sort(resultRowOrder(datasets)).map((r) => [r.dataset, r.task, r.protocol, r.method, r.variant, r.block, r.fraction].join(' '))

describe('the reading order of result rows', () => {
  it('follows the config\u2019s datasets and tasks, else the alphabet', () => {
    const rows = [key({ dataset: 'amigos', task: 'valence' }), key({ dataset: 'swell', task: 'condition' }), key({ dataset: 'amigos', task: 'arousal' })]
    expect(order(rows)).toEqual(['amigos arousal window-kfold transfer full 3 1', 'amigos valence window-kfold transfer full 3 1', 'swell condition window-kfold transfer full 3 1'])
    const config = [{ name: 'swell', tasks: [{ label: 'condition' }] }, { name: 'amigos', tasks: [{ label: 'valence' }, { label: 'arousal' }] }]
    expect(order(rows, config)).toEqual(['swell condition window-kfold transfer full 3 1', 'amigos valence window-kfold transfer full 3 1', 'amigos arousal window-kfold transfer full 3 1'])
  })

  it('then protocol and method in their contracts\u2019 order, the full model first, block 3 first, the largest fraction first', () => {
    const rows = [
      key({ method: 'baseline', variant: 'none' }), key({ protocol: 'loso' }), key({ variant: 'without flip' }), key({ block: 2 }),
      key({ fraction: 0.1 }), key({ method: 'fine-tune' }), key({}),
    ]
    expect(order(rows)).toEqual([
      'a t window-kfold transfer full 3 1', 'a t window-kfold transfer full 3 0.1', 'a t window-kfold transfer full 2 1',
      'a t window-kfold transfer without flip 3 1', 'a t window-kfold fine-tune full 3 1', 'a t window-kfold baseline none 3 1', 'a t loso transfer full 3 1',
    ])
  })
})
