/**
 * Checks an experiment's datasets against what the store knows of them, before anything is
 * stored: an evaluated dataset must have the task's label; a label threshold must fit the label
 * (a text label has classes, not a scale). One sentence each, in the app's words.
 */
import { isEvaluated, type ExperimentConfig } from '../contracts/runs.js'
import { InputError } from '../common/input-error.js'

/** What the store knows of one dataset's labels. */
export interface DatasetLabelFacts {
  readonly labelNames: readonly string[]
  /** Observed min/max of each numeric label; text labels are absent. */
  readonly labelRanges: Readonly<Record<string, { min: number; max: number }>>
}

/** Throws an {@link InputError} naming the first dataset/task that cannot be evaluated as asked. */
export function checkDatasetsFit(config: ExperimentConfig, facts: (name: string) => DatasetLabelFacts): void {
  for (const d of config.datasets) {
    if (!isEvaluated(d.role)) continue
    const { labelNames, labelRanges } = facts(d.name)
    if (labelNames.length === 0) {
      throw new InputError(`The dataset "${d.name}" has no labels, so emotion recognition cannot be evaluated on it; use it only to learn ECG features (pretext-only).`)
    }
    for (const t of d.tasks) {
      if (!labelNames.includes(t.label)) {
        throw new InputError(`The dataset "${d.name}" has no label "${t.label}" (its labels: ${labelNames.join(', ')}); choose one of those.`)
      }
      if (labelRanges[t.label] === undefined && t.binarisation !== 'dataset-mean') {
        const how = t.binarisation === 'midpoint' ? 'the scale midpoint' : 'the subject mean'
        throw new InputError(`The label "${t.label}" of "${d.name}" is text (its values are the classes), so ${how} cannot split it; leave its threshold at the dataset mean, which text labels ignore.`)
      }
    }
  }
}
