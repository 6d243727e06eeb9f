/**
 * Importing a dataset into the store: run the kind's adapter, hash the sources for provenance,
 * then preprocess and store every recording in ONE transaction, so a failure or a cancellation
 * leaves no trace of the dataset.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { ImportProgress, ImportReport, ImportRequest } from '../contracts/import.js'
import { sourcePathOf } from '../formats/adapters/generic-files.js'
import { getAdapter } from '../formats/adapters/index.js'
import { InputError, throwIfCancelled } from '../common/input-error.js'
import type { DatasetAdapter, DatasetKind, DatasetScan } from '../formats/types.js'
import { DEFAULT_PREPROCESS, validatePreprocessParams, type PreprocessParams } from '../signal/preprocess.js'
import { findDatasetByName, findDatasetsByContentHash, finishDataset, insertDataset, insertSource, type DatasetRow } from '../store/datasets-repo.js'
import { storeErrorToInputError } from '../store/store-errors.js'
import type { Store } from '../store/store.js'
import { beginImmediate, commit, rollbackIfOpen } from '../store/transactions.js'
import { WindowWriter } from '../store/windows-repo.js'
import { appVersion } from './app-version.js'
import { contentHash, hashFiles } from './hash-files.js'
import { emptyTotals, groupBySubject, nominalSeconds, processSubject, type ImportTotals } from './import-subjects.js'
import { ProgressThrottle } from './progress-throttle.js'
import { RateWatch } from './rate-plausibility.js'
import { term } from '../common/wording.js'

/** Options of an import that are not part of the request. */
export interface ImportOptions {
  /** Throttled progress events (about every 150 ms). */
  readonly onProgress?: ((p: ImportProgress) => void) | undefined
  /** Aborting cancels the import; it then rolls back and throws CancelledError. */
  readonly signal?: AbortSignal | undefined
  /** Replaces the registry's adapters (tests, plug-ins). */
  readonly adapters?: Partial<Record<DatasetKind, DatasetAdapter>> | undefined
  /**
   * Preprocessing other than METHOD §2's (validated like the defaults). The app does not offer it
   * yet; tests use short windows through it, and it is recorded with the dataset like the rest.
   */
  readonly preprocess?: Partial<PreprocessParams> | undefined
}

/** "A dataset named … already exists" with when and from where, and what to do. */
export function duplicateNameMessage(row: DatasetRow): string {
  const when = row.created_at.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC')
  const quoted = /^[\w.-]+$/.test(row.name) ? row.name : `"${row.name.replace(/"/g, '\\"')}"`
  return `A dataset named "${row.name}" already exists (imported ${when}, from ${row.source_path}); choose another ${term('name-flag')} or ${term('delete-dataset', quoted)}.`
}

function summariseSkips(totals: ImportTotals): string {
  const shown = totals.skipped.slice(0, 3).map((s) => `${s.item}: ${s.reason}`)
  const more = totals.skipped.length > 3 ? `; and ${totals.skipped.length - 3} more` : ''
  return shown.length === 0 ? 'no recordings were found' : `${shown.join('; ')}${more}`
}

async function runAdapter(kind: DatasetKind, request: ImportRequest, sourcePath: string, options: ImportOptions): Promise<DatasetScan> {
  const adapter = options.adapters?.[kind] ?? (await getAdapter(kind))
  return adapter({
    path: sourcePath,
    labels: request.labels === undefined ? undefined : path.resolve(request.labels),
    channel: request.channel,
    fs: request.fs,
    signal: options.signal,
  })
}

/**
 * Imports one dataset and returns its report. The request was validated where it entered (the API
 * router, the command line): here it is trusted as typed.
 * Throws InputError for paths that do not exist, unreadable or unusable data (nothing is stored then),
 * CancelledError when `options.signal` aborts (nothing is stored either).
 */
