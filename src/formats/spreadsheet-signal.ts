/**
 * A recording saved as a spreadsheet (.xlsx), read as a signal file by the csv kind: the first
 * sheet that holds numbers is a table of samples, one column per channel (an optional header row
 * names them), or — when it has few rows of many values (orientation.ts, as for text files) —
 * one row per channel, its first cell naming it when that cell is text. Empty cells are missing
 * samples (NaN, flagged by the import as in CSV files). Spreadsheets do not state a sampling
 * rate, so the user gives it. An Excel row holds at most 16 384 cells (about a minute at 256 Hz).
 */
import { readFile } from 'node:fs/promises'
import readXlsxFile from 'read-excel-file/node'
import { InputError } from '../common/input-error.js'
import { term } from '../common/wording.js'
import { matrixOrientation } from './orientation.js'
import { MAX_FS } from './text/index.js'
import type { ChannelInfo, SignalFile } from './types.js'

export interface SpreadsheetSignalFile extends SignalFile {
  readonly format: 'spreadsheet'
}

type Cell = number | string | null

/** Opens an .xlsx workbook as a signal file. Throws InputError with the cell at fault. */
export async function openSpreadsheetSignal(path: string, options: { fs?: number | undefined } = {}): Promise<SpreadsheetSignalFile> {
  const sheets = await readSheets(path)
  const found = sheets.find((s) => s.grid.some((row) => row.some((c) => typeof c === 'number')))
  if (found === undefined) {
    throw new InputError('this workbook holds no numbers in any sheet, so there is no signal to read; put the samples in a column (or a row) of the first sheet.', path)
  }
  const { sheet, grid } = found
  const where = sheets.length > 1 ? ` of sheet "${sheet}"` : ''
  const width = Math.max(...grid.map((r) => r.length))
  const along = matrixOrientation(grid.length, width) === 'rows' ? 'rows' : 'columns'
  const series = along === 'rows' ? rowSeries(grid, where, path) : columnSeries(grid, width, where, path)
  if (series.length === 0) throw new InputError(`the sheet${where} has no column of numbers; put the samples in a column (or a row).`, path)

  const fs = options.fs
  if (fs === undefined) throw new InputError(`a spreadsheet does not state its sampling rate; ${term('pass-fs-hz')}.`, path)
  if (!(Number.isFinite(fs) && fs > 0 && fs <= MAX_FS)) {
    throw new InputError(`${term('fs-given', fs)} is not a usable sampling rate; give the rate in Hz (above 0, at most ${MAX_FS}).`, path)
  }
  const channels: ChannelInfo[] = series.map((s, index) => ({ index, name: s.name, unit: '', fs, sampleCount: s.values.length }))
  return {
    path,
    format: 'spreadsheet',
    channels,
    events: [],
    gaps: [],
    startTime: undefined,
    warnings: sheets.length > 1 ? [`the signal was read from sheet "${sheet}"; the workbook's other sheets were ignored.`] : [],
    readChannel(index: number): Promise<Float64Array> {
      const s = Number.isInteger(index) ? series[index] : undefined
      if (s === undefined) {
        return Promise.reject(new InputError(`channel ${index} does not exist; the sheet has ${series.length} channels, numbered 0 to ${series.length - 1}.`, path))
      }
      return Promise.resolve(Float64Array.from(s.values))
    },
  }
}

interface Series {
  readonly name: string
  readonly values: Float64Array
}

async function readSheets(path: string): Promise<{ sheet: string; grid: Cell[][] }[]> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch {
    throw new InputError('the workbook cannot be read; check that the file exists and is not open in another program.', path)
  }
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x04034b50) {
    throw new InputError('this is not an .xlsx workbook (it does not start like a zip file); save it from Excel or LibreOffice as .xlsx, or as CSV.', path)
  }
  let sheets: Awaited<ReturnType<typeof readXlsxFile>>
  try {
    sheets = await readXlsxFile(bytes)
  } catch (error) {
    throw new InputError(`the workbook is damaged or not a spreadsheet (${(error as Error).message.replace(/\s+/g, ' ')}); re-save it as .xlsx or CSV.`, path)
  }
  return sheets.map(({ sheet, data }) => ({ sheet, grid: trimGrid((data as unknown[][]).map((row) => row.map(toCell))) }))
}

function toCell(cell: unknown): Cell {
  if (typeof cell === 'number') return cell
  if (typeof cell === 'string') return cell.trim() === '' ? null : cell.trim()
  if (typeof cell === 'boolean' || cell instanceof Date) return String(cell)
  return null
}

/** Drops empty rows at the end and empty cells at the end of each row. */
function trimGrid(grid: Cell[][]): Cell[][] {
  const rows = grid.map((row) => {
    let end = row.length
    while (end > 0 && row[end - 1] === null) end--
    return row.slice(0, end)
  })
  while (rows.length > 0 && rows.at(-1)?.length === 0) rows.pop()
  return rows
}

/** Excel's name of a cell, e.g. B7, for messages. */
function cellName(row: number, col: number): string {
  let letters = ''
  for (let c = col + 1; c > 0; c = Math.floor((c - 1) / 26)) letters = String.fromCharCode(65 + ((c - 1) % 26)) + letters
  return `${letters}${row + 1}`
}

function notNumber(value: string, row: number, col: number, where: string, path: string): InputError {
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value
  return new InputError(`cell ${cellName(row, col)}${where} holds "${shown}", not a number; a signal sheet holds only numbers (empty cells are missing samples).`, path)
}

/** Channels as columns; a first row of text names them. */
function columnSeries(grid: Cell[][], width: number, where: string, path: string): Series[] {
  const header = grid[0]?.some((c) => typeof c === 'string') === true ? grid[0] : undefined
  const body = header === undefined ? grid : grid.slice(1)
  const first = header === undefined ? 0 : 1
  const out: Series[] = []
  for (let col = 0; col < width; col++) {
    const values = new Float64Array(body.length)
    let numbers = 0
    body.forEach((row, i) => {
      const cell = row[col] ?? null
      if (typeof cell === 'string') throw notNumber(cell, i + first, col, where, path)
      values[i] = cell ?? Number.NaN
      if (cell !== null) numbers++
    })
    const named = header?.[col]
    if (numbers > 0) out.push({ name: typeof named === 'string' ? named : `column ${cellName(0, col).replace(/\d+$/, '')}`, values })
  }
  return out
}

/** Channels as rows; a first cell of text names its row. */
function rowSeries(grid: Cell[][], where: string, path: string): Series[] {
  const out: Series[] = []
  grid.forEach((row, r) => {
    const named = typeof row[0] === 'string'
    const cells = named ? row.slice(1) : row
    if (cells.length === 0) return
    const values = new Float64Array(cells.length)
    cells.forEach((cell, i) => {
      if (typeof cell === 'string') throw notNumber(cell, r, i + (named ? 1 : 0), where, path)
      values[i] = cell ?? Number.NaN
    })
    out.push({ name: named ? (row[0] as string) : `row ${r + 1}`, values })
  })
  return out
}
