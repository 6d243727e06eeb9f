/**
 * When a folder holds a multi-segment record, its segment and layout headers are `.hea` files
 * too; imported one by one they would be the same recording again, in pieces. The dataset
 * scan leaves out every header that a master header in the same folder names as a segment.
 */
import { readFile, stat } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { isWfdbMasterHeader, parseWfdbMasterHeader } from './header.js'

/** A master header is a few kB; larger `.hea` files are not read for this. */
const MAX_MASTER_BYTES = 1024 * 1024

/**
 * The absolute paths of the segment and layout headers named by the master headers among
 * `headers`. A header that cannot be read or parsed names none (its own import reports why).
 */
export async function segmentHeadersOf(headers: readonly string[]): Promise<Set<string>> {
  const segments = new Set<string>()
  for (const header of headers) {
    try {
      if ((await stat(header)).size > MAX_MASTER_BYTES) continue
      const text = await readFile(header, 'latin1')
      if (!isWfdbMasterHeader(text)) continue
      for (const segment of parseWfdbMasterHeader(text, header).segments) {
        if (segment.name !== '~') segments.add(resolve(join(dirname(header), `${segment.name}.hea`)))
      }
    } catch {
      continue
    }
  }
  return segments
}
