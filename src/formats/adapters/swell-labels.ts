/**
 * SWELL-KW labels: the behavioural label workbook and, when it lies next to it, the block-to-
 * condition mapping in "SWELL-KW - overview available data.xlsx".
 *
 * Label workbook (DATASETS.md): all sheets concatenated, the LAST row per (PP, Blok) kept;
 * columns PP ("PP1"…), Blok (1–3), Valence_rc, Arousal_rc, Dominance, Stress, MentalEffort,
 * MentalDemand, PhysicalDemand, TemporalDemand, Effort, Performance_rc, Frustration; 999 marks a
 * missing value. Conditions: N neutral, T time pressure, I interruption (R rest).
 *
 * The overview workbook's layout is not documented in the sources the workbench was built from,
 * so it is read only when it has a recognisable shape — a PP column plus either a Condition column
 * next to Blok, or one column per block (C1/Blok 1/Block 1 …) holding N/T/I — and otherwise
 * reported as not understood rather than guessed. A Condition column in the label workbook itself
 * (as in the per-minute feature export) is used too.
 */
import { readdir } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { InputError } from '../../common/input-error.js'
import { findColumn, readSpreadsheet, type SheetCell, type SheetTable } from '../spreadsheet.js'
import type { LabelValue } from '../types.js'

/** Label names in display order, with the workbook column each comes from. */
export const SWELL_SCORES: readonly (readonly [string, string])[] = [
  ['valence', 'Valence_rc'],
  ['arousal', 'Arousal_rc'],
  ['stress', 'Stress'],
  ['dominance', 'Dominance'],
  ['mentalEffort', 'MentalEffort'],
  ['mentalDemand', 'MentalDemand'],
  ['physicalDemand', 'PhysicalDemand'],
  ['temporalDemand', 'TemporalDemand'],
  ['effort', 'Effort'],
  ['performance', 'Performance_rc'],
  ['frustration', 'Frustration'],
]
/** SWELL's code for a missing value. */
const MISSING = 999
const CONDITION_CODES: Readonly<Record<string, string>> = {
  n: 'neutral',
  neutral: 'neutral',
  t: 'time pressure',
  'time pressure': 'time pressure',
  timepressure: 'time pressure',
  i: 'interruption',
  interruption: 'interruption',
  interruptions: 'interruption',
  r: 'rest',
  rest: 'rest',
}
const OVERVIEW_FILE = /overview.*available.*data.*\.xlsx$/i

/** Key of a participant × block: "10:2". */
export const blockKey = (participant: number, block: number): string => `${participant}:${block}`

export interface SwellLabels {
  /** Scores per block key (only the columns the workbook has; null where missing or 999). */
  readonly rows: ReadonlyMap<string, Readonly<Record<string, LabelValue>>>
  /** Condition per block key ('neutral', 'time pressure', 'interruption'), when known. */
  readonly conditions: ReadonlyMap<string, string>
  /** Label names the workbook provides, in display order. */
  readonly scoreNames: readonly string[]
  readonly files: readonly string[]
  readonly notes: readonly string[]
}

