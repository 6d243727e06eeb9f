/**
 * Finding and opening the files of a generic dataset (csv, edf, wfdb): one file or a folder
 * searched recursively, and the default subject and trial a file stands for.
 */
import { stat } from 'node:fs/promises'
import { basename, dirname, extname, relative, resolve, sep } from 'node:path'
import { DATASET_KIND_INFO } from '../../contracts/dataset-kinds.js'
import { openEdf } from '../edf/index.js'
import { findFiles } from '../find-files.js'
import { InputError } from '../../common/input-error.js'
import { openMatSignal } from '../mat/mat-signal-file.js'
import { openSpreadsheetSignal } from '../spreadsheet-signal.js'
import { openTextSignal } from '../text/index.js'
import type { SignalFile } from '../types.js'
import { openWfdb, segmentHeadersOf, wfdbRecordPath, type AnyWfdbRecord } from '../wfdb/index.js'

export type GenericKind = 'csv' | 'edf' | 'wfdb'


export interface DatasetFile {
  readonly path: string
  /** Path relative to the dataset folder with '/' separators (the file name for a single file). */
  readonly rel: string
  /** File name without extension. */
  readonly stem: string
  /** Default subject: the first folder level under the dataset folder, else the file stem. */
  readonly subject: string
  /** Default trial: the file's path below the subject folder without extension, else 'recording'. */
  readonly trial: string
}

export interface DatasetFiles {
  readonly root: string
  /** True when the user pointed at one file rather than a folder. */
  readonly single: boolean
  readonly files: readonly DatasetFile[]
}

/**
 * The files of `kind` at `path` (a file, or a folder searched recursively; hidden entries and
 * the labels file are left out), sorted by relative path with numbers in natural order.
 * Throws InputError when the path does not exist or the folder holds no such files.
 */
export async function findDatasetFiles(path: string, kind: GenericKind, exclude: readonly string[], signal?: AbortSignal): Promise<DatasetFiles> {
  const absolute = resolve(sourcePathOf(kind, path))
  let info
  try {
    info = await stat(absolute)
  } catch {
    throw new InputError('the dataset path does not exist or cannot be read; check the path.', path)
  }
  if (info.isFile()) {
    const root = dirname(absolute)
    return { root, single: true, files: [describeFile(root, absolute, true)] }
  }
  // The endings each kind reads are its descriptor's (for wfdb the headers; their .dat files come
  // along): csv takes tables of samples as labs export them (text, MATLAB .mat, .xlsx sheets).
  const extensions: readonly string[] = DATASET_KIND_INFO[kind].extensions
  const skip = new Set(exclude.map((p) => resolve(p)))
  const found = await findFiles(absolute, (name, full) => extensions.includes(extname(name).toLowerCase()) && !skip.has(full), { maxDepth: Infinity, signal })
  if (found.length === 0) {
    throw new InputError(`no ${extensions.join(' / ')} files were found in this folder or its subfolders; check the path or the dataset kind.`, path)
  }
  // A multi-segment record's segment and layout headers are read through its master header.
  const segments = kind === 'wfdb' ? await segmentHeadersOf(found) : new Set<string>()
  const files = found.filter((file) => !segments.has(resolve(file))).map((file) => describeFile(absolute, file, false))
  files.sort((a, b) => a.rel.localeCompare(b.rel, 'en', { numeric: true }))
  return { root: absolute, single: false, files }
}

/**
 * The file or folder a dataset path stands for: a WFDB record name without extension
 * (`…/mitdb_100/100`, as `rdsamp -r 100` takes it) is its `.hea` header; any other path is itself.
 */
export function sourcePathOf(kind: string, path: string): string {
  return kind === 'wfdb' ? wfdbRecordPath(path) : path
}

function describeFile(root: string, path: string, single: boolean): DatasetFile {
  const rel = single ? basename(path) : relative(root, path).split(sep).join('/')
  const stem = basename(path, extname(path))
  const parts = rel.split('/')
  if (parts.length > 1) {
    const below = parts.slice(1).join('/')
    return { path, rel, stem, subject: parts[0] as string, trial: below.slice(0, below.length - extname(below).length) }
  }
  return { path, rel, stem, subject: stem, trial: 'recording' }
}

/** Opens one file with the reader of its kind. */
export async function openSignalFile(kind: GenericKind, path: string, options: { fs?: number | undefined; signal?: AbortSignal | undefined }): Promise<SignalFile> {
  switch (kind) {
    case 'csv':
      switch (extname(path).toLowerCase()) {
        case '.mat':
          return openMatSignal(path, { fs: options.fs, signal: options.signal })
        case '.xlsx':
          return openSpreadsheetSignal(path, { fs: options.fs })
        default:
          return openTextSignal(path, { fs: options.fs, signal: options.signal })
      }
    case 'edf':
      return openEdf(path)
    case 'wfdb':
      return openWfdb(path)
  }
}

/** The files a signal file's samples come from (a WFDB record's headers and data files). */
export function filesOf(file: SignalFile): string[] {
  if (file.format !== 'wfdb') return [file.path]
  return [...(file as AnyWfdbRecord).files]
}

/** An InputError's message without the "path: " prefix the error adds, for skip reasons. */
export function reasonOf(error: InputError, path: string): string {
  const prefix = `${error.file ?? path}: `
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message
}
