/**
 * Text files whose channels are rows: a MATLAB row vector (`writematrix(ecg')`, the whole
 * recording on one line: an hour at 2048 Hz is about 60 MB), or a channels × samples matrix.
 * sniffLayout recognises them (many more values per row than rows, or a line too long to be one
 * sample); this module walks them without ever holding a line: the file arrives in chunk-sized
 * pieces (forEachPiece) and is cut into cells on the fly, a cell split between two pieces being
 * carried over. Only the values of the wanted row are kept.
 */
import { InputError, throwIfCancelled } from '../../common/input-error.js'
import type { ChannelInfo } from '../types.js'
import type { TextSignalFile } from './index.js'
import { notANumber, parseCell, parseRange } from './cells.js'
import { MAX_ROW_CHANNELS, type TextLayout } from './layout.js'
import { forEachPiece } from './line-reader.js'
import { pickSplit } from './metadata.js'
import { noNumbersWarning, textSignalFile } from './signal-file.js'
import { term } from '../../common/wording.js'

/** One channel row of the file, as the validating walk found it. */
export interface ChannelRow {
  readonly lineNumber: number
  /** The row's first cell, when the rows are named ("ECG, 0.1, …"). */
  readonly name: string | undefined
  /** Values in the row (the name not counted; a trailing delimiter does not make one). */
  readonly count: number
  /** How many of them are empty or NaN. */
  readonly nanCount: number
}

/** A cell longer than this is no number; it is reported rather than carried on (binary junk). */
const MAX_CELL_CHARS = 1000

interface Walk {
  /** Row whose values go to `out`; -1 for none. */
  readonly want: number
  readonly out: Float64Array | undefined
  /** Parse (and so validate) every cell, not only the wanted row's. */
  readonly validate: boolean
}

/**
 * The TextSignalFile of a file whose channels are rows, at the rate already settled (the option
 * or the metadata: such files have no time column). Channel names: the rows' own names, else the
 * metadata's labels when they fit, else row1, row2, ….
 */
export async function openChannelRows(
  path: string,
  layout: TextLayout,
  rate: { fs: number; fsSource: TextSignalFile['fsSource']; warnings: string[] },
  signal: AbortSignal | undefined,
): Promise<TextSignalFile> {
  const { fs, fsSource, warnings } = rate
  const rows = await scanChannelRows(path, layout, signal)
  const labels = layout.rowNames ? undefined : pickSplit(layout.metadata.labels, rows.length)
  const names = rows.map((r, k) => r.name ?? labels?.[k] ?? `row${k + 1}`)
  const units = pickSplit(layout.metadata.units, rows.length)
  const empty = rows.filter((r) => r.count === r.nanCount)
  if (empty.length === rows.length) {
    throw new InputError(`every value of ${rows.length === 1 ? 'the signal row' : 'every signal row'} is empty or NaN; there are no samples to import.`, path)
  }
  if (empty.length > 0) warnings.push(noNumbersWarning('row', empty.map((r) => `${r.lineNumber}`)))
  const counts = new Set(rows.map((r) => r.count))
  if (counts.size > 1) warnings.push(`the rows hold different numbers of values (${rows.map((r) => r.count).join(', ')}); each channel is as long as its row.`)
  warnings.push(`the file holds ${rows.length === 1 ? 'one signal as a row vector' : `${rows.length} channels as rows`} (${rows[0]?.count ?? 0} values${rows.length === 1 ? '' : ' in the first'}), not as columns.`)
  const channels: ChannelInfo[] = rows.map((r, index) => ({ index, name: names[index] as string, unit: units?.[index] ?? '', fs, sampleCount: r.count }))
  return textSignalFile(path, layout, {
    channels,
    warnings,
    nanCounts: rows.map((r) => r.nanCount),
    fsSource,
    readChannel: async (index: number) => {
      const row = Number.isInteger(index) ? rows[index] : undefined
      if (row === undefined) throw new InputError(`there is no channel ${index}; the file has ${rows.length} (0 to ${rows.length - 1}).`, path)
      if (row.count === row.nanCount) {
        throw new InputError(`channel '${names[index] ?? ''}' holds no numbers (every value is empty or NaN); choose another channel with ${term('channel-flag')}.`, path)
      }
      return readChannelRow(path, layout, index, row.count, signal)
    },
  })
}

/** Streams the file once, checking every cell; returns the rows found (one per channel). */
export async function scanChannelRows(path: string, layout: TextLayout, signal?: AbortSignal): Promise<ChannelRow[]> {
  return walkRows(path, layout, { want: -1, out: undefined, validate: true }, signal)
}

/** The values of channel row `row`, which the scan found to hold `count` values. */
export async function readChannelRow(path: string, layout: TextLayout, row: number, count: number, signal?: AbortSignal): Promise<Float64Array> {
  const out = new Float64Array(count)
  const rows = await walkRows(path, layout, { want: row, out, validate: false }, signal)
  if (rows[row]?.count !== count) throw new InputError('the file changed while it was being read; import it again.', path)
  return out
}

