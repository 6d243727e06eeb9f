import { describe, expect, it } from 'vitest'
import { sharedData } from '../../../tests/helpers/shared-data.js'
import { InputError } from '../../common/input-error.js'
import { isBeatAnnotation, parseWfdbAnnotations, readWfdbAnnotations } from './annotations.js'

describe('readWfdbAnnotations on MIT-BIH record 100', () => {
  it('reads the 2273 beats (2239 N, 33 A, 1 V) and the rhythm annotation with its aux text', async () => {
    const all = await readWfdbAnnotations(sharedData('wfdb/mitdb_100/100.atr'))
    expect(all).toHaveLength(2274)
    expect(all[0]).toMatchObject({ sample: 18, symbol: '+', aux: '(N' })
    const beats = all.filter(isBeatAnnotation)
    expect(beats).toHaveLength(2273)
    expect(beats.slice(0, 4).map((b) => b.sample)).toEqual([77, 370, 662, 946])
    const counts: Record<string, number> = {}
    for (const b of beats) counts[b.symbol] = (counts[b.symbol] ?? 0) + 1
    expect(counts).toEqual({ N: 2239, A: 33, V: 1 })
    expect(beats[beats.length - 1]!.sample).toBe(649991)
    // samples ascend
    expect(all.every((a, k) => k === 0 || a.sample >= all[k - 1]!.sample)).toBe(true)
  })
})

describe('parseWfdbAnnotations', () => {
  const words = (...w: number[]): Uint8Array => new Uint8Array(Uint16Array.from(w).buffer)

  it('applies SKIP intervals (high word first), SUB and NUM modifiers, and odd-length AUX padding', () => {
    const N = 1 << 10
    const SKIP = 59 << 10
    const bytes = words(
      N | 10, // N at 10
      SKIP, 0x0001, 0x0000, // skip 65536
      N | 5, // N at 10 + 65536 + 5
      (61 << 10) | 2, // SUB 2 for it
      (60 << 10) | 1023, // NUM −1 from here on
      (63 << 10) | 1, 0x0041, // AUX "A" (1 byte, padded)
      (5 << 10) | 100, // V
      0,
    )
    const a = parseWfdbAnnotations(bytes, 'x.atr')
    expect(a.map((x) => [x.sample, x.symbol, x.subtype, x.num, x.aux])).toEqual([
      [10, 'N', 0, 0, ''],
      [65551, 'N', 2, -1, 'A'],
      [65651, 'V', 0, -1, ''],
    ])
  })

  it('rejects a stream cut short with one sentence naming the file', () => {
    expect(() => parseWfdbAnnotations(words(1 << 10).subarray(0, 2), 'cut.atr')).toThrow(InputError)
    expect(() => parseWfdbAnnotations(words(1 << 10).subarray(0, 2), 'cut.atr')).toThrow(/cut\.atr: The annotation file ends in the middle/)
    expect(() => parseWfdbAnnotations(words((63 << 10) | 8), 'aux.atr')).toThrow(/truncated/)
  })

  it('says when the file cannot be read', async () => {
    await expect(readWfdbAnnotations('/no/such/file.atr')).rejects.toThrow(/Cannot read the annotation file/)
  })
})
