/**
 * The light half of the run service: validate a config, list runs (marking those whose process
 * died). No tfjs here, so the CLI's `runs` and `preset` and the app's run list stay fast to load.
 */
import type Database from 'better-sqlite3'
import { ExperimentConfig, type RunSummary } from '../contracts/runs.js'
import * as runs from '../store/runs-repo.js'
import { parseOrInputError } from './request-validation.js'

/** Whether a process id belongs to a live process (signal 0 checks without signalling). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Validates a config (from a file, the app or a preset) with sentences naming what to fix. */
export function parseExperimentConfig(input: unknown): ExperimentConfig {
  return parseOrInputError(ExperimentConfig, input, 'experiment config')
}

/** Runs listed newest first, after marking those whose process died as interrupted. */
export function listRunSummaries(db: Database.Database): RunSummary[] {
  runs.markInterruptedRuns(db, processAlive)
  return runs.listRuns(db)
}
