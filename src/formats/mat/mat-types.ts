/**
 * What the MATLAB .mat reader returns: every variable as a plain JS value tree that keeps MATLAB's
 * shapes (dims) and MATLAB's column-major element order, so that `x(i, j)` of an m×n matrix is
 * `real[i + j * m]` (0-based) and column j is the contiguous run `real[j*m .. (j+1)*m)`.
 */

/** Numeric classes, as MATLAB's `class(x)` names them ('logical' for logical arrays). */
export type MatNumericClass =
  | 'double'
  | 'single'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'logical'

/** A numeric or logical array. Values are converted to doubles whatever type the file stored. */
export interface MatNumeric {
  readonly kind: 'numeric'
  readonly class: MatNumericClass
  readonly dims: readonly number[]
  /** Column-major real parts. int64/uint64 beyond ±2^53 lose precision (doubles). */
  readonly real: Float64Array
  /** Column-major imaginary parts, present only for complex arrays. */
  readonly imag?: Float64Array
}

/** A char array. */
export interface MatChar {
  readonly kind: 'char'
  readonly dims: readonly number[]
  /** A row char array (1×n) as one string; a multi-row array is its rows joined with '\n'. */
  readonly text: string
  /** Each row of a 2-D char array (one entry for 1×n, none for 0×0). */
  readonly rows: readonly string[]
}

/** A cell array; `items` are column-major. */
export interface MatCell {
  readonly kind: 'cell'
  readonly dims: readonly number[]
  readonly items: readonly MatValue[]
}

/** A struct array; one record per element, column-major. A 1×1 struct has one element. */
export interface MatStruct {
  readonly kind: 'struct'
  readonly dims: readonly number[]
  readonly fieldNames: readonly string[]
  readonly elements: readonly Readonly<Record<string, MatValue>>[]
}

/** Something the reader recognises but does not decode (objects, function handles, sparse). */
export interface MatUnsupported {
  readonly kind: 'unsupported'
  readonly dims: readonly number[]
  /** e.g. "a sparse matrix" or "a MATLAB object of class 'table'". */
  readonly reason: string
}

/** An array the caller chose not to read (see MatReadOptions.select / keep); only its shape is known. */
export interface MatSkipped {
  readonly kind: 'skipped'
  /** MATLAB class name as stored, e.g. 'double', 'cell', 'struct'. */
  readonly class: string
  readonly dims: readonly number[]
}

export type MatValue = MatNumeric | MatChar | MatCell | MatStruct | MatUnsupported | MatSkipped

/** A parsed .mat file. */
export interface MatFile {
  readonly file: string
  /** The 116-byte descriptive text of the header, e.g. "MATLAB 5.0 MAT-file, Platform: GLNXA64, ...". */
  readonly description: string
  readonly littleEndian: boolean
  /** Variables in file order. */
  readonly variables: ReadonlyMap<string, MatValue>
}

/** The shape of an array, as known before its data is read. */
export interface MatArrayInfo {
  /** MATLAB class name: a MatNumericClass, 'char', 'cell', 'struct', 'object', 'sparse', ... */
  readonly class: string
  readonly dims: readonly number[]
}

/**
 * Options that keep memory low on large files (e.g. DREAMER.mat holds all EEG of 23 subjects).
 * Paths are MATLAB-like: `DREAMER.Data{3}.ECG.stimuli{5}` (1-based linear cell index),
 * `s(2).name` for elements of struct arrays, plain `s.name` for 1×1 structs.
 */
export interface MatReadOptions {
  /**
   * Called for every array once its class and dims are known, before its contents are read.
   * Return false to skip it: it becomes {kind:'skipped'} and none of its contents are decoded.
   */
  readonly select?: (path: string, info: MatArrayInfo) => boolean
  /**
   * Called with every array once fully read (children before parents). Return false to drop it
   * from the tree (it becomes {kind:'skipped'}), after taking what you need from it.
   */
  readonly keep?: (path: string, value: MatValue) => boolean
  readonly signal?: AbortSignal | undefined
}
