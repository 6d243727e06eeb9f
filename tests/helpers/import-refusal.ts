/**
 * The bad-input contract at the import level: a broken file either imports or is refused with
 * ONE InputError sentence (one line, no stack, no raw JS error, naming the file), and the store
 * keeps no trace of it — no dataset, no source, no subject, no recording, no window.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { expect } from 'vitest'
import type { ImportRequest } from '../../src/contracts/import.js'
import type { ChannelPreviewRequest } from '../../src/contracts/preview.js'
import { getAdapter } from '../../src/formats/adapters/index.js'
import { InputError } from '../../src/common/input-error.js'
import type { AdapterOptions, DatasetKind } from '../../src/formats/types.js'
import { previewChannels } from '../../src/services/channel-preview.js'
import { importDataset, type ImportOptions } from '../../src/services/import-service.js'
import { openStore, type Store } from '../../src/store/store.js'

/** Short windows keep imports of the broken files fast; the contract does not depend on them. */
export const FAST_PREPROCESS: ImportOptions['preprocess'] = { windowSeconds: 2 }

/** A temporary folder and store for one test file; `close()` removes both. */
export interface RefusalBench {
  readonly store: Store
  /** A fresh empty folder holding the given files (relative path → bytes or text). */
  folder(files: Record<string, string | Uint8Array>): Promise<string>
  /** Rows left in the tables an import writes (all must stay 0 after a refusal). */
  traces(): Record<string, number>
  close(): Promise<void>
}

export async function openRefusalBench(prefix: string): Promise<RefusalBench> {
  const root = await mkdtemp(join(tmpdir(), prefix))
  const store = openStore(join(root, 'store.sqlite'))
  let n = 0
  return {
    store,
    async folder(files) {
      const dir = join(root, `case${n++}`)
      await mkdir(dir)
      for (const [rel, content] of Object.entries(files)) {
        await mkdir(dirname(join(dir, rel)), { recursive: true })
        await writeFile(join(dir, rel), content)
      }
      return dir
    },
    traces() {
      const out: Record<string, number> = {}
      for (const table of ['datasets', 'import_sources', 'subjects', 'recordings', 'windows']) {
        out[table] = (store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
      }
      return out
    },
    async close() {
      store.close()
      await rm(root, { recursive: true, force: true })
    },
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : JSON.stringify(error) ?? typeof error
}

/** Removes what a successful import stored, so the next case starts from an empty store. */
export function clearStore(bench: RefusalBench): void {
  bench.store.db.exec('DELETE FROM windows; DELETE FROM recordings; DELETE FROM subjects; DELETE FROM import_sources; DELETE FROM datasets')
}

const NOTHING = { datasets: 0, import_sources: 0, subjects: 0, recordings: 0, windows: 0 }

/** Asserts that `error` honours the one-sentence contract; returns its message. */
export function expectOneSentence(error: unknown, mentions?: string): string {
  expect(error, describeError(error)).toBeInstanceOf(InputError)
  const message = (error as InputError).message
  // eslint-disable-next-line no-control-regex
  expect(message).not.toMatch(/[\u0000-\u001f\u007f]/)
  expect(message).not.toMatch(/RangeError|TypeError|SyntaxError|ReferenceError|undefined|NaN Hz|\[object |\bat .*\.[jt]s:\d+/)
  expect(message.trim().length).toBeGreaterThan(10)
  if (mentions !== undefined) expect(message).toContain(mentions)
  return message
}

/** Runs the real import of `request` into the bench's store and returns the error (or undefined). */
export async function tryImport(bench: RefusalBench, request: Omit<ImportRequest, 'name'> & { name?: string }, options: ImportOptions = {}): Promise<unknown> {
  return importDataset(bench.store, { name: 'broken', ...request }, { preprocess: FAST_PREPROCESS, ...options }).then(
    () => undefined,
    (e: unknown) => e,
  )
}

/**
 * Imports `request` and asserts it is refused with one sentence matching `pattern` that names
 * `mentions` (default: the path imported), leaving nothing stored.
 */
export async function expectRefused(
  bench: RefusalBench,
  request: Omit<ImportRequest, 'name'>,
  pattern: RegExp,
  options: ImportOptions & { mentions?: string } = {},
): Promise<string> {
  const { mentions, ...importOptions } = options
  const error = await tryImport(bench, request, importOptions)
  if (error === undefined) {
    clearStore(bench)
    expect.fail(`${request.path} was imported instead of being refused`)
  }
  const message = expectOneSentence(error, mentions ?? request.path)
  expect(message).toMatch(pattern)
  expect(bench.traces()).toEqual(NOTHING)
  return message
}

/**
 * Fuzz contract: imports `request`; success is fine (the dataset is then deleted again), a
 * failure must be one sentence and leave nothing stored. Returns 'ok' or the message.
 */
export async function importOrRefuse(bench: RefusalBench, request: Omit<ImportRequest, 'name'>, label: string, options: ImportOptions = {}): Promise<string> {
  const error = await tryImport(bench, request, options)
  if (error === undefined) {
    clearStore(bench)
    return 'ok'
  }
  expect(error, `${label}: ${describeError(error)}`).toBeInstanceOf(InputError)
  const message = (error as InputError).message
  // eslint-disable-next-line no-control-regex
  expect(message, label).not.toMatch(/[\u0000-\u001f\u007f]/)
  expect(message, label).not.toMatch(/RangeError|TypeError|SyntaxError|ReferenceError|\[object |\bat .*\.[jt]s:\d+/)
  expect(bench.traces(), label).toEqual(NOTHING)
  return message
}

/**
 * "A file that changes while being read": the kind's real adapter scans the dataset, then
 * `change` damages the files (another process truncating or rewriting them) before the import
 * loads the recordings.
 */
export async function changingAdapter(kind: DatasetKind, change: () => Promise<void>): Promise<ImportOptions['adapters']> {
  const real = await getAdapter(kind)
  return {
    [kind]: async (options: AdapterOptions) => {
      const scan = await real(options)
      await change()
      return scan
    },
  }
}

/**
 * The channel preview (what the app shows before an import) on the same broken input: it may
 * succeed (it reads headers, not all the data), but a failure is one sentence too.
 */
export async function expectPreviewSafe(request: ChannelPreviewRequest): Promise<void> {
  const error = await previewChannels(request).then(() => undefined, (e: unknown) => e)
  if (error !== undefined) expectOneSentence(error)
}
