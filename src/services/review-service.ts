/**
 * Window review (issue 4): flag windows with who and when, read a window with its beats and heart
 * rate, list a dataset's recordings and draw a whole recording. Requests arrive validated (by the
 * API router); what only the store can tell (no such dataset, window or recording) fails here with
 * one InputError sentence saying what to do.
 */
import type { ApiRequest } from '../contracts/api.js'
import type { FlagEvent, RecordingOverview, RecordingSummary, WindowDetail, WindowInfo, WindowPlace, WindowRef } from '../contracts/index.js'
import { InputError } from '../common/input-error.js'
import { checkBeats } from '../signal/beat-plausibility.js'
import { detectRPeaks, meanHeartRate } from '../signal/r-peaks.js'
import type { DatasetRow } from '../store/datasets-repo.js'
import { blobToFloat32 } from '../store/float32-blob.js'
import { findWindowByIndex, iterateRecordingWindows, listRecordingRows, recordingInDataset, recordingWindowsEndS, type WindowRefRow } from '../store/review-repo.js'
import { storeErrorToInputError } from '../store/store-errors.js'
import type { Store } from '../store/store.js'
import { withBusyTimeout } from '../store/transactions.js'
import { setWindowFlag, windowFlagHistory } from '../store/window-flags-repo.js'
import { findFilteredWindowAt, readWindowSamples } from '../store/windows-repo.js'
import { requireDataset, windowFilterOf, windowInfo } from './dataset-service.js'
import { OverviewBuilder } from './recording-overview.js'

/**
 * How long a flag waits for another process's write lock. An import writes in one transaction
 * that can last minutes, and better-sqlite3 waits synchronously, so the store's usual 10 s would
 * freeze every other call of the app; an annotator is better told at once to try again.
 */
export const FLAG_BUSY_TIMEOUT_MS = 500

function requireWindow(store: Store, dataset: DatasetRow, index: number): WindowRefRow {
  const row = findWindowByIndex(store.db, dataset.id, index)
  if (row === undefined) {
    throw new InputError(`Dataset "${dataset.name}" has no window ${index} (it has ${dataset.window_count}, numbered from 0); pick another index.`)
  }
  return row
}

/**
 * Sets or clears (flag null) the flag of one window and records the change with the annotator's
 * name and the time; returns the window as it is now.
 */
export function flagWindow(store: Store, q: ApiRequest<'windows:flag'>, now: () => Date = () => new Date()): WindowInfo {
  const dataset = requireDataset(store, q.name)
  const row = requireWindow(store, dataset, q.index)
  try {
    withBusyTimeout(store.db, FLAG_BUSY_TIMEOUT_MS, () => setWindowFlag(store.db, row.id, q.flag, q.annotator, now().toISOString()))
  } catch (err) {
    throw storeErrorToInputError(err, store.path)
  }
  return windowInfo(requireWindow(store, dataset, q.index))
}

/** Every flag change of one window, oldest first. */
export function flagHistory(store: Store, q: WindowRef): FlagEvent[] {
  const dataset = requireDataset(store, q.name)
  const row = requireWindow(store, dataset, q.index)
  return windowFlagHistory(store.db, row.id).map((e) => ({ flag: e.flag, annotator: e.annotator, at: e.at }))
}

/** One window with its samples, R peaks, mean heart rate and how sure its beats are, as review draws it. */
export function windowDetail(store: Store, q: WindowRef): WindowDetail {
  const dataset = requireDataset(store, q.name)
  const row = requireWindow(store, dataset, q.index)
  const samples = readWindowSamples(store.db, dataset.id, q.index) ?? new Float32Array(0)
  const rPeaks = detectRPeaks(samples, dataset.fs)
  const hr = meanHeartRate(rPeaks, dataset.fs)
  const beats = checkBeats(rPeaks, dataset.fs, samples.length)
  return { info: windowInfo(row), recordingId: row.recording_id, fs: dataset.fs, samples, rPeaks, heartRateBpm: Number.isFinite(hr) ? hr : null, beats }
}

/** The recordings of a dataset, in the order of their windows. */
export function listRecordings(store: Store, name: string): RecordingSummary[] {
  const dataset = requireDataset(store, name)
  return listRecordingRows(store.db, dataset.id).map((r) => ({
    id: r.id,
    subject: r.subject,
    trial: r.trial,
    channel: r.channel,
    durationS: r.duration_s,
    windows: r.window_count,
    excluded: r.excluded_count,
    firstIndex: r.first_idx ?? -1,
  }))
}

function requireRecording(store: Store, dataset: DatasetRow, recordingId: number): void {
  if (!recordingInDataset(store.db, dataset.id, recordingId)) {
    throw new InputError(`Dataset "${dataset.name}" has no recording with id ${recordingId}; list its recordings first (recordings:list).`)
  }
}

/**
 * The window of a recording at `timeS` among those the filters keep (the one whose span holds the
 * time, else the nearest), with its position in the filtered list: a click on the overview opens
 * exactly that window, however many windows the filters leave out before it.
 */
export function windowAtTime(store: Store, q: ApiRequest<'windows:at-time'>): WindowPlace {
  const dataset = requireDataset(store, q.name)
  requireRecording(store, dataset, q.recordingId)
  const found = findFilteredWindowAt(store.db, dataset.id, windowFilterOf(store, dataset, q), q.recordingId, q.timeS, dataset.window_samples / dataset.fs)
  if (found === undefined) throw new InputError('No window of this recording matches the filters; clear a filter to open its windows.')
  return { index: found.idx, position: found.position }
}

/**
 * A recording's windows joined between fromS and toS (clamped to the recording), downsampled by
 * per-bucket min/max to about maxPoints points when the span holds more samples than that.
 */
export function recordingOverview(store: Store, q: ApiRequest<'recordings:overview'>): RecordingOverview {
  const dataset = requireDataset(store, q.name)
  requireRecording(store, dataset, q.recordingId)
  const windowS = dataset.window_samples / dataset.fs
  const durationS = recordingWindowsEndS(store.db, q.recordingId, windowS)
  const toS = Math.min(q.toS ?? durationS, durationS)
  if (q.fromS >= toS) {
    throw new InputError(`The overview span ${q.fromS}–${toS} s is empty; the recording's windows cover 0–${durationS} s, so pick fromS below toS within that.`)
  }
  const builder = new OverviewBuilder(q.fromS, toS, dataset.fs, q.maxPoints)
  for (const w of iterateRecordingWindows(store.db, q.recordingId, q.fromS, toS, windowS)) builder.push(w.start_s, blobToFloat32(w.samples))
  const series = builder.result()
  return { recordingId: q.recordingId, fs: dataset.fs, fromS: q.fromS, toS, durationS, ...series }
}
