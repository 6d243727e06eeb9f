// A scripted transport for component tests of the review and tune views: six windows of one
// dataset held in memory, answering the channels those views call the way the router does
// (the router itself is tested over a real store in tests/review and tests/renderer).
import type { WindowFlag, WindowInfo } from '@contracts/datasets.js'
import type { BeatCheck, FlagEvent } from '@contracts/review.js'
import { PRETEXT_TASK_NAMES, pretextTaskLabel } from '@contracts/runs.js'
import { PAPER_TRANSFORMS } from '@contracts/transform-params.js'
import type { ApiResult, Transport } from '../../api/transport.js'

const FS = 256
const N = 2560

export interface FixtureBackend {
  readonly transport: Transport
  readonly calls: { channel: string; input: Record<string, unknown> }[]
  readonly flags: Map<number, WindowFlag>
}

/** A spike every second: ten R peaks at 60 bpm. */
function samples(index: number): Float32Array {
  const x = new Float32Array(N)
  for (let i = 0; i < N; i++) x[i] = Math.sin((2 * Math.PI * i) / FS) * 0.1 + (i % FS === 100 ? 5 + index * 0.01 : 0)
  return x
}

/** Window 4's beats are in doubt (as the service's beat check would say of a missed beat); the others' are not. */
function beatCheck(index: number): BeatCheck {
  if (index !== 4) return { uncertain: [], minBpm: 60, maxBpm: 60, warning: null }
  return { uncertain: [5], minBpm: 44, maxBpm: 126, warning: 'Beat-to-beat rate jumps from 44 to 126 bpm: check the R peaks or the signal.' }
}

/** Six windows: subjects S01 (trial 1) and S02 (trial 1), three 10 s windows each. */
export function fixtureBackend(): FixtureBackend {
  const calls: FixtureBackend['calls'] = []
  const flags = new Map<number, WindowFlag>()
  const events = new Map<number, FlagEvent[]>()
  const info = (index: number): WindowInfo => ({
    index,
    subject: index < 3 ? 'S01' : 'S02',
    trial: '1',
    startS: (index % 3) * 10,
    labels: { arousal: index < 3 ? 7 : 2 },
    quality: 'ok',
    excluded: false,
    ...(flags.has(index) ? { flag: flags.get(index)! } : {}),
  })
  const all = [0, 1, 2, 3, 4, 5]
  const handlers: Record<string, (input: Record<string, unknown>) => unknown> = {
    'datasets:list': () => [{ name: 'demo', kind: 'csv', createdAt: '', sourcePath: '', subjects: 2, recordings: 2, windows: 6, excluded: 0, fs: FS, windowSamples: N, overlapPercent: 0, contentHash: '' }],
    'datasets:get': () => ({ labelNames: ['arousal'], perSubject: [{ subject: 'S01' }, { subject: 'S02' }] }),
    'recordings:list': () => [
      { id: 1, subject: 'S01', trial: '1', channel: 'ecg', durationS: 30, windows: 3, excluded: 0, firstIndex: 0 },
      { id: 2, subject: 'S02', trial: '1', channel: 'ecg', durationS: 30, windows: 3, excluded: 0, firstIndex: 3 },
    ],
    'windows:page': (q) => {
      const match = all.filter((i) => {
        const f = flags.get(i)
        if (q.afterIndex !== undefined && i <= (q.afterIndex as number)) return false
        if (q.flag === 'unreviewed') return f === undefined
        if (q.flag !== undefined && q.flag !== f) return false
        return q.subject === undefined || info(i).subject === q.subject
      })
      const offset = q.offset as number
      return { dataset: 'demo', total: match.length, offset, limit: q.limit, windows: match.slice(offset, offset + (q.limit as number)).map(info) }
    },
    'windows:detail': (q) => {
      const index = q.index as number
      if (!all.includes(index)) throw new Error(`Dataset "demo" has no window ${index} (it has 6, numbered from 0); pick another index.`)
      return { info: info(index), recordingId: index < 3 ? 1 : 2, fs: FS, samples: samples(index), rPeaks: Array.from({ length: 10 }, (_, k) => 100 + k * FS), heartRateBpm: 60, beats: beatCheck(index) }
    },
    'windows:flag': (q) => {
      const index = q.index as number
      if (q.flag === null) flags.delete(index)
      else flags.set(index, q.flag as WindowFlag)
      events.set(index, [...(events.get(index) ?? []), { flag: q.flag as WindowFlag | null, annotator: q.annotator as string, at: '2026-01-01T00:00:00.000Z' }])
      return info(index)
    },
    'windows:flag-history': (q) => events.get(q.index as number) ?? [],
    'recordings:overview': (q) => ({ recordingId: q.recordingId, fs: FS, fromS: 0, toS: 30, durationS: 30, downsampled: true, times: Float32Array.of(0, 15, 29), values: Float32Array.of(0, 5, 0) }),
    'transforms:preview': (q) => {
      const x = samples(q.index as number)
      const params = { ...PAPER_TRANSFORMS, ...(q.params as object) }
      return { names: PRETEXT_TASK_NAMES.map(pretextTaskLabel), fs: FS, variants: PRETEXT_TASK_NAMES.map(() => x.slice()), params }
    },
  }
  const transport: Transport = {
    invoke(channel, input): Promise<ApiResult> {
      calls.push({ channel, input: input as Record<string, unknown> })
      const handler = handlers[channel]
      if (handler === undefined) return Promise.resolve({ ok: false, error: `Unknown request "${channel}".` })
      try {
        return Promise.resolve({ ok: true, value: handler(input as Record<string, unknown>) })
      } catch (e) {
        return Promise.resolve({ ok: false, error: (e as Error).message })
      }
    },
    subscribe: () => () => undefined,
  }
  return { transport, calls, flags }
}
