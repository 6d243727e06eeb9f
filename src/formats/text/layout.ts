/**
 * Works out how a text signal file is laid out from its first lines: `#` metadata, delimiter,
 * header row, number of columns and which column (if any) holds time.
 */
import { InputError } from '../../common/input-error.js'
import { countDelimiters, isNumericCell, splitRow, type Delimiter } from './cells.js'
import { forEachPiece } from './line-reader.js'
import { parseMetadata, type TextMetadata } from './metadata.js'
import { MAX_ROW_CHANNELS, WIDE_RATIO } from '../orientation.js'

/** How many content lines the delimiter guess looks at. */
const SNIFF_LINES = 200
/** How much of the file the layout guess reads at most. */
const SNIFF_BYTES = 2 << 20
/** How much of one line the guess keeps: a longer line is a row of many values (a row vector). */
const PREFIX_CHARS = 1 << 16
// Channels stored as rows (a MATLAB row vector, or a channels × samples matrix): the rule all
// readers share.
export { MAX_ROW_CHANNELS } from '../orientation.js'

export interface TextLayout {
  readonly delimiter: Delimiter
  /** "1,5" means 1.5: true whenever the delimiter is not a comma. */
  readonly decimalComma: boolean
  readonly metadata: TextMetadata
  /**
   * 'columns': one row per sample, a column per channel (the usual CSV). 'rows': one row per
   * channel, its samples along the row (a row vector, or a channels × samples matrix).
   */
  readonly orientation: 'columns' | 'rows'
  /** With 'rows': the first cell of every row is the channel's name ("ECG, 0.1, 0.2, …"). */
  readonly rowNames: boolean
  /** 1-based line number of the header row; undefined when the file has none. */
  readonly headerLine: number | undefined
  /** Column names from the header (empty ones become columnN); undefined without a header. */
  readonly header: readonly string[] | undefined
  /** Number of cells in every data row (a trailing delimiter does not count); 0 with 'rows'. */
  readonly columnCount: number
  /** Line number of the first data row, for messages. */
  readonly firstDataLine: number
}

interface ContentLine {
  /** The line, or its first PREFIX_CHARS characters when `cut`. */
  readonly text: string
  readonly lineNumber: number
  readonly cut: boolean
}

/**
 * Reads the start of the file and returns its layout.
 * Throws InputError for an empty file, a file with only comments, or a header with the wrong
 * number of columns.
 */
