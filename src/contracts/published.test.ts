import { describe, expect, it } from 'vitest'
import { DATASET_KIND_INFO } from './dataset-kinds.js'
import { isPaperSetting, LOST_PUBLISHED, paperCell, paperSettingKey, PUBLISHED_RESULTS, publishedFor, runDatasetKinds, type PaperSettingKey } from './published.js'

const row = (over: Partial<PaperSettingKey> = {}): PaperSettingKey =>
  ({ dataset: 'amigos', task: 'arousal', protocol: 'window-kfold', method: 'transfer', variant: 'full', block: 3, fraction: 1, ...over })

describe('published numbers', () => {
  it('finds METHOD §7 values by kind or name, case-insensitively, and nothing for other data', () => {
    expect(publishedFor('amigos', 'arousal')).toMatchObject({ accuracy: 0.858, f1: 0.851 })
    expect(publishedFor('AMIGOS', 'Valence')).toMatchObject({ accuracy: 0.84, f1: 0.837 })
    expect(publishedFor('SWELL-KW', 'condition')).toMatchObject({ accuracy: 0.96, f1: null, paperTask: 'stress' })
    expect(publishedFor('swell', 'arousal')?.accuracy).toBe(0.963)
    expect(publishedFor('swell', 'valence')?.accuracy).toBe(0.958)
    expect(publishedFor('dreamer', 'arousal')).toBeUndefined()
    expect(publishedFor('amigos', 'stress')).toBeUndefined()
  })

  it('maps SWELL\u2019s published stress accuracy to the 3-class condition (or the code\u2019s block) task, never to the self-rated stress score', () => {
    expect(publishedFor('swell', 'stress')).toBeUndefined()
    expect(publishedFor('swell', 'block')?.accuracy).toBe(0.96)
    expect(PUBLISHED_RESULTS.some((p) => p.kind === 'swell' && p.tasks.includes('stress'))).toBe(false)
    const stress = paperCell(row({ dataset: 'my swell', task: 'stress' }), 'swell')
    expect(stress.published).toBeUndefined()
    expect(stress.why).toContain('self-rated Stress score')
    expect(stress.why).toContain('\u2018condition\u2019')
    expect(paperCell(row({ dataset: 'my swell', task: 'condition' }), 'swell').published?.accuracy).toBe(0.96)
  })

  it('uses the paper\u2019s setting alone: 10-fold over windows, all labels, block 3, full pretext model or the supervised baseline', () => {
    expect(isPaperSetting(row())).toBe(true)
    expect(isPaperSetting(row({ method: 'baseline', variant: 'none' }))).toBe(true)
    expect(paperSettingKey('amigos', 'arousal')).toEqual(row())
    expect(isPaperSetting(paperSettingKey('swell', 'condition', 'baseline'))).toBe(true)
    for (const other of [{ protocol: 'subject-kfold' }, { protocol: 'loso' }, { method: 'fine-tune' }, { fraction: 0.5 }, { block: 2 }, { variant: 'without noise' }] as const) {
      expect(isPaperSetting(row(other))).toBe(false)
      expect(paperCell(row(other), 'amigos').published).toBeUndefined()
    }
  })

  it('says which of dataset, task, method, protocol, fraction, block and pretext model differs', () => {
    const cases: Array<[Partial<PaperSettingKey>, string | undefined, string]> = [
      [{}, 'csv', 'other dataset'],
      [{ dataset: 'dreamer' }, undefined, 'other dataset'],
      [{ task: 'dominance' }, 'amigos', 'other task'],
      [{ method: 'fine-tune' }, 'amigos', 'fine-tuned'],
      [{ protocol: 'loso' }, 'amigos', 'other protocol'],
      [{ fraction: 0.1 }, 'amigos', 'not all labels'],
      [{ block: 1 }, 'amigos', 'block 1'],
      [{ variant: 'without flip' }, 'amigos', 'ablation'],
      [{ protocol: 'subject-kfold', fraction: 0.2, block: 2 }, 'amigos', 'other protocol, not all labels, block 2'],
    ]
    for (const [over, kind, short] of cases) {
      const cell = paperCell(row(over), kind)
      expect(cell.published).toBeUndefined()
      expect(cell.short).toBe(short)
      expect(cell.why).toMatch(/^No published number for this setting: .+\.$/)
    }
    expect(paperCell(row({ protocol: 'loso' }), 'amigos').why).toContain('10-fold cross-validation over windows')
  })

  it('puts no supervised number the source text lost beside the baseline rows of the paper\u2019s setting, and says it was lost', () => {
    // METHOD §7 keeps no AMIGOS "CNN w/o self-sup." numbers, and SWELL's two (0.984, 0.957) without their tasks.
    expect(PUBLISHED_RESULTS.filter((p) => p.method === 'baseline')).toEqual([])
    const amigos = paperCell(row({ method: 'baseline', variant: 'none' }), 'amigos')
    expect(amigos.published).toBeUndefined()
    expect(amigos.short).toBe('lost in the source')
    expect(amigos.why).toContain(LOST_PUBLISHED.amigos?.baseline)
    for (const task of ['condition', 'arousal', 'valence']) {
      const swell = paperCell(row({ dataset: 'SWELL', task, method: 'baseline', variant: 'none' }), undefined)
      expect(swell.published).toBeUndefined()
      expect(swell.why).toMatch(/^No published number for this row, though it is the paper.s setting: .*0\.984 and 0\.957 but not which tasks/)
    }
    // a baseline row outside the paper's setting says so, not that the number was lost
    expect(paperCell(row({ method: 'baseline', variant: 'none', protocol: 'loso' }), 'amigos').short).toBe('other protocol')
  })

  it('matches by kind, not name: a csv import called AMIGOS gets none, a dataset of unknown kind is matched by name', () => {
    expect(paperCell(row({ dataset: 'AMIGOS' }), 'csv').published).toBeUndefined()
    expect(paperCell(row({ dataset: 'AMIGOS' }), undefined).published?.accuracy).toBe(0.858)
    expect(paperCell(row({ dataset: 'whatever' }), 'amigos').published?.accuracy).toBe(0.858)
  })

  it('reports a run’s dataset that is no longer imported as of unknown kind, so its name does not bring the paper’s number', () => {
    const kinds = runDatasetKinds([{ name: 'SWELL-KW' }, { name: 'mine' }], (name) => (name === 'mine' ? 'swell' : undefined))
    expect(kinds).toEqual({ 'SWELL-KW': 'unknown', mine: 'swell' })
    const cell = paperCell(row({ dataset: 'SWELL-KW' }), kinds['SWELL-KW'])
    expect([cell.published, cell.why]).toEqual([undefined, 'No published number for this setting: the paper reports on AMIGOS and SWELL-KW only.'])
    expect(paperCell(row({ dataset: 'mine' }), kinds.mine).published?.accuracy).toBe(0.963)
  })

  it('names the user\u2019s dataset kinds by their descriptors\u2019 titles, not a copy of the names', () => {
    const { amigos, swell } = DATASET_KIND_INFO
    expect(paperCell(row(), 'csv').why).toContain(`the paper reports on ${amigos.title} and ${swell.title} only`)
    expect(paperCell(row({ task: 'dominance' }), 'amigos').why).toContain(`the paper reports arousal, valence on ${amigos.title}`)
    expect(paperCell(row({ task: 'stress' }), 'swell').why).toContain(`this ${swell.title} \u2018stress\u2019`)
  })
})
