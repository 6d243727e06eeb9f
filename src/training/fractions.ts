/**
 * The label-scarcity study of METHOD §6: the classifier is trained on a fraction of the labelled
 * training windows, taken per subject per class so that no subject or class drops out.
 */
import { InputError } from '../common/input-error.js'
import { SplitRandom, hashIndices } from '../common/random.js'

/** Stream purpose of the per-cell orders ('FRAC' in ASCII), apart from transforms and folds. */
const PURPOSE_FRACTION = 0x46524143

/**
 * The training windows kept at a label fraction. In each (subject, class) cell of `train` the
 * first ⌈fraction × count⌉ windows of a seeded permutation of that cell are kept, so every
 * non-empty cell keeps at least one window and, for one seed, the subsets are nested across
 * fractions (the 5 % set lies inside the 10 % set). Each cell's permutation is keyed by the seed,
 * the class and the subject name, so it does not depend on the other cells. Windows with
 * y[i] < 0 (no usable label) are never kept; fraction 1 therefore returns every labelled window
 * of `train`. Returns indices sorted ascending.
 *
 * Throws InputError for a fraction outside (0, 1]; RangeError for inconsistent arrays.
 */
export function labelFraction(train: readonly number[], subjects: readonly string[], y: ArrayLike<number>, fraction: number, seed: number): number[] {
  if (!Number.isFinite(fraction) || fraction <= 0 || fraction > 1) {
    throw new InputError(`A label fraction must be above 0 and at most 1 (got ${fraction}).`)
  }
  if (subjects.length !== y.length) throw new RangeError(`labelFraction needs one subject per label (got ${subjects.length} subjects and ${y.length} labels)`)
  const cells = new Map<string, { subject: string; cls: number; members: number[] }>()
  const seen = new Uint8Array(y.length)
  for (const i of [...train].sort((a, b) => a - b)) {
    if (!Number.isInteger(i) || i < 0 || i >= y.length) throw new RangeError(`labelFraction: training index ${i} is not a window in [0, ${y.length})`)
    if (seen[i] === 1) throw new RangeError(`labelFraction: training index ${i} appears twice`)
    seen[i] = 1
    const cls = y[i]!
    if (!(cls >= 0)) continue // unlabelled (NaN counts as unlabelled too)
    if (!Number.isInteger(cls)) throw new RangeError(`labelFraction: label ${cls} of window ${i} is not a class index`)
    const subject = subjects[i]!
    const key = `${cls}\u0000${subject}`
    let cell = cells.get(key)
    if (cell === undefined) {
      cell = { subject, cls, members: [] }
      cells.set(key, cell)
    }
    cell.members.push(i)
  }

  const random = new SplitRandom()
  const kept: number[] = []
  for (const { subject, cls, members } of cells.values()) {
    const take = keepCount(fraction, members.length)
    if (take === members.length) {
      kept.push(...members)
      continue
    }
    // A full permutation, not choice(take): its prefix must not depend on how many are taken.
    const order = random.reseed(seed, cls, subjectHash(subject), PURPOSE_FRACTION).permutation(members.length)
    for (let j = 0; j < take; j++) kept.push(members[order[j]!]!)
  }
  return kept.sort((a, b) => a - b)
}

/**
 * ⌈fraction × count⌉, at least 1. The product is rounded first when it lies within floating
 * error of a whole number: 0.07 × 100 is 7.000000000000001 in doubles and must keep 7, not 8.
 */
export function keepCount(fraction: number, count: number): number {
  if (count === 0) return 0
  const exact = fraction * count
  const nearest = Math.round(exact)
  const whole = Math.abs(exact - nearest) <= 1e-9 * Math.max(1, exact) ? nearest : Math.ceil(exact)
  return Math.min(count, Math.max(1, whole))
}

/** A 32-bit key of a subject name (its UTF-16 code units), to address the cell's stream. */
function subjectHash(subject: string): number {
  const units = new Array<number>(subject.length)
  for (let i = 0; i < subject.length; i++) units[i] = subject.charCodeAt(i)
  return hashIndices(units)
}
