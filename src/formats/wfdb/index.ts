/** WFDB (PhysioNet) record reader: `.hea` header plus format 16/212/… data files. */
export { openWfdbRecord, type WfdbRecord } from './record.js'
export { parseWfdbHeader, wfdbStartTime, type WfdbHeader, type WfdbSignalSpec } from './header.js'
export { SUPPORTED_WFDB_FORMATS } from './formats.js'
export { wfdbRecordPath } from './record-name.js'
