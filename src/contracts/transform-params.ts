/**
 * The one table of the transformation parameters (METHOD §3): for each, its name in the app, unit,
 * hint, the paper's value, and the range and step every consumer uses — the preview and
 * experiment contracts (their zod schemas are built here), the engine's resolver
 * (src/transforms/transforms.ts), Tune's sliders and the experiment form's fields. Before this
 * table the range was written four times, with four different answers.
 *
 * Ranges are chosen for the method: the SNR spans very noisy (−20 dB, noise 10× the signal's
 * power) to practically clean (60 dB); pieces start at 2 (one piece leaves the permutation an
 * identity, so the task could not be learnt) and stop at 256 (10 samples of a 2560-sample window);
 * the warp stretch must exceed 1 (s = 1 is no warp at all; s < 1 only swaps which pieces stretch).
 */
import { z } from 'zod'

/** The parameter names in METHOD §3 order (noise, scale, permute, time-warp). */
export const TRANSFORM_PARAM_KEYS = ['noiseSnrDb', 'scaleFactor', 'permutePieces', 'warpPieces', 'warpStretch'] as const
export type TransformParamKey = (typeof TRANSFORM_PARAM_KEYS)[number]

/** Every adjustable parameter of the transformations. */
export type TransformParams = { readonly [K in TransformParamKey]: number }

/** One parameter: what the app calls it, its unit, range (inclusive), step and the paper's value. */
export interface TransformParamSpec {
  readonly key: TransformParamKey
  /** The field's name wherever a user sets or reads it (Tune, the experiment form, run comparison). */
  readonly label: string
  /** The parameter inside a sentence: "the noise SNR". */
  readonly words: string
  /** Unit after a number ("dB"), or '' when it has none. */
  readonly unit: string
  /** What changing it does, in a few words. */
  readonly hint: string
  readonly min: number
  readonly max: number
  /** Slider and number-box step. */
  readonly step: number
  /** Whole numbers only. */
  readonly integer: boolean
  /** The value of METHOD §3 (preset sarkar2020). */
  readonly paper: number
}

const spec = (s: TransformParamSpec): TransformParamSpec => Object.freeze(s)

/** The table, keyed by parameter. */
export const TRANSFORM_PARAMS: Readonly<Record<TransformParamKey, TransformParamSpec>> = Object.freeze({
  noiseSnrDb: spec({ key: 'noiseSnrDb', label: 'Noise SNR (dB)', words: 'the noise SNR', unit: 'dB', hint: 'lower is noisier', min: -20, max: 60, step: 0.5, integer: false, paper: 15 }),
  scaleFactor: spec({ key: 'scaleFactor', label: 'Scale factor', words: 'the scale factor', unit: '', hint: 'amplitude multiplier', min: 0.1, max: 10, step: 0.05, integer: false, paper: 1.1 }),
  permutePieces: spec({ key: 'permutePieces', label: 'Permutation pieces', words: 'the permutation pieces', unit: '', hint: 'segments shuffled', min: 2, max: 256, step: 1, integer: true, paper: 20 }),
  warpPieces: spec({ key: 'warpPieces', label: 'Time-warp pieces', words: 'the time-warp pieces', unit: '', hint: 'segments stretched or squeezed', min: 2, max: 256, step: 1, integer: true, paper: 9 }),
  warpStretch: spec({ key: 'warpStretch', label: 'Time-warp stretch', words: 'the time-warp stretch', unit: '', hint: 'stretch factor s (others 1/s)', min: 1.01, max: 3, step: 0.01, integer: false, paper: 1.05 }),
})

/** The table in METHOD §3 order, for building forms. */
export const TRANSFORM_PARAM_SPECS: readonly TransformParamSpec[] = TRANSFORM_PARAM_KEYS.map((k) => TRANSFORM_PARAMS[k])

/** The transformation parameters of METHOD §3 (preset sarkar2020). */
export const PAPER_TRANSFORMS: TransformParams = Object.freeze(Object.fromEntries(TRANSFORM_PARAM_SPECS.map((s) => [s.key, s.paper])) as Record<TransformParamKey, number>)

/** A number as a sentence prints it, with a true minus sign. */
const num = (x: number): string => (x < 0 ? `−${-x}` : String(x))

/** "between −20 and 60 dB" */
export function transformParamRange(s: TransformParamSpec): string {
  return `between ${num(s.min)} and ${num(s.max)}${s.unit === '' ? '' : ` ${s.unit}`}`
}

/** The hint with the paper's value: "lower is noisier; paper 15". */
export function transformParamHint(s: TransformParamSpec): string {
  return `${s.hint}; paper ${s.paper}`
}

/**
 * Why `value` is refused for parameter `key` ("the noise SNR must be between −20 and 60 dB"), or
 * null when the table allows it. The engine's resolver and the zod schemas both answer with it.
 */
export function transformParamProblem(key: TransformParamKey, value: number): string | null {
  const s = TRANSFORM_PARAMS[key]
  if (!Number.isFinite(value)) return `${s.words} must be a number ${transformParamRange(s)}`
  if (s.integer && !Number.isInteger(value)) return `${s.words} must be a whole number ${transformParamRange(s)}`
  if (value < s.min || value > s.max) return `${s.words} must be ${transformParamRange(s)}`
  return null
}

/** The zod schema of one parameter: exactly the table's range, with the table's sentence. */
export function transformParamSchema(key: TransformParamKey): z.ZodNumber {
  const s = TRANSFORM_PARAMS[key]
  const whole = `${s.words} must be a whole number ${transformParamRange(s)}`
  const range = `${s.words} must be ${transformParamRange(s)}`
  const base = z.number({ error: `${s.words} must be a number ${transformParamRange(s)}` })
  return (s.integer ? base.int({ error: whole }) : base).min(s.min, { error: range }).max(s.max, { error: range })
}

/** All five parameters, each required: the shape both contracts build their objects from. */
export const TransformParamsSchema = z.object({
  noiseSnrDb: transformParamSchema('noiseSnrDb'),
  scaleFactor: transformParamSchema('scaleFactor'),
  permutePieces: transformParamSchema('permutePieces'),
  warpPieces: transformParamSchema('warpPieces'),
  warpStretch: transformParamSchema('warpStretch'),
}).strict()
