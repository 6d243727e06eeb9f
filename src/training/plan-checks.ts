/**
 * Settings that cannot give meaningful results are refused before a run is stored (issue 10 §4):
 * a task with fewer than two classes, fewer labelled windows of a class than folds, fewer
 * subjects than subject folds, a fold whose training windows lack a class (the classifier could
 * never predict it; such runs reported 0.000 ± 0.000). A fold whose test windows lack a class is
 * only warned about: its accuracy still means what it says. Each sentence names the setting to
 * change in the reader's words (terms of common/wording.ts: the form's field in the app, the
 * config key on the command line).
 */
import { InputError } from '../common/input-error.js'
import { term } from '../common/wording.js'
import { PROTOCOL_LABELS } from '../contracts/metric-labels.js'
import type { ExperimentConfig, ProtocolName } from '../contracts/runs.js'
import type { Fold } from './folds.js'

/** One evaluated task of one dataset, as the plan sees it. */
export interface TaskData {
  readonly dataset: string
  readonly task: string
  readonly classes: readonly string[]
  /** Class index per dataset row, -1 where unlabelled. */
  readonly y: ArrayLike<number>
  readonly subjects: readonly string[]
  /** The labelled rows. */
  readonly rows: readonly number[]
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`

/** " or raise “Windows per dataset” (now 4)" when the dataset's windows reach the cap (it may keep some out), else "". */
function capHint(t: TaskData, config: ExperimentConfig): string {
  const cap = config.maxWindowsPerDataset
  return cap > 0 && t.y.length >= cap ? ` or raise ${term('max-windows')} (now ${cap})` : ''
}

/**
 * Before folds are cut: throws an InputError when the task has fewer than two classes, a class
 * has fewer labelled windows than folds over windows, or there are fewer labelled subjects than
 * subject folds.
 */
export function checkTaskData(t: TaskData, config: ExperimentConfig): void {
  const counts = new Array<number>(t.classes.length).fill(0)
  for (const r of t.rows) counts[t.y[r]!]!++
  const present = counts.map((n, c) => ({ n, name: t.classes[c]! })).filter((c) => c.n > 0)
  const what = `the task "${t.task}" on "${t.dataset}"`
  if (present.length < 2) {
    const has = present.length === 0 ? 'has no labelled window' : `has only class "${present[0]!.name}" among its ${plural(t.rows.length, 'labelled window')}`
    throw new InputError(`${capitalise(what)} ${has}, so there is nothing to tell apart; choose another ${term('threshold')} or task${capHint(t, config)}.`)
  }
  const k = config.evaluation.folds
  const protocols = config.evaluation.protocols
  if (protocols.includes('window-kfold')) {
    const fewest = present.reduce((a, b) => (b.n < a.n ? b : a))
    if (fewest.n < k) {
      const fix = fewest.n >= 2 ? `set ${term('folds')} to at most ${fewest.n}` : `use more windows of it`
      throw new InputError(`${capitalise(what)} has ${plural(fewest.n, 'labelled window')} of class "${fewest.name}", fewer than the ${k} folds, so some folds could not test or learn it; ${fix}${capHint(t, config)}.`)
    }
  }
  const subjects = new Set(t.rows.map((r) => t.subjects[r]!)).size
  if (protocols.includes('subject-kfold') && subjects < k) {
    const fix = subjects >= 2 ? `set ${term('folds')} to at most ${subjects}` : `untick subject-grouped folds in ${term('protocols')}`
    throw new InputError(`${capitalise(what)} has labelled windows of ${plural(subjects, 'subject')}, fewer than the ${k} subject-grouped folds; ${fix}${capHint(t, config)}.`)
  }
  if (protocols.includes('loso') && subjects < 2) {
    throw new InputError(`${capitalise(what)} has labelled windows of ${plural(subjects, 'subject')}, but leaving one subject out needs at least 2; untick it in ${term('protocols')}${capHint(t, config)}.`)
  }
}

/**
 * After the folds of one protocol are cut: throws when a fold's training windows lack a class
 * (the label fractions keep at least one window of every subject and class, so fraction 1 is the
 * one to check); returns a warning when some folds' test windows lack a class, else undefined.
 */
export function checkFolds(t: TaskData, protocol: ProtocolName, folds: readonly Fold[], config: ExperimentConfig): string | undefined {
  const where = `${PROTOCOL_LABELS[protocol]} on "${t.dataset}" (${t.task})`
  const lower = protocol === 'loso' ? `choose another ${term('threshold')}` : `set ${term('folds')} lower`
  let testMissing = 0
  let missingName = ''
  folds.forEach((fold, f) => {
    const absentTrain = absentClasses(t, fold.train)
    if (absentTrain.length > 0) {
      const cls = t.classes[absentTrain[0]!]!
      const why = protocol === 'window-kfold' ? 'its windows all fell in the test fold' : 'its windows all belong to the test subjects'
      throw new InputError(`In fold ${f + 1} of ${where} the training windows hold no window of class "${cls}" (${why}), so the classifier could never predict it; ${lower}${capHint(t, config)}.`)
    }
    const absentTest = absentClasses(t, fold.test)
    if (absentTest.length > 0) {
      testMissing++
      missingName ||= t.classes[absentTest[0]!]!
    }
  })
  if (testMissing === 0) return undefined
  return `${testMissing} of the ${folds.length} folds of ${where} test no window of class "${missingName}"; their accuracy still counts, but their F1 is computed without a window of that class; ${lower} for more even folds.`
}

/** Classes of the task with no window among `rows`. */
function absentClasses(t: TaskData, rows: readonly number[]): number[] {
  const seen = new Uint8Array(t.classes.length)
  for (const r of rows) {
    const c = t.y[r]!
    if (c >= 0) seen[c] = 1
  }
  const absent: number[] = []
  seen.forEach((s, c) => {
    if (s === 0) absent.push(c)
  })
  return absent
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
