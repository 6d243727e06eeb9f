/**
 * Reads label spreadsheets (.xlsx) as header-keyed rows. Used by the AMIGOS and SWELL adapters.
 * Built on read-excel-file (MIT), which reads the OOXML zip itself with no native parts.
 */
import { readFile } from 'node:fs/promises'
import readXlsxFile from 'read-excel-file/node'
import { InputError } from '../common/input-error.js'

/** A cell after reading: numbers stay numbers, text is trimmed, empty cells are null. */
export type SheetCell = number | string | boolean | null

/** One data row keyed by the sheet's header cells (as written, trimmed). */
export type SheetRow = Readonly<Record<string, SheetCell>>

export interface SheetTable {
  readonly sheet: string
  readonly columns: readonly string[]
  readonly rows: readonly SheetRow[]
}

/**
 * All sheets of a workbook, each as a table whose first non-empty row is the header.
 * Throws InputError when the file is missing or is not an .xlsx workbook.
 */
export async function readSpreadsheet(path: string): Promise<SheetTable[]> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch {
    throw new InputError('the label spreadsheet cannot be read; check that the file exists and is not open in another program.', path)
  }
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x04034b50) {
    throw new InputError('this is not an .xlsx workbook (it does not start like a zip file); save it from Excel or LibreOffice as .xlsx.', path)
  }
  let sheets: Awaited<ReturnType<typeof readXlsxFile>>
  try {
    sheets = await readXlsxFile(bytes)
  } catch (error) {
    throw new InputError(`the workbook is damaged or not a spreadsheet (${(error as Error).message}); re-save it as .xlsx.`, path)
  }
  return sheets.map(({ sheet, data }) => toTable(sheet, data as unknown[][]))
}

function toTable(sheet: string, data: unknown[][]): SheetTable {
  const headerIndex = data.findIndex((row) => row.some((cell) => cell !== null && cell !== ''))
  if (headerIndex < 0) return { sheet, columns: [], rows: [] }
  const columns = (data[headerIndex] ?? []).map((cell, i) => {
    const text = normaliseCell(cell)
    return text === null ? `column${i + 1}` : String(text)
  })
  const rows: SheetRow[] = []
  for (const raw of data.slice(headerIndex + 1)) {
    if (!raw.some((cell) => cell !== null && cell !== '')) continue
    const row: Record<string, SheetCell> = {}
    columns.forEach((name, i) => {
      row[name] = normaliseCell(raw[i])
    })
    rows.push(row)
  }
  return { sheet, columns, rows }
}

function normaliseCell(cell: unknown): SheetCell {
  if (cell === undefined || cell === null) return null
  if (typeof cell === 'number' || typeof cell === 'boolean') return cell
  if (cell instanceof Date) return cell.toISOString()
  if (typeof cell !== 'string') return null
  const text = cell.trim()
  return text === '' ? null : text
}

/** Finds a column by name, ignoring case, spaces and underscores ("Rep_Index" ~ "rep index"). */
export function findColumn(columns: readonly string[], ...candidates: string[]): string | undefined {
  const key = (s: string): string => s.toLowerCase().replace(/[\s_-]+/g, '')
  for (const candidate of candidates) {
    const found = columns.find((c) => key(c) === key(candidate))
    if (found !== undefined) return found
  }
  return undefined
}
