/**
 * The first seconds of the ECG an import would take, read through the same adapter the import
 * uses (so channel choice, labels and subjects match what the import will do).
 */
import type { SignalPreview, SignalPreviewRequest } from '../contracts/signal-preview.js'
import { getAdapter } from '../formats/adapters/index.js'
import { InputError } from '../common/input-error.js'

/** Scans the dataset and returns the start of its first recording. */
export async function previewSignal(request: SignalPreviewRequest): Promise<SignalPreview> {
  const adapter = await getAdapter(request.kind)
  const scan = await adapter({ path: request.path, labels: request.labels, channel: request.channel, fs: request.fs })
  const first = scan.recordings[0]
  if (first === undefined) {
    const why = scan.skipped[0]
    throw new InputError(why === undefined ? 'no recording was found to preview; check the path and the dataset kind.' : `no recording can be imported; the first problem: ${why.item}: ${why.reason}`, request.path)
  }
  const all = await first.load()
  const n = Math.min(all.length, Math.round((request.seconds ?? 10) * first.fs))
  return {
    subject: first.subject,
    trial: first.trial,
    channel: first.channel,
    fs: first.fs,
    samples: Float32Array.from(all.subarray(0, n)),
    recordings: scan.recordings.length,
    durationS: all.length / first.fs,
  }
}
