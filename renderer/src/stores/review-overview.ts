// Review's whole-recording overview: the recordings of the open dataset and the signal of the
// one the current window belongs to, downsampled for the whole span and at full resolution once
// zoomed in far enough. Part of the review store (review.ts), which owns the zoom so that it
// survives a visit to another view.
import { computed, markRaw, shallowRef, type Ref, type ShallowRef } from 'vue'
import type { RecordingOverview, RecordingSummary, WindowDetail } from '@contracts/review.js'
import { call } from '../api/client.js'

/** Points the overview asks for: enough for a sharp line on a wide screen, cheap to draw. */
export const OVERVIEW_POINTS = 4000

export function useRecordingOverview(dataset: Ref<string | null>, current: ShallowRef<WindowDetail | null>, fail: (e: unknown) => void) {
  const recordings = shallowRef<RecordingSummary[]>([])
  const overview = shallowRef<RecordingOverview | null>(null)
  const currentRecording = computed(() => recordings.value.find((r) => r.id === current.value?.recordingId) ?? null)

  /** The recording's signal between fromS and toS (whole recording by default). */
  async function load(recordingId: number, fromS = 0, toS?: number): Promise<void> {
    const o = await call('recordings:overview', { name: dataset.value!, recordingId, fromS, ...(toS === undefined ? {} : { toS }), maxPoints: OVERVIEW_POINTS })
    overview.value = markRaw(o)
  }

  /** Shows the whole of `recordingId` unless it is the one shown; throws what the read threw. */
  async function follow(recordingId: number): Promise<void> {
    if (overview.value?.recordingId !== recordingId) await load(recordingId)
  }

  /** Zooms the overview; full resolution comes back once the span is short enough. */
  async function zoom(fromS: number, toS: number): Promise<void> {
    const id = current.value?.recordingId
    if (id === undefined) return
    try {
      await load(id, Math.max(0, fromS), toS)
    } catch (e) {
      fail(e)
    }
  }

  /** Another dataset is opening: no overview until one of its windows is shown. */
  function clear(): void {
    overview.value = null
  }

  /** The recordings of the dataset opened. */
  function setRecordings(list: RecordingSummary[]): void {
    recordings.value = markRaw(list)
  }

  return { recordings, overview, currentRecording, follow, zoom, clear, setRecordings }
}
