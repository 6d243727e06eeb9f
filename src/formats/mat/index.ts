/** MATLAB v5/v7 .mat reader: parse, stream selectively, and walk the result with checked accessors. */
export { parseMat, readMatFile } from './mat-reader.js'
export {
  asCell,
  asNumber,
  asNumeric,
  asStruct,
  asText,
  cellAt,
  columnCount,
  describe,
  field,
  getColumn,
  hasField,
  isEmpty,
  numberAt,
  numel,
  rowCount,
  variable,
} from './mat-access.js'
export type {
  MatArrayInfo,
  MatCell,
  MatChar,
  MatFile,
  MatNumeric,
  MatNumericClass,
  MatReadOptions,
  MatSkipped,
  MatStruct,
  MatUnsupported,
  MatValue,
} from './mat-types.js'