export async function sniffLayout(path: string, options: { signal?: AbortSignal | undefined; delimiter?: Delimiter | undefined } = {}): Promise<TextLayout> {
  const comments: string[] = []
  const content: ContentLine[] = []
  let line = ''
  let cut = false
  let lineAt = 0
  const { complete } = await forEachPiece(
    path,
    (piece, lineNumber, ends) => {
      lineAt = lineNumber
      const room = PREFIX_CHARS - line.length
      if (piece.length > room || (!ends && piece.length === room)) {
        cut = true
        line += piece.slice(0, Math.max(0, room))
      } else {
        line += piece
      }
      if (!ends) return true
      const text = line
      const wasCut = cut
      line = ''
      cut = false
      const trimmed = text.trim()
      if (trimmed === '') return true
      if (trimmed.startsWith('#')) {
        if (content.length === 0) comments.push(trimmed)
        return true
      }
      content.push({ text, lineNumber, cut: wasCut })
      return content.length < SNIFF_LINES
    },
    { signal: options.signal, maxBytes: SNIFF_BYTES },
  )
  // A line still open where the sniff stopped counts only when it is already too long to keep.
  if (cut && !line.trim().startsWith('#')) content.push({ text: line, lineNumber: lineAt, cut: true })
  if (content.length === 0) {
    const what = comments.length === 0 ? 'the file is empty' : 'the file holds only # comment lines and no samples'
    throw new InputError(`${what}; a text signal needs one row of numbers per sample.`, path)
  }
  const metadata = parseMetadata(comments)
  const anyCut = content.some((c) => c.cut)
  const delimiter = options.delimiter ?? guessLayoutDelimiter(content, anyCut)
  const decimalComma = delimiter !== ','
  const rows = content.map((c) => withoutTrailingEmpty(splitRow(wholeCells(c, delimiter), delimiter)))
  const first = content[0] as ContentLine
  const firstCells = rows[0] as string[]

  const named = rows.every((cells) => cells.length > 2 && !isNumericCell(cells[0] as string, decimalComma) && cells.slice(1).every((cell) => isNumericCell(cell, decimalComma)))
  const hasHeader = !named && firstCells.some((cell) => !isNumericCell(cell, decimalComma))
  const width = (hasHeader ? rows[1] : rows[0])?.length ?? 0
  const dataRows = content.length - (hasHeader ? 1 : 0)
  const wide = delimiter !== 'none' && !hasHeader && (anyCut || (complete && dataRows <= MAX_ROW_CHANNELS && width >= WIDE_RATIO * dataRows))
  if (anyCut && delimiter === 'none') {
    throw new InputError(`line ${(content.find((c) => c.cut) as ContentLine).lineNumber} is longer than ${PREFIX_CHARS} characters with no delimiter between values; a text signal holds one number per cell, separated by commas, semicolons, tabs or spaces.`, path)
  }
  if (wide) {
    return { delimiter, decimalComma, metadata, orientation: 'rows', rowNames: named, headerLine: undefined, header: undefined, columnCount: 0, firstDataLine: first.lineNumber }
  }

  const dataStart = hasHeader ? 1 : 0
  const firstData = content[dataStart]
  if (firstData === undefined) {
    throw new InputError(`the file has a header row (line ${first.lineNumber}) but no samples after it; a text signal needs one row of numbers per sample.`, path)
  }
  const dataCells = content.slice(dataStart).map((c) => splitRow(c.text, delimiter))
  let columnCount: number
  let header: string[] | undefined
  if (hasHeader) {
    header = withoutTrailingEmpty(splitRow(first.text, delimiter)).map((name, i) => (name === '' ? `column${i + 1}` : name))
    columnCount = header.length
    const cells = dataCells[0] ?? []
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
    columnCount = modalValue(dataCells.map((cells) => cells.length))
    const usual = dataCells.filter((cells) => cells.length === columnCount)
    if (columnCount > 1 && usual.every((cells) => cells[columnCount - 1] === '')) columnCount--
  }
  return {
    delimiter,
    decimalComma,
    metadata,
    orientation: 'columns',
    rowNames: false,
    headerLine: hasHeader ? first.lineNumber : undefined,
    header,
    columnCount,
    firstDataLine: firstData.lineNumber,
  }
}

/**
 * The delimiter of the sniffed lines. Rows of many values (channels as rows) need not hold the
 * same number of values, so when the usual guess finds no delimiter, the first line alone decides
 * if it holds many more of one than there are lines.
 */
function guessLayoutDelimiter(content: readonly ContentLine[], anyCut: boolean): Delimiter {
  const first = wholeCells(content[0] as ContentLine, undefined)
  if (anyCut) {
    const guess = guessDelimiter([first])
    return guess === 'none' ? guessDelimiter([content[0]?.text ?? '']) : guess
  }
  const usual = guessDelimiter(content.map((c) => c.text))
  if (usual !== 'none' || content.length > MAX_ROW_CHANNELS) return usual
  const alone = guessDelimiter([first])
  const cells = alone === 'none' ? 1 : splitRow(first, alone).length
  return cells >= WIDE_RATIO * content.length ? alone : usual
}

/**
 * A cut line without its last, perhaps partial, cell (cut after the last `delimiter`, or after
 * the last character that could be one while the delimiter is still being guessed).
 */
function wholeCells(line: ContentLine, delimiter: Delimiter | undefined): string {
  if (!line.cut) return line.text
  const text = line.text
  let at = -1
  if (delimiter === undefined) for (const d of [',', ';', '\t', '|', ' ']) at = Math.max(at, text.lastIndexOf(d))
  else if (delimiter === 'whitespace') at = Math.max(text.lastIndexOf(' '), text.lastIndexOf('\t'))
  else if (delimiter !== 'none') at = text.lastIndexOf(delimiter)
  return at > 0 ? text.slice(0, at) : text
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
    const spaced = (lines.length > 1 ? lines.slice(1) : lines).some((line) => splitRow(line, delimiter).some((cell) => /\d\s+[+-]?\d/.test(cell)))
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
