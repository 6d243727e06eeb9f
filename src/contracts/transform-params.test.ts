import { describe, expect, it } from 'vitest'
import { resolveTransformParams } from '../transforms/transforms.js'
import { PRESETS } from './presets.js'
import { TransformParamsInput } from './review.js'
import { TransformConfig } from './runs.js'
import { PAPER_TRANSFORMS, TRANSFORM_PARAM_SPECS, transformParamProblem, type TransformParamSpec } from './transform-params.js'

/** Values just inside and just outside the table's range of `s` (and a fraction for whole numbers). */
function edges(s: TransformParamSpec): { inside: number[]; outside: number[] } {
  const eps = s.integer ? 1 : s.step / 10
  return { inside: [s.min, s.max, s.paper], outside: [s.min - eps, s.max + eps, ...(s.integer ? [s.min + 0.5] : []), Number.NaN] }
}

describe('the transformation parameter table', () => {
  it('holds the paper values of METHOD §3 inside its own ranges, as both presets use them', () => {
    expect(PAPER_TRANSFORMS).toEqual({ noiseSnrDb: 15, scaleFactor: 1.1, permutePieces: 20, warpPieces: 9, warpStretch: 1.05 })
    for (const s of TRANSFORM_PARAM_SPECS) expect(transformParamProblem(s.key, s.paper)).toBeNull()
    expect(PRESETS.sarkar2020.transforms).toEqual(PAPER_TRANSFORMS)
    expect(PRESETS.quick.transforms).toEqual(PAPER_TRANSFORMS)
  })

  it('the experiment contract accepts exactly the table\'s range, refusing with the table\'s sentence', () => {
    for (const s of TRANSFORM_PARAM_SPECS) {
      const { inside, outside } = edges(s)
      for (const v of inside) expect(TransformConfig.safeParse({ ...PAPER_TRANSFORMS, [s.key]: v }).success, `${s.key} = ${v}`).toBe(true)
      for (const v of outside) {
        const r = TransformConfig.safeParse({ ...PAPER_TRANSFORMS, [s.key]: v })
        expect(r.success, `${s.key} = ${v}`).toBe(false)
        expect(r.error?.issues[0]?.message).toBe(transformParamProblem(s.key, v))
      }
    }
  })

  it('the preview contract accepts exactly the same range, one parameter at a time', () => {
    for (const s of TRANSFORM_PARAM_SPECS) {
      const { inside, outside } = edges(s)
      for (const v of inside) expect(TransformParamsInput.safeParse({ [s.key]: v }).success, `${s.key} = ${v}`).toBe(true)
      for (const v of outside) expect(TransformParamsInput.safeParse({ [s.key]: v }).success, `${s.key} = ${v}`).toBe(false)
    }
    expect(TransformParamsInput.parse({})).toEqual({})
  })

  it('the engine\'s resolver refuses the same values, naming the value and the paper\'s default', () => {
    for (const s of TRANSFORM_PARAM_SPECS) {
      const { inside, outside } = edges(s)
      for (const v of inside) expect(resolveTransformParams(2560, { [s.key]: v })[s.key]).toBe(v)
      for (const v of outside) expect(() => resolveTransformParams(2560, { [s.key]: v }), `${s.key} = ${v}`).toThrow(`(got ${v}); the default is ${s.paper}.`)
    }
    // Pieces are also held to the window length.
    expect(() => resolveTransformParams(100, { permutePieces: 101 })).toThrow('at most the window length 100')
  })

  it('says a range in the app\'s words, with a true minus sign', () => {
    expect(transformParamProblem('noiseSnrDb', 61)).toBe('the noise SNR must be between −20 and 60 dB')
    expect(transformParamProblem('warpPieces', 2.5)).toBe('the time-warp pieces must be a whole number between 2 and 256')
  })
})
