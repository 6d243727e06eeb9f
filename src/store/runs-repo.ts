/**
 * Experiment runs in the store: creating and claiming a run, recording each pretext epoch with
 * its checkpoint and each evaluated fold (each in one transaction together with the run's
 * progress, so what is stored is always a consistent point to resume from), and reading runs
 * back for listings, resumes and reports.
 */
import type Database from 'better-sqlite3'
import { ExperimentConfig, type FoldResult, type PretextEpoch, type PretextModelData, type RunDetail, type RunState, type RunSummary } from '../contracts/runs.js'
import { stripOptimizer } from '../formats/checkpoint-format.js'

interface RunRow {
  id: number
  name: string
  state: RunState
  created_at: string
  updated_at: string
  config_json: string
  seed: number
  backend: string
  device: string
  app_version: string
  dataset_hashes_json: string
  progress_done: number
  progress_total: number
  phase: string
  error: string | null
  owner_pid: number | null
}

/** What a new run is created with. */
export interface NewRun {
  readonly config: ExperimentConfig
  readonly appVersion: string
  readonly datasetHashes: Readonly<Record<string, string>>
  /** What each pretext model learns from, as planned when the run is created. */
  readonly pretextModels?: readonly PretextModelData[]
}

/** Progress stored with each milestone. */
export interface RunProgress {
  readonly done: number
  readonly total: number
  readonly phase: string
}

const now = (): string => new Date().toISOString()

/** Creates a queued run; returns its id. */
export function createRun(db: Database.Database, run: NewRun): number {
  const t = now()
  const info = db
    .prepare(`INSERT INTO runs (name, state, created_at, updated_at, config_json, seed, app_version, dataset_hashes_json, pretext_models_json)
              VALUES (?, 'queued', ?, ?, ?, ?, ?, ?, ?)`)
    .run(run.config.name, t, t, JSON.stringify(run.config), run.config.seed, run.appVersion, JSON.stringify(run.datasetHashes), JSON.stringify(run.pretextModels ?? []))
  return Number(info.lastInsertRowid)
}

/** Marks a run as running in process `pid` on the given backend. */
export function claimRun(db: Database.Database, id: number, pid: number, backend: string, device: string): void {
  db.prepare(`UPDATE runs SET state = 'running', owner_pid = ?, backend = ?, device = ?, error = NULL, updated_at = ? WHERE id = ?`).run(pid, backend, device, now(), id)
}

/** Sets a run's state (and error sentence), releasing its owner when it stops. */
export function setRunState(db: Database.Database, id: number, state: RunState, error: string | null = null): void {
  const owner = state === 'running' ? 'owner_pid' : 'NULL'
  db.prepare(`UPDATE runs SET state = ?, error = ?, owner_pid = ${owner}, updated_at = ? WHERE id = ?`).run(state, error, now(), id)
}

/** Updates the progress columns alone (between milestones). */
export function setRunProgress(db: Database.Database, id: number, p: RunProgress): void {
  db.prepare('UPDATE runs SET progress_done = ?, progress_total = ?, phase = ?, updated_at = ? WHERE id = ?').run(p.done, p.total, p.phase, now(), id)
}

/**
 * Stores one pretext epoch with its full checkpoint and progress, and strips the optimizer state
 * from the previous epoch's checkpoint (only the newest is resumed from), in one transaction.
 */
export function saveEpoch(db: Database.Database, runId: number, metrics: PretextEpoch, checkpoint: Uint8Array, p: RunProgress): void {
  db.transaction(() => {
    db.prepare('INSERT OR REPLACE INTO run_epochs (run_id, variant, epoch, metrics_json, weights) VALUES (?, ?, ?, ?, ?)').run(runId, metrics.variant, metrics.epoch, JSON.stringify(metrics), checkpoint)
    const previous = db
      .prepare<[number, string, number], { weights: Buffer }>('SELECT weights FROM run_epochs WHERE run_id = ? AND variant = ? AND epoch = ?')
      .get(runId, metrics.variant, metrics.epoch - 1)
    if (previous !== undefined) {
      db.prepare('UPDATE run_epochs SET weights = ? WHERE run_id = ? AND variant = ? AND epoch = ?').run(stripOptimizer(previous.weights), runId, metrics.variant, metrics.epoch - 1)
    }
    setRunProgress(db, runId, p)
  }).immediate()
}

/** The newest checkpoint of a pretext variant and how many epochs it completed. */
export function latestCheckpoint(db: Database.Database, runId: number, variant: string): { epochs: number; checkpoint: Buffer } | undefined {
  const row = db
    .prepare<[number, string], { epoch: number; weights: Buffer }>('SELECT epoch, weights FROM run_epochs WHERE run_id = ? AND variant = ? ORDER BY epoch DESC LIMIT 1')
    .get(runId, variant)
  return row === undefined ? undefined : { epochs: row.epoch + 1, checkpoint: row.weights }
}

/** The checkpoint (weights) of one epoch of a pretext variant. */
export function epochCheckpoint(db: Database.Database, runId: number, variant: string, epoch: number): Buffer | undefined {
  return db.prepare<[number, string, number], { weights: Buffer }>('SELECT weights FROM run_epochs WHERE run_id = ? AND variant = ? AND epoch = ?').get(runId, variant, epoch)?.weights
}

