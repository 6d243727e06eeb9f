// The wizard's and the dataset page's field checks: the engine's rules (src/contracts), spoken in
// the app's words, so a field says beside itself what "Start import" or "Rename" would refuse.
import type { z } from 'zod'
import { datasetNameProblem } from '@contracts/dataset-name.js'
import { fieldProblem as problemFor, sentenceFor } from '@contracts/issue-text.js'

/** What is wrong with `value` for the field of `schema`, or null. */
export function fieldProblem(schema: z.ZodType, value: unknown): string | null {
  const problem = problemFor(schema, value, 'app')
  return problem === null ? null : `${problem}.`
}

/** What is wrong with `name` as a dataset's name among `existing` (`own`: the name it has now). */
export function nameProblemFor(name: string, existing: readonly string[], own?: string): string | null {
  const problem = datasetNameProblem(name, existing, own)
  return problem === null ? null : `${sentenceFor(problem, 'app')}.`
}
