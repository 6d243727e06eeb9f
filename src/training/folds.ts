/**
 * Cross-validation folds of METHOD §6: the paper's shuffled k-fold over windows, and the
 * subject-independent protocols (subject-grouped k-fold, leave-one-subject-out).
 *
 * Folds hold indices into the caller's window list. Shuffles come from the seeded SplitRandom
 * under purposes of their own, so the folds of a seed never share a stream with the pretext
 * transformations, and a repeated or resumed run gets exactly the same folds.
 */
import { InputError } from '../common/input-error.js'
import { SplitRandom } from '../common/random.js'

/** One fold: indices into the caller's window list, each sorted ascending, disjoint. */
export interface Fold {
  readonly train: number[]
  readonly test: number[]
}

/**
 * Stream purposes for fold shuffles ('FOLD', 'GRPS' in ASCII): far from the transformation
 * purposes 1–4 of random.ts, so no fold shuffle ever replays a transformation's draws.
 */
const PURPOSE_WINDOW_FOLDS = 0x464f4c44
const PURPOSE_SUBJECT_ORDER = 0x47525053

/**
 * Shuffled k-fold over windows, like scikit-learn's `KFold(shuffle=True)`: a seeded permutation
 * of 0 … n-1 cut into k consecutive test blocks, the first n % k of which hold one extra window.
 * Windows of one subject land in train and test alike (the paper's protocol, which inflates
 * accuracy). Throws InputError when k < 2 or there are fewer windows than folds.
 */
export function windowKFold(n: number, k: number, seed: number): Fold[] {
  checkFoldCount(k)
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`windowKFold needs a non-negative integer window count (got ${n})`)
  if (n < k) throw new InputError(`${k}-fold cross-validation over windows needs at least ${k} labelled windows, but there are ${n}; use fewer folds.`)
  const order = new SplitRandom().reseed(seed, 0, 0, PURPOSE_WINDOW_FOLDS).permutation(n)
  const base = Math.floor(n / k)
  const extra = n % k
  const folds: Fold[] = []
  let start = 0
  for (let f = 0; f < k; f++) {
    const size = base + (f < extra ? 1 : 0)
    const test = Array.from(order.subarray(start, start + size)).sort(ascending)
    folds.push({ train: complement(n, test), test })
    start += size
  }
  return folds
}

/**
 * Subject-grouped k-fold: every subject's windows are all in one test fold, never in train and
 * test at once. Subjects are assigned as scikit-learn's `GroupKFold` does — largest subject
 * first, each to the fold with the fewest windows so far (the lowest-numbered fold on a tie) —
 * except that subjects with equal window counts are taken in a seeded random order rather than
 * NumPy's argsort order. Throws InputError when k < 2 or there are fewer subjects than folds.
 */
export function subjectKFold(subjects: readonly string[], k: number, seed: number): Fold[] {
  checkFoldCount(k)
  const counts = subjectCounts(subjects)
  const names = [...counts.keys()].sort(byCodeUnit)
  if (names.length < k) {
    const start = `Subject-grouped ${k}-fold cross-validation needs at least ${k} subjects, but there ${names.length === 1 ? 'is 1 subject' : `are ${names.length} subjects`}`
    throw new InputError(names.length >= 2
      ? `${start}; use leave-one-subject-out or at most ${names.length} folds.`
      : `${start}; subject-independent evaluation needs at least 2 subjects, so use cross-validation over windows.`)
  }
  // Seeded shuffle of the sorted names, then a stable sort by size: ties keep the seeded order.
  const order = new SplitRandom().reseed(seed, 0, 0, PURPOSE_SUBJECT_ORDER).permutation(names.length)
  const ranked = Array.from(order, (i) => names[i]!).sort((a, b) => counts.get(b)! - counts.get(a)!)
  const weight = new Array<number>(k).fill(0)
  const foldOf = new Map<string, number>()
  for (const name of ranked) {
    let lightest = 0
    for (let f = 1; f < k; f++) if (weight[f]! < weight[lightest]!) lightest = f
    weight[lightest]! += counts.get(name)!
    foldOf.set(name, lightest)
  }
  const tests: number[][] = Array.from({ length: k }, () => [])
  subjects.forEach((s, i) => tests[foldOf.get(s)!]!.push(i))
  return tests.map((test) => ({ train: complement(subjects.length, test), test }))
}

/**
 * Leave-one-subject-out: one fold per subject, in sorted subject order (by UTF-16 code units,
 * so "s10" comes before "s2"), testing on that subject's windows and training on everyone
 * else's. Throws InputError with fewer than 2 subjects.
 */
export function leaveOneSubjectOut(subjects: readonly string[]): Fold[] {
  const names = [...subjectCounts(subjects).keys()].sort(byCodeUnit)
  if (names.length < 2) {
    throw new InputError(`Leave-one-subject-out needs at least 2 subjects, but there ${names.length === 1 ? 'is 1' : 'are 0'}; use cross-validation over windows.`)
  }
  return names.map((name) => {
    const test: number[] = []
    subjects.forEach((s, i) => {
      if (s === name) test.push(i)
    })
    return { train: complement(subjects.length, test), test }
  })
}

function checkFoldCount(k: number): void {
  if (!Number.isInteger(k) || k < 2) throw new InputError(`The number of folds must be a whole number of at least 2 (got ${k}).`)
}

function subjectCounts(subjects: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const s of subjects) counts.set(s, (counts.get(s) ?? 0) + 1)
  return counts
}

/** 0 … n-1 without the members of `test` (sorted ascending, all < n). */
function complement(n: number, test: readonly number[]): number[] {
  const inTest = new Uint8Array(n)
  for (const i of test) inTest[i] = 1
  const train: number[] = []
  for (let i = 0; i < n; i++) if (inTest[i] === 0) train.push(i)
  return train
}

function ascending(a: number, b: number): number {
  return a - b
}

/** Locale-independent order, so fold numbering never depends on the machine's language. */
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
