/**
 * A run's full record as the app, the CLI and the reports read it: what the store recorded plus
 * the results table aggregated from its folds. The aggregation is training's rule (mean ± sd per
 * cell), so it is applied here, above both the store and training, not inside the repository.
 */
import type { RunDetail } from '../contracts/runs.js'
import type Database from 'better-sqlite3'
import { getRunRecord } from '../store/runs-repo.js'
import { aggregateResults } from '../training/aggregate.js'

/** The run `id` with its results table, or undefined when there is no such run. */
export function loadRunDetail(db: Database.Database, id: number): RunDetail | undefined {
  const run = getRunRecord(db, id)
  return run === undefined ? undefined : { ...run, results: aggregateResults(run.folds) }
}
