/**
 * `ecg-ssl transforms`: the seven variants of chosen windows of a dataset, written as
 * `variants.npy` (k × 7 × windowSamples float32, NumPy format 1.0, variant order of METHOD §3)
 * for figures and for checking the transformations from Python. Written to a temporary file
 * renamed at the end, so a failure leaves nothing partial behind.
 */
import fs from 'node:fs'
import path from 'node:path'
import { InputError } from '../common/input-error.js'
import { readWindow, requireDataset } from './dataset-service.js'
import { npyHeader } from '../formats/npy.js'
import { float32ToBlob } from '../store/float32-blob.js'
import type { Store } from '../store/store.js'
import { VARIANT_COUNT, VARIANT_NAMES, WindowTransformer, type TransformParams } from '../transforms/transforms.js'

/** What to export. */
export interface ExportVariantsRequest {
  readonly name: string
  /** Dataset window indices (0-based, as in `ecg-ssl windows`); repeats allowed. */
  readonly windows: readonly number[]
  readonly seed: number
  readonly epoch?: number
  readonly outDir: string
  readonly params?: Partial<TransformParams>
  /** Replace an existing variants.npy. */
  readonly overwrite?: boolean
}

/** What was written (the `--json` output of `ecg-ssl transforms`). */
export interface ExportVariantsResult {
  readonly dataset: string
  readonly windows: number[]
  readonly seed: number
  readonly epoch: number
  readonly out: string
  readonly npy: string
  readonly shape: [number, number, number]
  readonly variants: readonly string[]
  readonly params: TransformParams
}

function checkKeyPart(value: number, what: string, flag: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new InputError(`The ${what} must be a whole number of 0 or more (got ${value}); pass e.g. ${flag} 0.`)
}

/** Writes variants.npy of `request.windows` of dataset `request.name` into `request.outDir`. */
export async function exportVariants(store: Store, request: ExportVariantsRequest): Promise<ExportVariantsResult> {
  const row = requireDataset(store, request.name)
  const epoch = request.epoch ?? 0
  checkKeyPart(request.seed, 'seed', '--seed')
  checkKeyPart(epoch, 'epoch', '--epoch')
  if (request.windows.length === 0) throw new InputError('Name at least one window, e.g. --windows 0,1,2 (indices as listed by `ecg-ssl windows`).')
  for (const w of request.windows) {
    if (!Number.isSafeInteger(w) || w < 0 || w >= row.window_count) {
      throw new InputError(`Dataset "${row.name}" has no window ${w} (it has ${row.window_count}, numbered from 0); pick indices listed by \`ecg-ssl windows ${row.name}\`.`)
    }
  }
  const n = row.window_samples
  const transformer = new WindowTransformer(n, request.params)
  const outDir = path.resolve(request.outDir)
  const npyPath = path.join(outDir, 'variants.npy')
  if (fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory()) throw new InputError(`The destination ${outDir} is a file, not a folder; pass a folder with --out.`, outDir)
  if (request.overwrite !== true && fs.existsSync(npyPath)) throw new InputError(`${npyPath} already exists; choose another --out folder or pass --force to replace it.`, npyPath)

  const k = request.windows.length
  const shape: [number, number, number] = [k, VARIANT_COUNT, n]
  const tmp = `${npyPath}.${process.pid}-${Date.now()}.partial`
  let file: fs.promises.FileHandle | undefined
  try {
    fs.mkdirSync(outDir, { recursive: true })
    file = await fs.promises.open(tmp, 'wx')
    await file.write(npyHeader(shape))
    const variants = new Float32Array(VARIANT_COUNT * n)
    for (const w of request.windows) {
      transformer.transform(readWindow(store, row.name, w), request.seed, epoch, w, variants)
      await file.write(float32ToBlob(variants))
    }
    await file.sync()
    await file.close()
    file = undefined
    fs.renameSync(tmp, npyPath)
  } catch (err) {
    await file?.close().catch(() => undefined)
    fs.rmSync(tmp, { force: true })
    const code = (err as NodeJS.ErrnoException).code
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      throw new InputError(`Cannot write variants.npy into ${outDir} (${code}); check free space and permissions or choose another --out folder.`, outDir)
    }
    throw err
  }
  return { dataset: row.name, windows: [...request.windows], seed: request.seed, epoch, out: outDir, npy: npyPath, shape, variants: VARIANT_NAMES, params: transformer.params }
}