/** Stores one evaluated fold, with the run's progress when given, in one transaction. */
export function saveFold(db: Database.Database, runId: number, unitKey: string, result: FoldResult, p?: RunProgress): void {
  db.transaction(() => {
    db.prepare('INSERT OR REPLACE INTO run_folds (run_id, unit_key, result_json) VALUES (?, ?, ?)').run(runId, unitKey, JSON.stringify(result))
    if (p !== undefined) setRunProgress(db, runId, p)
  }).immediate()
}

/** Work units stored so far: pretext epochs (at most `epochs` per variant) plus folds. */
export function countStoredUnits(db: Database.Database, runId: number, epochs: number): number {
  const e = db.prepare<[number, number], { n: number }>('SELECT COALESCE(SUM(MIN(n, ?)), 0) AS n FROM (SELECT COUNT(*) AS n FROM run_epochs WHERE run_id = ? GROUP BY variant)')
  const f = db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM run_folds WHERE run_id = ?')
  return (e.get(epochs, runId)?.n ?? 0) + (f.get(runId)?.n ?? 0)
}

/** Every stored fold result of a run, keyed by unit. */
export function listFolds(db: Database.Database, runId: number): Map<string, FoldResult> {
  const rows = db.prepare<[number], { unit_key: string; result_json: string }>('SELECT unit_key, result_json FROM run_folds WHERE run_id = ? ORDER BY rowid').all(runId)
  return new Map(rows.map((r) => [r.unit_key, JSON.parse(r.result_json) as FoldResult]))
}

/** Per-epoch pretext metrics of a run, by variant then epoch. */
export function listEpochs(db: Database.Database, runId: number): PretextEpoch[] {
  return db
    .prepare<[number], { metrics_json: string }>('SELECT metrics_json FROM run_epochs WHERE run_id = ? ORDER BY rowid')
    .all(runId)
    .map((r) => JSON.parse(r.metrics_json) as PretextEpoch)
}

/**
 * A run as listed. Its progress counts the units the store holds (contracts/progress.ts), not the
 * progress columns: helper processes store their folds without touching those, so the columns
 * lag behind (a finished run read "33 of 34"). Units beyond the config's epochs are not counted.
 */
function summary(db: Database.Database, row: RunRow): RunSummary {
  const epochs = (JSON.parse(row.config_json) as { pretext?: { epochs?: number } }).pretext?.epochs ?? 0
  const done = Math.min(countStoredUnits(db, row.id, epochs), row.progress_total)
  return {
    id: row.id,
    name: row.name,
    state: row.state,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    seed: row.seed,
    backend: row.backend,
    device: row.device,
    appVersion: row.app_version,
    progress: { done, total: row.progress_total, phase: row.phase },
    error: row.error,
  }
}

/** All runs, newest first. */
export function listRuns(db: Database.Database): RunSummary[] {
  return db.prepare<[], RunRow>('SELECT * FROM runs ORDER BY id DESC').all().map((row) => summary(db, row))
}

/** One run's summary and config, or undefined. */
export function getRun(db: Database.Database, id: number): (RunSummary & { config: ExperimentConfig; ownerPid: number | null; datasetHashes: Record<string, string> }) | undefined {
  const row = db.prepare<[number], RunRow>('SELECT * FROM runs WHERE id = ?').get(id)
  if (row === undefined) return undefined
  return {
    ...summary(db, row),
    config: ExperimentConfig.parse(JSON.parse(row.config_json)),
    ownerPid: row.owner_pid,
    datasetHashes: JSON.parse(row.dataset_hashes_json) as Record<string, string>,
  }
}

/** Everything a run recorded; its results table is aggregated from the folds by the services. */
export type RunRecord = Omit<RunDetail, 'results'>

/** Everything a run recorded (services/run-detail.ts adds the results table). */
export function getRunRecord(db: Database.Database, id: number): RunRecord | undefined {
  const run = getRun(db, id)
  if (run === undefined) return undefined
  const { ownerPid: _owner, ...rest } = run
  const folds = [...listFolds(db, id).values()]
  const models = db.prepare<[number], { json: string }>('SELECT pretext_models_json AS json FROM runs WHERE id = ?').get(id)?.json ?? '[]'
  return { ...rest, pretextModels: JSON.parse(models) as PretextModelData[], epochs: listEpochs(db, id), folds }
}

/**
 * Marks runs left "running" by a process that no longer exists (a crash, a reboot, a kill) as
 * interrupted, so they are offered for resume. Returns the ids so marked.
 */
export function markInterruptedRuns(db: Database.Database, isAlive: (pid: number) => boolean): number[] {
  const running = db.prepare<[], { id: number; owner_pid: number | null }>(`SELECT id, owner_pid FROM runs WHERE state = 'running'`).all()
  const dead = running.filter((r) => r.owner_pid === null || !isAlive(r.owner_pid)).map((r) => r.id)
  for (const id of dead) setRunState(db, id, 'interrupted', null)
  return dead
}

/** Deletes a run and everything it recorded. */
export function deleteRun(db: Database.Database, id: number): boolean {
  return db.prepare('DELETE FROM runs WHERE id = ?').run(id).changes > 0
}
