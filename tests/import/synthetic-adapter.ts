/**
 * A test adapter producing synthetic recordings, so the import service can be tested without the
 * real readers. Each recording gets a small real source file so provenance hashing has bytes.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { DatasetAdapter, DatasetScan, LabelValue, RecordingRef } from '../../src/formats/types.js'
import { syntheticEcg } from '../../src/signal/synthetic-ecg.js'

export interface SyntheticRecording {
  readonly subject: string
  readonly trial: string
  readonly seconds: number
  readonly fs: number
  readonly seed?: number
  readonly labels?: Record<string, LabelValue>
  /** Replace samples in [from, to) seconds with NaN. */
  readonly nanFrom?: number
  readonly nanTo?: number
  /** load() throws this instead of returning samples. */
  readonly failWith?: Error
  /** Called when load() starts (to cancel mid-way). */
  readonly onLoad?: () => void
}

/** The samples a synthetic recording loads (deterministic). */
export function syntheticSamples(r: SyntheticRecording): Float64Array {
  const x = syntheticEcg(r.seconds, r.fs, r.seed ?? 1)
  if (r.nanFrom !== undefined) x.fill(Number.NaN, Math.floor(r.nanFrom * r.fs), Math.floor((r.nanTo ?? r.seconds) * r.fs))
  return x
}

/** An adapter over `recordings` that writes one small source file per recording into `dir`. */
export function syntheticAdapter(dir: string, recordings: readonly SyntheticRecording[], extra: Partial<DatasetScan> = {}): DatasetAdapter & { calls: number } {
  const adapter = async (): Promise<DatasetScan> => {
    adapter.calls++
    const refs: RecordingRef[] = recordings.map((r) => {
      const file = path.join(dir, `${r.subject}_${r.trial}.bin`)
      fs.writeFileSync(file, `${r.subject}/${r.trial}/${r.seconds}/${r.fs}`)
      return {
        subject: r.subject,
        trial: r.trial,
        fs: r.fs,
        channel: 'ECG',
        sampleCount: Math.floor(r.seconds * r.fs),
        labels: r.labels ?? {},
        sourceFiles: [file],
        load: () => {
          r.onLoad?.()
          if (r.failWith !== undefined) return Promise.reject(r.failWith)
          return Promise.resolve(syntheticSamples(r))
        },
      }
    })
    return Promise.resolve({
      kind: 'csv',
      recordings: refs,
      skipped: [],
      labelNames: ['arousal', 'valence'],
      labelScales: { arousal: { min: 1, max: 9 }, valence: { min: 1, max: 9 } },
      notes: ['synthetic data'],
      sourceFiles: refs.flatMap((r) => r.sourceFiles),
      ...extra,
    })
  }
  adapter.calls = 0
  return adapter
}
