/**
 * Small accessors for walking a parsed .mat tree. Each one checks the shape it expects and throws
 * an InputError that names the file, the MATLAB path (e.g. `joined_data{3}`) and what was found,
 * so that adapters can turn a wrong layout into a clear message or a reported skip.
 */
import { InputError } from '../../common/input-error.js'
import type { MatCell, MatFile, MatNumeric, MatStruct, MatValue } from './mat-types.js'

/** A short description of a value for messages, e.g. "a 1×20 cell" or "a 3840×17 double". */
export function describe(value: MatValue): string {
  const dims = value.dims.join('×')
  switch (value.kind) {
    case 'numeric':
      return `a ${dims} ${value.class}${value.imag !== undefined ? ' (complex)' : ''} array`
    case 'char':
      return `a ${dims} char array`
    case 'cell':
      return `a ${dims} cell array`
    case 'struct':
      return `a ${dims} struct`
    case 'unsupported':
      return value.reason
    case 'skipped':
      return `a ${dims} ${value.class} (not read)`
  }
}

/** Number of elements (product of dims). */
export function numel(value: MatValue): number {
  return value.dims.reduce((a, b) => a * b, 1)
}

/** True for any array with a zero dimension (0×0, 1×0, ...). */
export function isEmpty(value: MatValue): boolean {
  return value.dims.some((d) => d === 0)
}

function fail(file: string, where: string, expected: string, value: MatValue | undefined): never {
  const found = value === undefined ? 'nothing' : describe(value)
  throw new InputError(`${where} should be ${expected} but is ${found}; check that this is the expected file.`, file)
}

/** A variable of the file; throws InputError listing the variables present when it is missing. */
export function variable(mat: MatFile, name: string): MatValue {
  const value = mat.variables.get(name)
  if (value === undefined) {
    const present = [...mat.variables.keys()].filter((k) => k !== '')
    throw new InputError(
      `there is no variable '${name}' (the file holds ${present.length > 0 ? present.map((k) => `'${k}'`).join(', ') : 'no variables'}); check that this is the expected file.`,
      mat.file,
    )
  }
  return value
}

/** The value as a numeric array. */
export function asNumeric(value: MatValue, where: string, file: string): MatNumeric {
  if (value.kind !== 'numeric') fail(file, where, 'a numeric array', value)
  return value
}

/** A real numeric scalar (1×1). */
export function asNumber(value: MatValue, where: string, file: string): number {
  if (value.kind !== 'numeric' || value.real.length !== 1) fail(file, where, 'a number', value)
  return value.real[0] ?? Number.NaN
}

/** Element i (0-based, column-major) of a numeric array as a number. */
export function numberAt(value: MatValue, index: number, where: string, file: string): number {
  const numeric = asNumeric(value, where, file)
  if (index < 0 || index >= numeric.real.length) fail(file, where, `an array of at least ${index + 1} numbers`, value)
  return numeric.real[index] ?? Number.NaN
}

/** The text of a char array (rows joined with '\n'). */
export function asText(value: MatValue, where: string, file: string): string {
  if (value.kind !== 'char') fail(file, where, 'text (a char array)', value)
  return value.text
}

/** The value as a cell array. */
export function asCell(value: MatValue, where: string, file: string): MatCell {
  if (value.kind !== 'cell') fail(file, where, 'a cell array', value)
  return value
}

/** Cell i (0-based linear, column-major) of a cell array. */
export function cellAt(value: MatValue, index: number, where: string, file: string): MatValue {
  const cell = asCell(value, where, file)
  const item = cell.items[index]
  if (item === undefined) fail(file, `${where}{${index + 1}}`, 'a cell', undefined)
  return item
}

/** The value as a struct array. */
export function asStruct(value: MatValue, where: string, file: string): MatStruct {
  if (value.kind !== 'struct') fail(file, where, 'a struct', value)
  return value
}

/** True when `value` is a struct that has field `name`. */
export function hasField(value: MatValue, name: string): boolean {
  return value.kind === 'struct' && value.fieldNames.includes(name)
}

/** Field `name` of struct element `element` (0-based, default the first). */
export function field(value: MatValue, name: string, where: string, file: string, element = 0): MatValue {
  const struct = asStruct(value, where, file)
  if (!struct.fieldNames.includes(name)) {
    throw new InputError(
      `${where} has no field '${name}' (its fields are ${struct.fieldNames.map((f) => `'${f}'`).join(', ') || 'none'}); check that this is the expected file.`,
      file,
    )
  }
  const record = struct.elements[element]
  const child = record?.[name]
  if (child === undefined) fail(file, `${where}(${element + 1})`, 'a struct element', undefined)
  return child
}

/** Rows of a 2-D numeric array (dims[0]); higher dimensions are folded into columns. */
export function rowCount(value: MatNumeric): number {
  return value.dims[0] ?? 0
}

/** Columns of a 2-D numeric array (product of dims after the first). */
export function columnCount(value: MatNumeric): number {
  return value.dims.slice(1).reduce((a, b) => a * b, 1)
}

/**
 * Column `col` (0-based) of a 2-D numeric array, as a copy (so the whole matrix can be freed).
 * MATLAB stores column-major, so a column is one contiguous run.
 */
export function getColumn(value: MatValue, col: number, where: string, file: string): Float64Array {
  const numeric = asNumeric(value, where, file)
  const rows = rowCount(numeric)
  const cols = columnCount(numeric)
  if (!Number.isInteger(col) || col < 0 || col >= cols) {
    throw new InputError(
      `${where} has ${cols} column${cols === 1 ? '' : 's'}, so column ${col + 1} does not exist; check the channel choice and that this is the expected file.`,
      file,
    )
  }
  return numeric.real.slice(col * rows, (col + 1) * rows)
}
