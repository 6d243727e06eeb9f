/**
 * Splitting one text row into cells and turning a cell into a number, strictly.
 *
 * Written by hand rather than with papaparse: a signal row is a handful of numbers, and
 * papaparse's per-row result objects and its delimiter guess (which prefers ',' and so splits
 * "1,5;2,5" decimal-comma files wrongly) cost more than this loop; quoting is still honoured.
 */

/** How the cells of a row are separated. 'whitespace' means any run of spaces or tabs. */
export type Delimiter = ',' | ';' | '\t' | '|' | 'whitespace' | 'none'

const WHITESPACE = /[ \t]+/

/** Cells of one row, trimmed, with surrounding double quotes removed ("" inside means "). */
export function splitRow(line: string, delimiter: Delimiter): string[] {
  if (delimiter === 'none') return [unquote(line.trim())]
  if (delimiter === 'whitespace') {
    const trimmed = line.trim()
    return trimmed === '' ? [''] : trimmed.split(WHITESPACE).map(unquote)
  }
  if (!line.includes('"')) {
    const cells = line.split(delimiter)
    for (let i = 0; i < cells.length; i++) cells[i] = (cells[i] ?? '').trim()
    return cells
  }
  return splitQuoted(line, delimiter)
}

/** RFC 4180 quoting within one line: a quoted cell may contain the delimiter. */
function splitQuoted(line: string, delimiter: string): string[] {
  const cells: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cell += '"'
          i++
        } else {
          quoted = false
        }
      } else {
        cell += ch
      }
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true
      cell = ''
    } else if (ch === delimiter) {
      cells.push(cell.trim())
      cell = ''
    } else {
      cell += ch
    }
  }
  cells.push(cell.trim())
  return cells
}

function unquote(cell: string): string {
  if (cell.length >= 2 && cell.startsWith('"') && cell.endsWith('"')) return cell.slice(1, -1).replaceAll('""', '"').trim()
  return cell
}

/** Counts delimiter occurrences outside double quotes (for sniffing). */
export function countDelimiters(line: string, delimiter: string): number {
  let count = 0
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (ch === '"') quoted = !quoted
    else if (!quoted && ch === delimiter) count++
  }
  return count
}

// A plain decimal number: Number() alone would also accept "0x1F", "Infinity" and "".
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const DECIMAL_COMMA = /^[+-]?\d*,\d+(?:[eE][+-]?\d+)?$/

/** Cells that mean "no value": empty, NaN (any case), NA. They become NaN samples. */
export function isMissing(cell: string): boolean {
  if (cell === '') return true
  if (cell.length > 3) return false
  const lower = cell.toLowerCase()
  return lower === 'nan' || lower === 'na'
}

/**
 * The number in a cell, NaN for a missing value, or undefined when the cell is not a number.
 * With `decimalComma`, "1,5" is 1.5 (files whose delimiter is not a comma, as Excel writes them
 * in many European locales).
 */
export function parseCell(cell: string, decimalComma: boolean): number | undefined {
  // A decimal too large for a double ("1e999") would be Infinity: refused like junk, not a gap.
  if (DECIMAL.test(cell)) return finiteOrUndefined(Number(cell))
  if (isMissing(cell)) return Number.NaN
  if (decimalComma && DECIMAL_COMMA.test(cell)) return finiteOrUndefined(Number(cell.replace(',', '.')))
  return undefined
}

function finiteOrUndefined(x: number): number | undefined {
  return Number.isFinite(x) ? x : undefined
}

/** "'x' is not a number" (x cut at 40 characters), or why a cell written as a number is not one. */
export function notANumber(text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text
  return DECIMAL.test(text) && !Number.isFinite(Number(text)) ? `'${shown}' is too large to be a number (it overflows to infinity)` : `'${shown}' is not a number`
}

/** True when the cell reads as a number or a missing value (used to tell a header row apart). */
export function isNumericCell(cell: string, decimalComma: boolean): boolean {
  return parseCell(cell, decimalComma) !== undefined
}

// Exact powers of ten: a double holds 10^k exactly for k ≤ 22.
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k)

/**
 * The number in `line[start, end)`, trimmed of spaces and tabs; undefined when not a number.
 *
 * Fast path without allocating a substring (it is 5× faster than slicing and `Number()` on a
 * 3.6 M-row file): a plain decimal with at most 15 significant digits and 22 decimals is an
 * integer m < 2^53 divided by an exact power of ten, and IEEE division is correctly rounded, so
 * the result equals `Number(text)` bit for bit (Clinger's fast path). Anything else — exponents,
 * NaN, decimal commas, junk — goes through `parseCell`.
 */
export function parseRange(line: string, start: number, end: number, decimalComma: boolean): number | undefined {
  let a = start
  let b = end
  while (a < b && isBlank(line.charCodeAt(a))) a++
  while (b > a && isBlank(line.charCodeAt(b - 1))) b--
  let i = a
  let code = line.charCodeAt(i)
  const negative = code === 45 // '-'
  if (negative || code === 43) i++ // '+'
  let mantissa = 0
  let significant = 0
  let decimals = 0
  let digits = 0
  let dot = false
  for (; i < b; i++) {
    code = line.charCodeAt(i)
    if (code >= 48 && code <= 57) {
      mantissa = mantissa * 10 + (code - 48)
      digits++
      if (mantissa !== 0) significant++
      if (dot) decimals++
    } else if (code === 46 && !dot) {
      dot = true
    } else {
      break
    }
  }
  if (i === b && digits > 0 && significant <= 15 && decimals <= 22) {
    const value = decimals === 0 ? mantissa : mantissa / (POW10[decimals] as number)
    return negative ? -value : value
  }
  return parseCell(line.slice(a, b), decimalComma)
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9
}
