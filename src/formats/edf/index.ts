/** EDF / EDF+ reader: header, per-channel streamed samples, EDF+ annotations and gaps. */
export { openEdf, type EdfFile } from './edf-file.js'
export { parseEdfHeader, edfStartTime, type EdfHeader, type EdfSignalHeader } from './header.js'
export { parseTals, type Tal } from './annotations.js'
