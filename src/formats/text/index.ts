/**
 * CSV / plain-text signal reader: one column per channel or one value per line, optional header,
 * optional `#` metadata lines (BioSPPy style) and optional time column — or channels as rows (a
 * row vector of any length, a channels × samples matrix; see row-channels.ts).
 *
 * Opening streams the file once to count rows and validate every cell, so a bad cell is reported
 * with its line number before any import starts; `readChannel` streams it again and keeps only
 * the requested column, so memory stays at one Float64Array per channel read.
 *
 * Sampling rate, in order: `options.fs`, then the metadata (`# Sampling Rate (Hz):= 1000`), then
 * the time column (median step; see time-column.ts). Otherwise InputError asking for --fs.
 */
import { InputError } from '../../common/input-error.js'
import type { ChannelInfo, SignalFile } from '../types.js'
import type { Delimiter } from './cells.js'
import { sniffLayout, type TextLayout } from './layout.js'
import { parseRate, pickSplit } from './metadata.js'
import { openChannelRows } from './row-channels.js'
import { forEachRow } from './rows.js'
import { noNumbersWarning, textSignalFile } from './signal-file.js'
import { TimeStepEstimator, timeUnitOf } from './time-column.js'
import { term } from '../../common/wording.js'

export { parseCell, splitRow, type Delimiter } from './cells.js'

/** Highest sampling rate accepted; anything above is a typo (e.g. a rate given in mHz). */
export const MAX_FS = 100_000
/** Lowest rate accepted from a time column: below 1 Hz the column is surely in another unit. */
const MIN_DERIVED_FS = 1

export interface TextSignalOptions {
  /** Sampling rate in Hz; overrides what the file states. */
  readonly fs?: number | undefined
  /** ',', ';', 'tab' (or '\t'), '|', 'space'/'whitespace', or 'none' (one value per line). Guessed when absent. */
  readonly delimiter?: string | undefined
  readonly signal?: AbortSignal | undefined
}

/** A text signal file: a SignalFile plus what the reader learnt while validating it. */
export interface TextSignalFile extends SignalFile {
  readonly format: 'csv'
  /** Per channel, how many samples are NaN (empty or NaN cells). */
  readonly nanCounts: readonly number[]
  /** Where the sampling rate came from. */
  readonly fsSource: 'option' | 'metadata' | 'time column'
  readonly delimiter: Delimiter
}

/**
 * Opens a CSV or text signal file, validating every cell.
 * Throws InputError for an empty file, non-numeric cells (with line and column), ragged rows,
 * a missing or implausible sampling rate, or a file whose channels hold no numbers.
 */
export async function openTextSignal(path: string, options: TextSignalOptions = {}): Promise<TextSignalFile> {
  const layout = await sniffLayout(path, { signal: options.signal, delimiter: parseDelimiterOption(options.delimiter, path) })
  const warnings: string[] = []
  const columns = describeColumns(layout)
  const { channelColumns, names, timeColumn } = columns

  let fs: number | undefined
  let fsSource: TextSignalFile['fsSource'] = 'option'
  if (options.fs !== undefined) {
    fs = checkRate(options.fs, path, `${term('fs-given', options.fs)} is not a usable sampling rate; give the rate in Hz (above 0, at most ${MAX_FS}).`)
    const stated = layout.metadata.fsText === undefined ? Number.NaN : parseRate(layout.metadata.fsText)
    if (Number.isFinite(stated) && stated !== fs) warnings.push(`the file states ${stated} Hz; ${term('fs-given', fs)} was used instead.`)
  } else if (layout.metadata.fsText !== undefined) {
    fs = checkRate(
      parseRate(layout.metadata.fsText),
      path,
      `the sampling rate in the file's metadata ('${layout.metadata.fsText}') is not a usable rate; ${term('pass-fs-hz')}.`,
    )
    fsSource = 'metadata'
  } else if (timeColumn === undefined) {
    throw new InputError(`the sampling rate is not stated in the file; ${term('pass-fs-hz')}.`, path)
  }
  if (layout.orientation === 'rows') return openChannelRows(path, layout, { fs: fs as number, fsSource, warnings }, options.signal)
  if (channelColumns.length === 0) {
    throw new InputError('the file has only a time column and no signal column; add the signal values as another column.', path)
  }

  const estimator = fs === undefined && timeColumn !== undefined ? new TimeStepEstimator() : undefined
  // The time column is parsed (and so validated) only when it is needed for the rate.
  const wanted = estimator !== undefined && timeColumn !== undefined ? [...channelColumns, timeColumn.index] : channelColumns
  const channelCount = channelColumns.length
  const nonNaN = new Array<number>(channelCount).fill(0)
  const { rows, droppedLastLine } = await forEachRow(
    path,
    layout,
    wanted,
    (values) => {
      for (let k = 0; k < channelCount; k++) if (!Number.isNaN(values[k])) nonNaN[k] = (nonNaN[k] ?? 0) + 1
      if (estimator !== undefined) estimator.add(values[channelCount] as number)
    },
    options.signal,
  )
  if (droppedLastLine !== undefined) warnings.push(`line ${droppedLastLine}, the last row, is incomplete (truncated?) and was ignored.`)

  if (fs === undefined && timeColumn !== undefined) {
    const estimate = estimator?.estimate(timeColumn.secondsPerUnit)
    if (estimate === undefined) {
      throw new InputError(`the time column '${timeColumn.name}' does not increase from row to row, so the sampling rate cannot be derived; ${term('pass-fs-hz')}.`, path)
    }
    fs = checkRate(
      estimate.fs < MIN_DERIVED_FS ? Number.NaN : estimate.fs,
      path,
      `the time column '${timeColumn.name}' gives an implausible sampling rate of ${estimate.fs.toPrecision(4)} Hz (is it in ${timeColumn.secondsPerUnit === 1 ? 'seconds' : 'milliseconds'}?); ${term('pass-fs-hz')}.`,
    )
    fsSource = 'time column'
    warnings.push(
      `sampling rate ${fs} Hz derived from the time column '${timeColumn.name}'${estimate.irregular ? ` (time steps are irregular: gaps or jitter; check it or ${term('pass-fs')})` : ''}.`,
    )
  }
  const rate = fs as number

  const allNaN = names.filter((_, k) => nonNaN[k] === 0)
  if (allNaN.length === names.length) {
    const what = rows === 0 ? 'the file holds no data rows' : `every value of ${names.length === 1 ? 'the signal column' : 'every signal column'} is empty or NaN`
    throw new InputError(`${what}; there are no samples to import.`, path)
  }
  if (allNaN.length > 0) warnings.push(noNumbersWarning('column', allNaN.map((n) => `'${n}'`)))

  const units = pickSplit(layout.metadata.units, names.length)
  const channels: ChannelInfo[] = names.map((name, index) => ({ index, name, unit: units?.[index] ?? '', fs: rate, sampleCount: rows }))
  const nanCounts = nonNaN.map((n) => rows - n)

  return textSignalFile(path, layout, {
    channels,
    warnings,
    nanCounts,
    fsSource,
    readChannel: (index: number) => readColumn(path, layout, channels, channelColumns, nanCounts, index, options.signal),
  })
}

