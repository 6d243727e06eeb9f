/**
 * The labels CSV of the generic adapters (csv, edf, wfdb): it maps a file, a subject or a
 * subject's trial — optionally narrowed to a time range — to scores.
 *
 * Format
 * - The first line is a header row (required). Delimiter: comma, semicolon or tab (taken from the
 *   header line; an Excel `sep=;` first line is honoured). UTF-8, with or without BOM.
 * - Key columns, recognised by name ignoring case, spaces and underscores:
 *   - `file` (also `filename`, `path`, `record`): path relative to the dataset folder, or a bare
 *     file name; the extension may be left out (`100` matches `100.hea`).
 *   - `subject` (also `participant`): subject id. With `file`, it names that file's subject;
 *     without `file`, the row selects every recording of that subject.
 *   - `trial`: trial id. With `file`, it names the recording; without, it narrows `subject`.
 *   - `start_s`, `end_s` (also `start`, `end`): a time range in seconds from the start of the
 *     recording; either may be left empty (start of / end of recording).
 *   - `event` (also `annotation`): the text of an EDF+ annotation; the range is the annotation's
 *     onset to onset + duration (or to the next annotation when it has no duration). With an
 *     event, `start_s`/`end_s` are offsets from the event's onset.
 * - Every other column is a label. A label column is numeric when all its non-empty cells are
 *   numbers (a decimal comma is accepted when the delimiter is not a comma), else text. Empty
 *   cells are missing values (null).
 * - A row needs `file` or `subject`; blank rows are ignored.
 */
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import Papa from 'papaparse'
import { InputError } from '../common/input-error.js'
import { findColumn } from './spreadsheet.js'
import type { LabelScale, LabelValue } from './types.js'

/** One data row of a labels CSV. */
export interface LabelRow {
  /** 1-based line number in the file, for messages. */
  readonly line: number
  readonly file: string | undefined
  readonly subject: string | undefined
  readonly trial: string | undefined
  readonly startS: number | undefined
  readonly endS: number | undefined
  readonly event: string | undefined
  /** One value per label column (null when the cell is empty). */
  readonly labels: Readonly<Record<string, LabelValue>>
}

export interface LabelsTable {
  readonly path: string
  /** Label columns in file order. */
  readonly labelNames: readonly string[]
  readonly labelKinds: Readonly<Record<string, 'number' | 'text'>>
  readonly rows: readonly LabelRow[]
}

const KEY_ALIASES = {
  file: ['file', 'filename', 'path', 'record'],
  subject: ['subject', 'participant'],
  trial: ['trial'],
  startS: ['start_s', 'start'],
  endS: ['end_s', 'end'],
  event: ['event', 'annotation'],
} as const
type KeyName = keyof typeof KEY_ALIASES

/** Reads and validates a labels CSV. Throws InputError (with the line number) on bad content. */
export async function readLabelsCsv(path: string): Promise<LabelsTable> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch {
    throw new InputError('the labels file cannot be read; check that it exists and that you may read it.', path)
  }
  const text = bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.toString('utf16le') : bytes.toString('utf8')
  return parseLabelsCsv(text, path)
}

