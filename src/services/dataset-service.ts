/**
 * Browsing and deleting imported datasets: what `ecg-ssl datasets`, `windows` and `delete` do.
 */
import { DatasetKind, type DatasetDetail, type DatasetSummary, type DeleteResult, type LabelRange, type SkippedItem, type WindowInfo, type WindowPage } from '../contracts/index.js'
import type { ApiRequest } from '../contracts/api.js'
import { InputError } from '../common/input-error.js'
import { deleteDatasetById, findDatasetByName, listDatasetRows, listSources, type DatasetRow } from '../store/datasets-repo.js'
import { findSubjectId, subjectCounts } from '../store/recordings-repo.js'
import { storeErrorToInputError } from '../store/store-errors.js'
import type { Store } from '../store/store.js'
import { countFilteredWindows, countWindows, pageFilteredWindowRows, pageWindowRows, readWindowSamples, type WindowFilter, type WindowMetaRow } from '../store/windows-repo.js'
import { term } from '../common/wording.js'

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T
  } catch {
    return fallback
  }
}

function summary(row: DatasetRow): DatasetSummary {
  const kind = DatasetKind.safeParse(row.kind)
  return {
    name: row.name,
    kind: kind.success ? kind.data : 'csv',
    createdAt: row.created_at,
    sourcePath: row.source_path,
    subjects: row.subject_count,
    recordings: row.recording_count,
    windows: row.window_count,
    excluded: row.excluded_count,
    fs: row.fs,
    windowSamples: row.window_samples,
    overlapPercent: row.overlap_percent,
    contentHash: row.content_hash,
  }
}

/** The dataset row called `name`; InputError naming the database when there is none. */
export function requireDataset(store: Store, name: string): DatasetRow {
  const row = findDatasetByName(store.db, name)
  if (row === undefined) {
    throw new InputError(`There is no dataset named "${name}" in ${store.path}; ${term('list-datasets')}.`)
  }
  return row
}

/** All datasets of the store, by name. */
export function listDatasets(store: Store): DatasetSummary[] {
  return listDatasetRows(store.db).map(summary)
}

/** Everything known about one dataset, provenance included. */
export function getDataset(store: Store, name: string): DatasetDetail {
  const row = requireDataset(store, name)
  return {
    ...summary(row),
    appVersion: row.app_version,
    preprocessing: parseJson<Record<string, number>>(row.preprocessing_json, {}),
    labelNames: parseJson<string[]>(row.label_names_json, []),
    labelScales: parseJson<Record<string, LabelRange>>(row.label_scales_json, {}),
    labelRanges: parseJson<Record<string, LabelRange>>(row.label_ranges_json, {}),
    notes: parseJson<string[]>(row.notes_json, []),
    skipped: parseJson<SkippedItem[]>(row.skipped_json, []),
    durationS: row.duration_s,
    options: parseJson<Record<string, unknown>>(row.options_json, {}),
    perSubject: subjectCounts(store.db, row.id),
    sources: listSources(store.db, row.id),
  }
}

/**
 * One page of a dataset's window metadata (optionally of one subject), in index order. The query
 * arrives validated, defaults filled in, by the router or by `ecg-ssl windows`.
 */
export function pageWindows(store: Store, q: ApiRequest<'windows:page'>): WindowPage {
  const row = requireDataset(store, q.name)
  const filter = { ...windowFilterOf(store, row, q), afterIndex: q.afterIndex }
  const subjectId = filter.subjectId
  // Review filters (trial, label, flag, cursor) take the general query; plain paging keeps its index-range path.
  const filtered = q.trial !== undefined || q.labelKey !== undefined || q.flag !== undefined || q.afterIndex !== undefined
  const total = filtered ? countFilteredWindows(store.db, row.id, filter) : subjectId === undefined ? row.window_count : countWindows(store.db, row.id, subjectId)
  const rows = filtered ? pageFilteredWindowRows(store.db, row.id, filter, q.offset, q.limit) : pageWindowRows(store.db, row.id, q.offset, q.limit, subjectId)
  const windows: WindowInfo[] = rows.map(windowInfo)
  return { dataset: row.name, total, offset: q.offset, limit: q.limit, windows }
}

/** Review's filters of a request as the store's filter; InputError for a subject the dataset lacks. */
export function windowFilterOf(store: Store, dataset: DatasetRow, q: ApiRequest<'windows:page'> | ApiRequest<'windows:at-time'>): WindowFilter {
  let subjectId: number | undefined
  if (q.subject !== undefined) {
    subjectId = findSubjectId(store.db, dataset.id, q.subject)
    if (subjectId === undefined) {
      throw new InputError(`Dataset "${dataset.name}" has no subject "${q.subject}"; ${term('list-subjects')}.`)
    }
  }
  return { subjectId, trial: q.trial, labelKey: q.labelKey, labelValue: q.labelValue, flag: q.flag }
}

/** The contract form of a windows row (the flag only once the window has been reviewed). */
export function windowInfo(w: WindowMetaRow): WindowInfo {
  return {
    index: w.idx,
    subject: w.subject,
    trial: w.trial,
    startS: w.start_s,
    labels: parseJson<WindowInfo['labels']>(w.labels_json, {}),
    quality: w.quality,
    excluded: w.excluded === 1,
    ...(w.flag === null || w.flag === undefined ? {} : { flag: w.flag }),
  }
}

/** The samples of window `index` (0-based, dataset-wide) as a fresh Float32Array. */
export function readWindow(store: Store, name: string, index: number): Float32Array {
  const row = requireDataset(store, name)
  const samples = readWindowSamples(store.db, row.id, index)
  if (samples === undefined) throw new InputError(`Dataset "${name}" has no window ${index} (it has ${row.window_count}, numbered from 0); pick another index.`)
  return samples
}

/** Deletes a dataset and everything it owns in one transaction. InputError when it does not exist. */
export function deleteDataset(store: Store, name: string): DeleteResult {
  const row = requireDataset(store, name)
  if (store.db.inTransaction) throw new InputError(`An import into ${store.path} is still running; wait for it to finish before deleting "${name}".`)
  let deleted: boolean
  try {
    deleted = store.db.transaction(() => deleteDatasetById(store.db, row.id)).immediate()
  } catch (err) {
    throw storeErrorToInputError(err, store.path)
  }
  return { dataset: row.name, deleted, windows: row.window_count }
}