async function walkRows(path: string, layout: TextLayout, walk: Walk, signal: AbortSignal | undefined): Promise<ChannelRow[]> {
  const { delimiter, decimalComma, firstDataLine, rowNames } = layout
  const sep = delimiter === 'whitespace' || delimiter === 'none' ? undefined : delimiter
  const rows: { lineNumber: number; name: string | undefined; count: number; nanCount: number }[] = []
  let state: 'start' | 'skip' | 'data' = 'start'
  let carry = ''
  let cells = 0
  let row = rows[0]
  let parse = false
  let n = 0

  const cell = (text: string, start: number, end: number, lineNumber: number): void => {
    cells++
    const current = row as (typeof rows)[number]
    if (end - start > MAX_CELL_CHARS) runsOn(lineNumber)
    if (rowNames && cells === 1) {
      current.name = unquote(text.slice(start, end).trim())
      return
    }
    current.count++
    if (!parse) return
    let value = parseRange(text, start, end, decimalComma)
    if (value === undefined) value = parseCell(unquote(text.slice(start, end).trim()), decimalComma)
    if (value === undefined) {
      const raw = text.slice(start, end).trim()
      throw new InputError(`line ${lineNumber}, value ${current.count}: ${notANumber(raw)}; fix or remove it.`, path)
    }
    if (Number.isNaN(value)) current.nanCount++
    if (walk.out !== undefined && rows.length - 1 === walk.want) {
      if (n >= walk.out.length) throw new InputError('the file changed while it was being read; import it again.', path)
      walk.out[n++] = value
    }
  }
  const runsOn = (lineNumber: number): never => {
    throw new InputError(`line ${lineNumber}, value ${(row?.count ?? 0) + 1} runs on for more than ${MAX_CELL_CHARS} characters; it is not a number, so this is not a text signal file.`, path)
  }
  const carried = (lineNumber: number): void => {
    if (carry.length > MAX_CELL_CHARS) runsOn(lineNumber)
  }
  /** Cells of one piece of a data line, from `from`; `ends` when the line ends with it. */
  const cut = (piece: string, from: number, ends: boolean, lineNumber: number): void => {
    if (sep !== undefined) {
      let i = from
      for (;;) {
        const j = piece.indexOf(sep, i)
        if (j < 0) break
        if (carry === '') {
          cell(piece, i, j, lineNumber)
        } else {
          const text = carry + piece.slice(i, j)
          carry = ''
          cell(text, 0, text.length, lineNumber)
        }
        i = j + 1
      }
      const tail = carry + piece.slice(i)
      carry = ''
      if (!ends) {
        carry = tail
        carried(lineNumber)
      } else if (tail.trim() !== '' || cells === 0) {
        // An empty cell after the last delimiter is a trailing delimiter, not a missing value.
        cell(tail, 0, tail.length, lineNumber)
      }
      return
    }
    let i = from
    const length = piece.length
    while (i < length) {
      if (isBlank(piece.charCodeAt(i))) {
        if (carry !== '') {
          const text = carry
          carry = ''
          cell(text, 0, text.length, lineNumber)
        }
        i++
        continue
      }
      let j = i
      while (j < length && !isBlank(piece.charCodeAt(j))) j++
      if (j === length && !ends) {
        carry += piece.slice(i, j)
        carried(lineNumber)
        break
      }
      if (carry === '') {
        cell(piece, i, j, lineNumber)
      } else {
        const text = carry + piece.slice(i, j)
        carry = ''
        cell(text, 0, text.length, lineNumber)
      }
      i = j
    }
    if (ends && carry !== '') {
      const text = carry
      carry = ''
      cell(text, 0, text.length, lineNumber)
    }
  }

  await forEachPiece(
    path,
    (piece, lineNumber, ends) => {
      if (state === 'start') {
        let first = 0
        while (first < piece.length && isBlank(piece.charCodeAt(first))) first++
        if (lineNumber < firstDataLine || (first < piece.length && piece.charCodeAt(first) === 35)) {
          state = 'skip' // before the data, or a '#' comment
        } else if (first < piece.length) {
          if (rows.length >= MAX_ROW_CHANNELS) {
            throw new InputError(
              `the file has more than ${MAX_ROW_CHANNELS} rows of many values; a text signal holds its channels either as columns (one row per sample) or as at most ${MAX_ROW_CHANNELS} rows (one per channel).`,
              path,
            )
          }
          throwIfCancelled(signal)
          row = { lineNumber, name: undefined, count: 0, nanCount: 0 }
          rows.push(row)
          parse = walk.validate || rows.length - 1 === walk.want
          cells = 0
          state = 'data'
          cut(piece, first, ends, lineNumber)
        }
        // else: blanks so far; the line's kind is decided by its first non-blank character.
      } else if (state === 'data') {
        cut(piece, 0, ends, lineNumber)
      }
      if (ends) state = 'start'
    },
    { signal },
  )
  return rows
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9
}

function unquote(cell: string): string {
  return cell.length >= 2 && cell.startsWith('"') && cell.endsWith('"') ? cell.slice(1, -1).replaceAll('""', '"').trim() : cell
}