/** Parses the text of a labels CSV (see the module comment for the format). */
export function parseLabelsCsv(text: string, path: string): LabelsTable {
  let body = text.replace(/^\ufeff/, '')
  let firstLine = 1
  let delimiter: string | undefined
  const sep = /^sep=(.)\r?\n/.exec(body)
  if (sep !== null) {
    delimiter = sep[1]
    body = body.slice(sep[0].length)
    firstLine = 2
  }
  const chosen = delimiter ?? guessDelimiter(body)
  const records = parseRecords(body, firstLine, chosen)
  const headerRecord = records[0]
  if (headerRecord === undefined) {
    throw new InputError('the labels file is empty; it needs a header row (e.g. file,subject,start_s,end_s,arousal) and one row per recording.', path)
  }
  const header = headerRecord.cells.map((c, i) => (c === '' ? `column${i + 1}` : c))
  const keys = keyColumns(header)
  if (keys.file === undefined && keys.subject === undefined) {
    const looksNumeric = header.every((c) => parseNumber(c, false) !== undefined)
    throw new InputError(
      looksNumeric
        ? 'the labels file has no header row; add a first line naming the columns, e.g. file,subject,start_s,end_s,arousal.'
        : `the labels file has no 'file' or 'subject' column (its header is: ${header.join(', ')}); name the column that says which recording a row belongs to 'file' or 'subject'.`,
      path,
    )
  }
  const duplicate = header.find((name, i) => header.indexOf(name) !== i)
  if (duplicate !== undefined) throw new InputError(`the labels file names the column '${duplicate}' twice; give every column its own name.`, path)
  const keyIndex = new Set(Object.values(keys).filter((i): i is number => i !== undefined))
  const labelColumns = header.map((name, index) => ({ name, index })).filter(({ index }) => !keyIndex.has(index))
  const decimalComma = chosen !== ','

  const dataRecords = records.slice(1).filter((r) => r.cells.some((c) => c !== ''))
  const labelKinds: Record<string, 'number' | 'text'> = {}
  for (const { name, index } of labelColumns) {
    const numeric = dataRecords.every((r) => {
      const cell = r.cells[index] ?? ''
      return cell === '' || parseNumber(cell, decimalComma) !== undefined
    })
    labelKinds[name] = numeric ? 'number' : 'text'
  }

  const rows = dataRecords.map((record): LabelRow => {
    if (record.cells.length > header.length && record.cells.slice(header.length).some((c) => c !== '')) {
      throw new InputError(`line ${record.line} of the labels file has ${record.cells.length} cells but the header has ${header.length}; remove the extra cells or name the column.`, path)
    }
    const key = (name: KeyName): string | undefined => {
      const index = keys[name]
      const cell = index === undefined ? '' : (record.cells[index] ?? '')
      return cell === '' ? undefined : cell
    }
    const file = key('file')
    const subject = key('subject')
    if (file === undefined && subject === undefined) {
      throw new InputError(`line ${record.line} of the labels file has neither a file nor a subject; fill one in or delete the row.`, path)
    }
    const time = (name: 'startS' | 'endS'): number | undefined => {
      const cell = key(name)
      if (cell === undefined) return undefined
      const value = parseNumber(cell, decimalComma)
      if (value === undefined || value < 0) {
        const column = header[keys[name] ?? 0] ?? name
        throw new InputError(`line ${record.line} of the labels file: ${column} '${cell}' is not a time in seconds (a number ≥ 0); fix the cell.`, path)
      }
      return value
    }
    const startS = time('startS')
    const endS = time('endS')
    if (startS !== undefined && endS !== undefined && endS <= startS) {
      throw new InputError(`line ${record.line} of the labels file: the range ends (${endS} s) before it starts (${startS} s); fix start_s or end_s.`, path)
    }
    const labels: Record<string, LabelValue> = {}
    for (const { name, index } of labelColumns) {
      const cell = record.cells[index] ?? ''
      labels[name] = cell === '' ? null : labelKinds[name] === 'number' ? (parseNumber(cell, decimalComma) ?? null) : cell
    }
    return { line: record.line, file, subject, trial: key('trial'), startS, endS, event: key('event'), labels }
  })
  return { path, labelNames: labelColumns.map((c) => c.name), labelKinds, rows }
}

/** "labels.csv line 7": how a row is named in skip reports. */
export function labelRowItem(table: LabelsTable, row: LabelRow): string {
  return `${basename(table.path)} line ${row.line}`
}

/**
 * Observed min and max of each numeric label over the given rows (all rows by default). These
 * are what the file holds, not a nominal scale: a column of 1–9 ratings where nobody answered 9
 * reports max 8.
 */
export function observedLabelScales(table: LabelsTable, rows: readonly LabelRow[] = table.rows): Record<string, LabelScale> {
  const scales: Record<string, LabelScale> = {}
  for (const name of table.labelNames) {
    if (table.labelKinds[name] !== 'number') continue
    let min = Number.POSITIVE_INFINITY
    let max = Number.NEGATIVE_INFINITY
    for (const row of rows) {
      const value = row.labels[name]
      if (typeof value !== 'number') continue
      if (value < min) min = value
      if (value > max) max = value
    }
    if (min <= max) scales[name] = { min, max }
  }
  return scales
}

interface CsvRecord {
  readonly line: number
  readonly cells: readonly string[]
}

/** Records with their starting line numbers (a quoted cell may span lines). */
function parseRecords(body: string, firstLine: number, delimiter: string): CsvRecord[] {
  const records: CsvRecord[] = []
  const newline = body.includes('\n') ? '\n' : '\r'
  let line = firstLine
  let counted = 0
  Papa.parse<string[]>(body, {
    delimiter,
    skipEmptyLines: false,
    step: (result) => {
      records.push({ line, cells: result.data.map((c) => c.trim()) })
      // The next record starts at the cursor: count the line breaks up to it.
      const cursor = result.meta.cursor
      for (let i = body.indexOf(newline, counted); i >= 0 && i < cursor; i = body.indexOf(newline, i + 1)) line++
      counted = cursor
    },
  })
  return records
}

/** The delimiter of the header line: the most frequent of , ; tab (comma when none occurs). */
function guessDelimiter(body: string): string {
  const end = body.search(/\r|\n/)
  const headerLine = end < 0 ? body : body.slice(0, end)
  let best = ','
  let bestCount = 0
  for (const candidate of [',', ';', '\t']) {
    const count = headerLine.split(candidate).length - 1
    if (count > bestCount) {
      best = candidate
      bestCount = count
    }
  }
  return best
}

function keyColumns(header: readonly string[]): Record<KeyName, number | undefined> {
  const out = {} as Record<KeyName, number | undefined>
  for (const name of Object.keys(KEY_ALIASES) as KeyName[]) {
    const found = findColumn(header, ...KEY_ALIASES[name])
    out[name] = found === undefined ? undefined : header.indexOf(found)
  }
  return out
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

function parseNumber(cell: string, decimalComma: boolean): number | undefined {
  if (NUMBER.test(cell)) return Number(cell)
  if (decimalComma && /^[+-]?\d*,\d+$/.test(cell)) return Number(cell.replace(',', '.'))
  return undefined
}
