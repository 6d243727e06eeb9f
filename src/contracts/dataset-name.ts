/**
 * Whether a name can be given to a dataset: the one rule for the wizard's name field as it is
 * typed (the schema's checks, then no other dataset of that name). The rename's request has been
 * through the schema at the router already, so the rename asks only the second half (nameTakenText).
 */
import { term } from '../common/wording.js'
import { issueText } from './issue-text.js'
import { DatasetName } from './import.js'

/** "A dataset named … already exists", with what to do, in terms. */
export function nameTakenText(name: string): string {
  return `a dataset named "${name}" already exists; choose another ${term('name-flag')}`
}

/**
 * The problem with `name` as a new dataset's name (in terms, for `speak`), or null when it is
 * usable. `existing` are the names already in the store; `own` the dataset's current name when
 * it is being renamed (keeping it is no clash).
 */
export function datasetNameProblem(name: string, existing: readonly string[], own?: string): string | null {
  const parsed = DatasetName.safeParse(name)
  if (!parsed.success) return parsed.error.issues[0] === undefined ? 'the dataset name is not usable' : issueText(parsed.error.issues[0])
  if (parsed.data !== own && existing.includes(parsed.data)) return nameTakenText(parsed.data)
  return null
}
