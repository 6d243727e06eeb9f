/**
 * Works out how a text signal file is laid out from its first lines: `#` metadata, delimiter,
 * header row, number of columns and which column (if any) holds time.
 */
import { InputError } from '../input-error.js'
import { countDelimiters, isNumericCell, splitRow, type Delimiter } from './cells.js'
import { forEachLine } from './line-reader.js'
import { parseMetadata, type TextMetadata } from './metadata.js'

/** How many content lines the delimiter guess looks at. */
const SNIFF_LINES = 200
/** More than the longest line allowed, so that a too-long first line is reported as such. */
const SNIFF_BYTES = 2 << 20

export interface TextLayout {
  readonly delimiter: Delimiter
  /** "1,5" means 1.5: true whenever the delimiter is not a comma. */
  readonly decimalComma: boolean
  readonly metadata: TextMetadata
  /** 1-based line number of the header row; undefined when the file has none. */
  readonly headerLine: number | undefined
  /** Column names from the header (empty ones become columnN); undefined without a header. */
  readonly header: readonly string[] | undefined
  /** Number of cells in every data row (a trailing delimiter does not count). */
  readonly columnCount: number
  /** Line number of the first data row, for messages. */
  readonly firstDataLine: number
}

interface ContentLine {
  readonly text: string
  readonly lineNumber: number
}

/**
 * Reads the start of the file and returns its layout.
 * Throws InputError for an empty file, a file with only comments, or a header with the wrong
 * number of columns.
 */
export async function sniffLayout(path: string, options: { signal?: AbortSignal | undefined; delimiter?: Delimiter | undefined } = {}): Promise<TextLayout> {
  const comments: string[] = []
  const content: ContentLine[] = []
  await forEachLine(
    path,
    (line, lineNumber) => {
      const trimmed = line.trim()
      if (trimmed === '') return true
      if (trimmed.startsWith('#')) {
        if (content.length === 0) comments.push(trimmed)
        return true
      }
      content.push({ text: line, lineNumber })
      return content.length < SNIFF_LINES
    },
    { signal: options.signal, maxBytes: SNIFF_BYTES },
  )
  if (content.length === 0) {
    const what = comments.length === 0 ? 'the file is empty' : 'the file holds only # comment lines and no samples'
    throw new InputError(`${what}; a text signal needs one row of numbers per sample.`, path)
  }
  const metadata = parseMetadata(comments)
  const delimiter = options.delimiter ?? guessDelimiter(content.map((c) => c.text))
  const decimalComma = delimiter !== ','

  const first = content[0] as ContentLine
  const firstCells = splitRow(first.text, delimiter)
  const hasHeader = firstCells.some((cell) => !isNumericCell(cell, decimalComma))
  const dataStart = hasHeader ? 1 : 0
  const firstData = content[dataStart]
  if (firstData === undefined) {
    throw new InputError(`the file has a header row (line ${first.lineNumber}) but no samples after it; a text signal needs one row of numbers per sample.`, path)
  }
  const dataRows = content.slice(dataStart).map((c) => splitRow(c.text, delimiter))
  let columnCount: number
  let header: string[] | undefined
  if (hasHeader) {
    header = withoutTrailingEmpty(firstCells).map((name, i) => (name === '' ? `column${i + 1}` : name))
    columnCount = header.length
    const cells = dataRows[0] ?? []
    const fits = cells.length === columnCount || (cells.length === columnCount + 1 && cells[columnCount] === '')
    if (!fits) {
      throw new InputError(
        `the header (line ${first.lineNumber}) names ${columnCount} columns but line ${firstData.lineNumber} has ${cells.length} values; make the header match the data.`,
        path,
      )
    }
  } else {
    // Without a header, a trailing delimiter is recognised when every sampled row of the usual
    // width ends in one ("1,2," everywhere means two columns, not three).
    columnCount = modalValue(dataRows.map((cells) => cells.length))
    const usual = dataRows.filter((cells) => cells.length === columnCount)
    if (columnCount > 1 && usual.every((cells) => cells[columnCount - 1] === '')) columnCount--
  }
  return {
    delimiter,
    decimalComma,
    metadata,
    headerLine: hasHeader ? first.lineNumber : undefined,
    header,
    columnCount,
    firstDataLine: firstData.lineNumber,
  }
}

/** A row ending in a delimiter ("1,2,") has an empty last cell that is not a column. */
export function withoutTrailingEmpty(cells: string[]): string[] {
  return cells.length > 1 && cells[cells.length - 1] === '' ? cells.slice(0, -1) : cells
}

/**
 * Tab, then semicolon, then comma, then pipe: the first that occurs in the first line and the
 * same number of times in most (over half) of the sampled lines, so that a ragged row is
 * reported as such rather than changing the guess. Semicolon is tried before comma because files
 * with a semicolon delimiter use the comma as decimal separator; a candidate whose cells hold
 * space-separated numbers ("1,5 2,5": decimal commas between spaces) is not the delimiter.
 * Otherwise whitespace-separated columns, otherwise one value per line.
 */
export function guessDelimiter(lines: readonly string[]): Delimiter {
  for (const delimiter of ['\t', ';', ',', '|'] as const) {
    const counts = lines.map((line) => countDelimiters(line, delimiter))
    if ((counts[0] ?? 0) === 0 || modalValue(counts) === 0 || modalShare(counts) <= 0.5) continue
    const spaced = lines.slice(1).some((line) => splitRow(line, delimiter).some((cell) => /\d\s+[+-]?\d/.test(cell)))
    if (!spaced) return delimiter
  }
  const widths = lines.map((line) => line.trim().split(/[ \t]+/).length)
  if ((widths[0] ?? 0) > 1 && modalValue(widths) > 1 && modalShare(widths) > 0.5) return 'whitespace'
  return 'none'
}

function tallyOf(values: readonly number[]): Map<number, number> {
  const tally = new Map<number, number>()
  for (const v of values) tally.set(v, (tally.get(v) ?? 0) + 1)
  return tally
}

function modalShare(values: readonly number[]): number {
  return Math.max(...tallyOf(values).values()) / values.length
}

/** The most frequent value; on a tie, the one seen first. */
function modalValue(values: readonly number[]): number {
  let best = values[0] ?? 0
  let bestCount = 0
  for (const [value, count] of tallyOf(values)) {
    if (count > bestCount) {
      best = value
      bestCount = count
    }
  }
  return best
}
