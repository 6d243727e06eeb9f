/**
 * Where the real open ECG fixtures live: `../shared/data` beside the project (see
 * shared/data/README.md), or `$ECG_SSL_SHARED_DATA`. Missing fixtures fail loudly: the reader
 * tests are only worth something on the real files.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export const SHARED_DATA = process.env.ECG_SSL_SHARED_DATA ?? path.resolve(ROOT, '../shared/data')

if (!fs.existsSync(path.join(SHARED_DATA, 'wfdb'))) {
  throw new Error(`The real ECG fixtures were not found at ${SHARED_DATA}; put the shared data folder beside the project or set ECG_SSL_SHARED_DATA.`)
}

/** Absolute path of a fixture, e.g. sharedData('wfdb/mitdb_100/100.hea'). */
export function sharedData(relative: string): string {
  return path.join(SHARED_DATA, relative)
}