/** Reads the label workbook (and the overview workbook beside it, if any). */
export async function readSwellLabels(path: string): Promise<SwellLabels> {
  const sheets = await readSpreadsheet(path)
  const notes: string[] = []
  const rows = new Map<string, Record<string, LabelValue>>()
  const conditions = new Map<string, string>()
  const present = new Set<string>()
  let unreadable = 0
  let usable = 0
  for (const table of sheets) {
    const pp = findColumn(table.columns, 'PP')
    const blok = findColumn(table.columns, 'Blok', 'Block')
    if (pp === undefined || blok === undefined) {
      if (table.rows.length > 0) notes.push(`Sheet '${table.sheet}' of ${basename(path)} has no PP and Blok columns; it was ignored.`)
      continue
    }
    usable++
    const columns = SWELL_SCORES.map(([name, column]) => [name, findColumn(table.columns, column)] as const)
    const conditionColumn = findColumn(table.columns, 'Condition')
    for (const row of table.rows) {
      const participant = participantNumber(row[pp] ?? null)
      const block = wholeNumber(row[blok] ?? null)
      if (participant === undefined || block === undefined) {
        unreadable++
        continue
      }
      const key = blockKey(participant, block)
      const scores: Record<string, LabelValue> = {}
      for (const [name, column] of columns) {
        if (column === undefined) continue
        present.add(name)
        scores[name] = score(row[column] ?? null)
      }
      rows.set(key, scores) // later rows (and later sheets) win
      const condition = conditionColumn === undefined ? undefined : conditionName(row[conditionColumn] ?? null)
      if (condition !== undefined && condition !== 'rest') conditions.set(key, condition)
    }
  }
  if (usable === 0) {
    throw new InputError('the SWELL label workbook has no sheet with PP and Blok columns; pass behavioral-labels.xlsx from the SWELL-KW distribution.', path)
  }
  if (unreadable > 0) notes.push(`${unreadable} row(s) of ${basename(path)} have no readable PP or Blok value and were ignored.`)
  const files = [path]
  if (conditions.size === 0) {
    const overview = await findOverview(path)
    if (overview === undefined) {
      notes.push(`No condition mapping: "SWELL-KW - overview available data.xlsx" is not next to ${basename(path)}, so only the block number (c1–c3) is recorded; the paper's 3-class stress task needs the condition of each block.`)
    } else {
      files.push(overview)
      const mapped = readOverview(await readSpreadsheet(overview))
      if (mapped.size === 0) {
        notes.push(`The layout of ${basename(overview)} was not recognised (expected a PP column and either Blok + Condition columns or one column per block with N/T/I), so only the block number is recorded.`)
      }
      for (const [key, condition] of mapped) conditions.set(key, condition)
    }
  }
  const scoreNames = SWELL_SCORES.map(([name]) => name).filter((name) => present.has(name))
  return { rows, conditions, scoreNames, files, notes }
}

/** Participant number from "PP10", "pp10", "10" or 10. */
function participantNumber(cell: SheetCell): number | undefined {
  if (typeof cell === 'number') return Number.isInteger(cell) && cell > 0 ? cell : undefined
  const match = typeof cell === 'string' ? /^\s*(?:pp)?\s*(\d+)\s*$/i.exec(cell) : null
  return match ? Number(match[1]) : undefined
}

function wholeNumber(cell: SheetCell): number | undefined {
  const value = typeof cell === 'string' && /^\s*\d+\s*$/.test(cell) ? Number(cell) : cell
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined
}

/** A score: a number, or null when empty, not numeric, or SWELL's 999 missing code. */
function score(cell: SheetCell): LabelValue {
  const value = typeof cell === 'string' && cell.trim() !== '' ? Number(cell.replace(',', '.')) : cell
  if (typeof value !== 'number' || !Number.isFinite(value) || value === MISSING) return null
  return value
}

function conditionName(cell: SheetCell): string | undefined {
  if (typeof cell !== 'string') return undefined
  return CONDITION_CODES[cell.trim().toLowerCase()]
}

async function findOverview(labelsPath: string): Promise<string | undefined> {
  const folder = dirname(labelsPath)
  try {
    const names = await readdir(folder)
    const name = names.find((n) => OVERVIEW_FILE.test(n) && join(folder, n) !== labelsPath)
    return name === undefined ? undefined : join(folder, name)
  } catch {
    return undefined
  }
}

/** Conditions from a recognisable overview layout; empty when none is recognised. */
function readOverview(sheets: readonly SheetTable[]): Map<string, string> {
  const mapped = new Map<string, string>()
  for (const table of sheets) {
    const pp = findColumn(table.columns, 'PP', 'Participant', 'Proefpersoon')
    if (pp === undefined) continue
    const blok = findColumn(table.columns, 'Blok', 'Block')
    const condition = findColumn(table.columns, 'Condition', 'Conditie')
    const perBlock = table.columns
      .map((c) => [c, /^(?:c|blok|block)\s*_?\s*(\d)$/i.exec(c.trim())?.[1]] as const)
      .filter((pair): pair is readonly [string, string] => pair[1] !== undefined)
    for (const row of table.rows) {
      const participant = participantNumber(row[pp] ?? null)
      if (participant === undefined) continue
      if (blok !== undefined && condition !== undefined) {
        const block = wholeNumber(row[blok] ?? null)
        const name = conditionName(row[condition] ?? null)
        if (block !== undefined && name !== undefined && name !== 'rest') mapped.set(blockKey(participant, block), name)
      } else {
        for (const [column, block] of perBlock) {
          const name = conditionName(row[column] ?? null)
          if (name !== undefined && name !== 'rest') mapped.set(blockKey(participant, Number(block)), name)
        }
      }
    }
  }
  return mapped
}