async function readColumn(
  path: string,
  layout: TextLayout,
  channels: readonly ChannelInfo[],
  channelColumns: readonly number[],
  nanCounts: readonly number[],
  index: number,
  signal: AbortSignal | undefined,
): Promise<Float64Array> {
  const channel = channels[index]
  const column = channelColumns[index]
  if (channel === undefined || column === undefined) {
    throw new InputError(`there is no channel ${index}; the file has ${channels.length} (0 to ${channels.length - 1}).`, path)
  }
  if (nanCounts[index] === channel.sampleCount) {
    throw new InputError(`channel '${channel.name}' holds no numbers (every cell is empty or NaN); choose another channel with ${term('channel-flag')}.`, path)
  }
  const out = new Float64Array(channel.sampleCount)
  let n = 0
  const changed = (): InputError => new InputError('the file changed while it was being read; import it again.', path)
  const { rows } = await forEachRow(
    path,
    layout,
    [column],
    (values) => {
      if (n >= out.length) throw changed()
      out[n++] = values[0] as number
    },
    signal,
  )
  if (rows !== out.length) throw changed()
  return out
}

interface Columns {
  /** File column of each channel. */
  readonly channelColumns: number[]
  readonly names: readonly string[]
  readonly timeColumn: { index: number; name: string; secondsPerUnit: number } | undefined
}

/** Channels are all columns except time columns; names from the header, metadata or position. */
function describeColumns(layout: TextLayout): Columns {
  const channelColumns: number[] = []
  const headerNames: string[] = []
  let timeColumn: Columns['timeColumn']
  for (let c = 0; c < layout.columnCount; c++) {
    const name = layout.header?.[c]
    const unit = name === undefined ? undefined : timeUnitOf(name)
    if (name !== undefined && unit !== undefined) {
      timeColumn ??= { index: c, name, secondsPerUnit: unit }
      continue
    }
    channelColumns.push(c)
    headerNames.push(name ?? `column${c + 1}`)
  }
  const labels = layout.header === undefined ? pickSplit(layout.metadata.labels, channelColumns.length) : undefined
  return { channelColumns, names: labels ?? headerNames, timeColumn }
}


function checkRate(fs: number, path: string, message: string): number {
  if (!Number.isFinite(fs) || fs <= 0 || fs > MAX_FS) throw new InputError(message, path)
  return fs
}

const DELIMITER_NAMES: Readonly<Record<string, Delimiter>> = {
  ',': ',',
  comma: ',',
  ';': ';',
  semicolon: ';',
  '\t': '\t',
  '\\t': '\t',
  tab: '\t',
  '|': '|',
  pipe: '|',
  ' ': 'whitespace',
  space: 'whitespace',
  whitespace: 'whitespace',
  none: 'none',
}

function parseDelimiterOption(text: string | undefined, path: string): Delimiter | undefined {
  if (text === undefined) return undefined
  const delimiter = DELIMITER_NAMES[text] ?? DELIMITER_NAMES[text.toLowerCase()]
  if (delimiter === undefined) {
    throw new InputError(`'${text}' is not a delimiter this reader knows; use one of , ; tab | space none.`, path)
  }
  return delimiter
}
