/** WFDB (PhysioNet) record reader: `.hea` header plus data files, single- or multi-segment. */
export { openWfdbRecord, type WfdbRecord } from './record.js'
export { openWfdb, type AnyWfdbRecord } from './open.js'
export { type WfdbMultiRecord } from './multi-segment.js'
export { segmentHeadersOf } from './segment-headers.js'
export { isWfdbMasterHeader, parseWfdbHeader, parseWfdbMasterHeader, wfdbStartTime, type WfdbHeader, type WfdbMasterHeader, type WfdbSignalSpec } from './header.js'
export { SUPPORTED_WFDB_FORMATS } from './formats.js'
export { wfdbRecordPath } from './record-name.js'