export async function importDataset(store: Store, req: ImportRequest, options: ImportOptions = {}): Promise<ImportReport> {
  const started = performance.now()
  const { db } = store
  const progress = new ProgressThrottle(options.onProgress)
  const sourcePath = sourcePathOf(req.kind, path.resolve(req.path))
  if (!fs.existsSync(sourcePath)) throw new InputError(`There is no file or folder at ${sourcePath}; check the path to import.`, sourcePath)
  if (req.labels !== undefined && !fs.existsSync(path.resolve(req.labels))) {
    throw new InputError(`There is no labels file at ${path.resolve(req.labels)}; check ${term('labels-path')}.`, path.resolve(req.labels))
  }
  const existing = findDatasetByName(db, req.name)
  if (existing !== undefined) throw new InputError(duplicateNameMessage(existing))
  if (db.inTransaction) throw new InputError(`Another import into ${store.path} is still running; wait for it to finish and try again.`)
  const params: PreprocessParams = validatePreprocessParams({ ...DEFAULT_PREPROCESS, ...options.preprocess, overlapPercent: req.overlapPercent ?? options.preprocess?.overlapPercent ?? DEFAULT_PREPROCESS.overlapPercent })

  progress.emit({ phase: 'scanning', done: 0, total: 0, unit: 'steps', message: `reading ${sourcePath}` })
  const scan = await runAdapter(req.kind, req, sourcePath, options)
  throwIfCancelled(options.signal)

  const files = [...new Set([...scan.sourceFiles, ...(req.labels === undefined ? [] : [path.resolve(req.labels)])].map((f) => path.resolve(f)))]
  const hashed = await hashFiles(files, (done, total) => progress.emit({ phase: 'hashing', done, total, unit: 'bytes', message: 'hashing source files' }), options.signal)
  const root = fs.statSync(sourcePath).isDirectory() ? sourcePath : path.dirname(sourcePath)
  const selection = { kind: req.kind, channel: req.channel ?? null, fs: req.fs ?? null, keepFlagged: req.keepFlagged ?? false }
  const hash = contentHash(root, hashed, { preprocessing: params, selection })
  const notes = [...scan.notes]
  const twins = findDatasetsByContentHash(db, hash)
  if (twins.length > 0) notes.push(`The same files with the same parameters were already imported as ${twins.map((t) => `"${t.name}"`).join(', ')}.`)

  const totals = emptyTotals()
  totals.skipped.push(...scan.skipped)
  const rates = new RateWatch()
  let warnings: string[] = []
  const createdAt = new Date().toISOString()
  try {
    beginImmediate(db)
  } catch (err) {
    throw storeErrorToInputError(err, store.path)
  }
  try {
    const raced = findDatasetByName(db, req.name)
    if (raced !== undefined) throw new InputError(duplicateNameMessage(raced))
    const datasetId = insertDataset(db, {
      name: req.name, kind: req.kind, createdAt, sourcePath, fs: params.targetFs,
      windowSamples: Math.round(params.windowSeconds * params.targetFs), overlapPercent: params.overlapPercent,
      preprocessing: params, labelNames: scan.labelNames, labelScales: scan.labelScales, notes,
      options: { channel: req.channel ?? null, fs: req.fs ?? null, labels: req.labels === undefined ? null : path.resolve(req.labels), keepFlagged: req.keepFlagged ?? false },
      appVersion: appVersion(), contentHash: hash,
    })
    for (const f of hashed) insertSource(db, datasetId, f)
    const writer = new WindowWriter(db, datasetId)
    const ctx = {
      db, datasetId, params, keepFlagged: req.keepFlagged ?? false, progress, signal: options.signal,
      counter: { done: 0, total: scan.recordings.reduce((t, r) => t + nominalSeconds(r), 0), recordings: 0, recordingsTotal: scan.recordings.length },
    }
    for (const [code, recordings] of groupBySubject(rates.watch(scan.recordings))) {
      await processSubject(code, recordings, ctx, writer, totals)
    }
    throwIfCancelled(options.signal)
    if (totals.windows === 0) {
      throw new InputError(`No windows could be imported from ${sourcePath} (${summariseSkips(totals)}); check the files and options.`, sourcePath)
    }
    // A sampling rate that gives an implausible heart rate: told, never refused.
    warnings = rates.warnings()
    notes.push(...warnings)
    finishDataset(db, datasetId, { ...totals, notes })
    progress.emit({ phase: 'writing', done: 0, total: 1, unit: 'steps', message: 'committing' })
    commit(db)
    progress.emit({ phase: 'writing', done: 1, total: 1, unit: 'steps', message: 'committed' })
  } catch (err) {
    rollbackIfOpen(db)
    throw storeErrorToInputError(err, store.path)
  }
  return {
    dataset: req.name,
    kind: req.kind,
    subjects: totals.subjects,
    recordings: totals.recordings,
    windows: totals.windows,
    excluded: totals.excluded,
    flagged: totals.flagged,
    skipped: totals.skipped,
    fs: params.targetFs,
    windowSamples: Math.round(params.windowSeconds * params.targetFs),
    overlapPercent: params.overlapPercent,
    notes,
    ...(warnings.length > 0 && { warnings }),
    durationS: totals.durationS,
    labelNames: [...scan.labelNames],
    labelRanges: totals.labelRanges,
    perSubject: totals.perSubject,
    contentHash: hash,
    elapsedS: (performance.now() - started) / 1000,
  }
}
