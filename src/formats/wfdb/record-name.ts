/**
 * WFDB records are named without extension: `rdsamp -r 100` and wfdb-python's
 * `rdrecord('100')` read `100.hea` and the data files it names. The workbench takes the same
 * names wherever it takes a path to a WFDB record (import, channels, the wizard's picker).
 */
import { statSync } from 'node:fs'

/**
 * The header `<path>.hea` when `path` is a record name (no file or folder of that name exists,
 * but `<path>.hea` is a file); otherwise `path` unchanged.
 */
export function wfdbRecordPath(path: string): string {
  if (exists(path) || path.toLowerCase().endsWith('.hea')) return path
  const header = `${path}.hea`
  return isFile(header) ? header : path
}

function exists(path: string): boolean {
  try {
    statSync(path)
    return true
  } catch {
    return false
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}
