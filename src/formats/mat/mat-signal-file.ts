/**
 * A recording saved from MATLAB as a .mat file (`save('ecg.mat', 'ecg', 'fs')`), read as a
 * signal file by the csv kind: every top-level real numeric variable that is a row vector, a
 * column vector, or a matrix with many more samples than channels (the text reader's rule,
 * orientation.ts) gives its channels — rows of a channels × samples matrix, columns of a samples
 * × channels one. The rate comes from the user, else from a scalar variable named like a rate
 * (fs, Fs, srate, sampling_rate, …).
 *
 * Opening reads only the shapes and the rate (everything else is skipped unread); a channel's
 * samples are read when asked for, taking only its variable from the file.
 */
import { InputError } from '../../common/input-error.js'
import { term } from '../../common/wording.js'
import { matrixOrientation } from '../orientation.js'
import { MAX_FS } from '../text/index.js'
import type { ChannelInfo, SignalFile } from '../types.js'
import { readMatFile } from './mat-reader.js'
import type { MatArrayInfo, MatNumericClass } from './mat-types.js'

/** Variable names that state the sampling rate in Hz. */
const RATE_NAME = /^(fs|fsamp|srate|sr|sf|samplerate|sampl(e|ing)_?(rate|freq|frequency)|freq)$/i

const NUMERIC = new Set<string>(['double', 'single', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64'] satisfies MatNumericClass[])

/** Where a channel is: a row or column of one variable. */
interface MatChannel {
  readonly variable: string
  readonly along: 'rows' | 'columns'
  /** Row (along 'rows') or column (along 'columns'), 0-based. */
  readonly line: number
  readonly rows: number
  readonly cols: number
}

export interface MatSignalFile extends SignalFile {
  readonly format: 'mat'
}

/** Opens a .mat file as a signal file. Throws InputError when it holds no signal or no rate. */
export async function openMatSignal(path: string, options: { fs?: number | undefined; signal?: AbortSignal | undefined } = {}): Promise<MatSignalFile> {
  const shapes = new Map<string, MatArrayInfo>()
  const scalars = new Map<string, number>()
  const mat = await readMatFile(path, {
    signal: options.signal,
    // Top-level arrays only (a path without '.', '{' or '('); their shapes are enough for now.
    select: (p, info) => {
      if (/[.{(]/.test(p)) return false
      shapes.set(p, info)
      return NUMERIC.has(info.class) && info.dims.length === 2 && info.dims[0] === 1 && info.dims[1] === 1
    },
  })
  for (const [name, value] of mat.variables) {
    if (value.kind === 'numeric' && value.real.length === 1 && value.imag === undefined) scalars.set(name, value.real[0]!)
  }

  const channels: ChannelInfo[] = []
  const places: MatChannel[] = []
  const unused: string[] = []
  for (const [name, info] of shapes) {
    const [rows = 0, cols = 0] = info.dims
    const along = NUMERIC.has(info.class) && info.dims.length === 2 ? matrixOrientation(rows, cols) : undefined
    if (along === undefined) {
      if (!scalars.has(name)) unused.push(`${name} (${info.dims.join('×')} ${info.class})`)
      continue
    }
    const count = along === 'rows' ? rows : cols
    for (let line = 0; line < count; line++) {
      places.push({ variable: name, along, line, rows, cols })
      const label = count === 1 ? name : along === 'rows' ? `${name}(${line + 1},:)` : `${name}(:,${line + 1})`
      channels.push({ index: channels.length, name: label, unit: '', fs: 0, sampleCount: along === 'rows' ? cols : rows })
    }
  }
  if (channels.length === 0) {
    const found = unused.length === 0 ? 'it holds no variables' : `it holds ${unused.slice(0, 5).join(', ')}${unused.length > 5 ? ', …' : ''}`
    throw new InputError(`this .mat file holds no signal: no numeric variable is a row or column vector or a matrix with many more samples than channels (${found}); save the recording as a vector, e.g. save('ecg.mat', 'ecg', 'fs').`, path)
  }

  const fs = rateOf(path, options.fs, scalars)
  const warnings: string[] = []
  if (options.fs !== undefined) {
    const stated = [...scalars].find(([name]) => RATE_NAME.test(name))
    if (stated !== undefined && stated[1] !== options.fs) warnings.push(`the file states ${stated[0]} = ${stated[1]} Hz; ${term('fs-given', options.fs)} was used instead.`)
  }
  const withRate = channels.map((c) => ({ ...c, fs }))

  return {
    path,
    format: 'mat',
    channels: withRate,
    events: [],
    gaps: [],
    startTime: undefined,
    warnings,
    async readChannel(index: number): Promise<Float64Array> {
      const place = Number.isInteger(index) ? places[index] : undefined
      if (place === undefined) {
        throw new InputError(`channel ${index} does not exist; the file has ${places.length} channels, numbered 0 to ${places.length - 1}.`, path)
      }
      const again = await readMatFile(path, { signal: options.signal, select: (p) => p === place.variable })
      const value = again.variables.get(place.variable)
      if (value?.kind !== 'numeric') {
        throw new InputError(`the variable ${place.variable} is no longer a numeric array; the file changed while it was being read.`, path)
      }
      const { real } = value
      const count = withRate[index]!.sampleCount
      if (real.length !== place.rows * place.cols) {
        throw new InputError(`the variable ${place.variable} holds fewer values than its shape says; the file changed while it was being read.`, path)
      }
      // MATLAB stores column-major: x(i, j) is real[i + j * rows].
      if (place.along === 'columns') return real.slice(place.line * place.rows, (place.line + 1) * place.rows)
      const out = new Float64Array(count)
      for (let j = 0; j < count; j++) out[j] = real[place.line + j * place.rows]!
      return out
    },
  }
}

function rateOf(path: string, given: number | undefined, scalars: ReadonlyMap<string, number>): number {
  const usable = (fs: number): boolean => Number.isFinite(fs) && fs > 0 && fs <= MAX_FS
  if (given !== undefined) {
    if (!usable(given)) throw new InputError(`${term('fs-given', given)} is not a usable sampling rate; give the rate in Hz (above 0, at most ${MAX_FS}).`, path)
    return given
  }
  const stated = [...scalars].find(([name]) => RATE_NAME.test(name))
  if (stated === undefined) {
    throw new InputError(`the sampling rate is not stated in the file (no variable named fs, srate or sampling_rate); ${term('pass-fs-hz')}.`, path)
  }
  if (!usable(stated[1])) {
    throw new InputError(`the variable ${stated[0]} gives ${stated[1]} Hz, which is not a usable sampling rate; ${term('pass-fs-hz')}.`, path)
  }
  return stated[1]
}
