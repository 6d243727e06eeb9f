/**
 * Opens any WFDB record the workbench reads, single- or multi-segment, from its header path or
 * record name: what the import, the channel preview and the wizard's picker call.
 */
import { isWfdbMasterHeader } from './header.js'
import { openMultiSegment, type WfdbMultiRecord } from './multi-segment.js'
import { openSingleSegment, readWfdbHeaderText, type WfdbRecord } from './record.js'

export type AnyWfdbRecord = WfdbRecord | WfdbMultiRecord

/** Opens the record whose header is `headerPath` (the `.hea` may be left off). Throws InputError. */
export async function openWfdb(headerPath: string): Promise<AnyWfdbRecord> {
  const { path, text } = await readWfdbHeaderText(headerPath)
  return isWfdbMasterHeader(text) ? openMultiSegment(path, text) : openSingleSegment(path, text)
}
