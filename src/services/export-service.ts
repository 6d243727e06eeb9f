/**
 * Exporting a dataset for Python: `windows.npy` (N × windowSamples float32, NumPy format 1.0) and
 * `windows.csv` (one row per window: index, subject, trial, start_s, each label, quality,
 * excluded). Both are streamed window by window into temporary files that are renamed only when
 * everything was written, so a failed or cancelled export leaves nothing partial behind.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { ExportRequest, ExportResult, ImportProgress } from '../contracts/index.js'
import { InputError, throwIfCancelled } from '../common/input-error.js'
import type { LabelValue } from '../formats/types.js'
import type { Store } from '../store/store.js'
import { float32ToBlob } from '../store/float32-blob.js'
import { readWindowBatch } from '../store/windows-repo.js'
import { requireDataset } from './dataset-service.js'
import { npyHeader } from '../formats/npy.js'
import { ProgressThrottle } from './progress-throttle.js'

/** Options of an export. */
export interface ExportOptions {
  readonly onProgress?: ((p: ImportProgress) => void) | undefined
  readonly signal?: AbortSignal | undefined
}

const BATCH_WINDOWS = 256
const FIXED_COLUMNS = ['index', 'subject', 'trial', 'start_s', 'quality', 'excluded']

/** Quotes a CSV field when needed (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

function labelText(value: LabelValue | undefined): string {
  if (value === null || value === undefined) return ''
  return typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value
}

function errnoText(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err))
}

/**
 * Writes windows.npy and windows.csv of dataset `name` into `outDir` (created when missing).
 * Throws InputError when the files exist and `overwrite` is not set, or cannot be written. The
 * request arrives validated by `ecg-ssl export`, where it enters.
 */
export async function exportDataset(store: Store, req: ExportRequest, options: ExportOptions = {}): Promise<ExportResult> {
  const row = requireDataset(store, req.name)
  const outDir = path.resolve(req.outDir)
  const npyPath = path.join(outDir, 'windows.npy')
  const csvPath = path.join(outDir, 'windows.csv')
  if (fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory()) throw new InputError(`The export destination ${outDir} is a file, not a folder; pass a folder with --out.`, outDir)
  if (req.overwrite !== true) {
    for (const p of [npyPath, csvPath]) {
      if (fs.existsSync(p)) throw new InputError(`${p} already exists; choose another --out folder or pass --force to replace it.`, p)
    }
  }
  try {
    fs.mkdirSync(outDir, { recursive: true })
  } catch (err) {
    throw new InputError(`Cannot create the export folder ${outDir} (${errnoText(err)}); choose another --out folder.`, outDir)
  }

  const labelNames = JSON.parse(row.label_names_json) as string[]
  const labelColumns = labelNames.map((n) => (FIXED_COLUMNS.includes(n) ? `label_${n}` : n))
  const n = row.window_count
  const tag = `.${process.pid}-${Date.now()}.partial`
  const npyTmp = npyPath + tag
  const csvTmp = csvPath + tag
  const progress = new ProgressThrottle(options.onProgress)
  let npy: fs.promises.FileHandle | undefined
  let csv: fs.promises.FileHandle | undefined
  let bytes = 0
  try {
    npy = await fs.promises.open(npyTmp, 'wx')
    csv = await fs.promises.open(csvTmp, 'wx')
    const header = npyHeader([n, row.window_samples])
    await npy.write(header)
    bytes += header.length
    await csv.write(['index', 'subject', 'trial', 'start_s', ...labelColumns, 'quality', 'excluded'].map(csvField).join(',') + '\n')
    let written = 0
    while (written < n) {
      throwIfCancelled(options.signal)
      const batch = readWindowBatch(store.db, row.id, written, BATCH_WINDOWS)
      if (batch.length === 0) break
      const blobs: Buffer[] = []
      const lines: string[] = []
      for (const w of batch) {
        if (w.idx !== written) throw new Error(`window index ${w.idx} found where ${written} was expected in dataset ${row.name}`)
        if (w.samples.length !== row.window_samples) throw new Error(`window ${w.idx} of dataset ${row.name} has ${w.samples.length} samples instead of ${row.window_samples}`)
        blobs.push(float32ToBlob(w.samples))
        const labels = JSON.parse(w.labels_json) as Record<string, LabelValue>
        lines.push([String(w.idx), csvField(w.subject), csvField(w.trial), String(w.start_s), ...labelNames.map((l) => csvField(labelText(labels[l]))), w.quality, String(w.excluded)].join(',') + '\n')
        written++
      }
      const data = Buffer.concat(blobs)
      await npy.write(data)
      await csv.write(lines.join(''))
      bytes += data.length
      progress.emit({ phase: 'writing', done: written, total: n, unit: 'windows', message: `exporting ${row.name}` })
    }
    if (written !== n) throw new Error(`dataset ${row.name} should hold ${n} windows but ${written} were found`)
    await npy.sync()
    await csv.sync()
    await npy.close()
    npy = undefined
    await csv.close()
    csv = undefined
    fs.renameSync(npyTmp, npyPath)
    fs.renameSync(csvTmp, csvPath)
    bytes += fs.statSync(csvPath).size
  } catch (err) {
    await npy?.close().catch(() => undefined)
    await csv?.close().catch(() => undefined)
    for (const p of [npyTmp, csvTmp]) fs.rmSync(p, { force: true })
    const code = (err as NodeJS.ErrnoException).code
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      throw new InputError(`Cannot write the export into ${outDir} (${code}); check free space and permissions or choose another --out folder.`, outDir)
    }
    throw err
  }
  return { dataset: row.name, windows: n, windowSamples: row.window_samples, npy: npyPath, csv: csvPath, bytes }
}
