import { beforeEach, describe, expect, it } from 'vitest'
import { ref, shallowRef } from 'vue'
import type { WindowDetail } from '@contracts/review.js'
import { call, useTransport } from '../api/client.js'
import { fixtureBackend, type FixtureBackend } from '../components/review/review-fixture.test-util.js'
import { OVERVIEW_POINTS, useRecordingOverview } from './review-overview.js'

let backend: FixtureBackend
beforeEach(() => {
  backend = fixtureBackend()
  useTransport(backend.transport)
})
const overviewCalls = (): Array<Record<string, unknown>> => backend.calls.filter((c) => c.channel === 'recordings:overview').map((c) => c.input)

describe('review overview', () => {
  it('follows the recording of the window shown, reading each recording once, and names it', async () => {
    const current = shallowRef<WindowDetail | null>(await call('windows:detail', { name: 'demo', index: 0 }))
    const o = useRecordingOverview(ref('demo'), current, () => undefined)
    o.setRecordings(await call('recordings:list', { name: 'demo' }))
    expect(o.currentRecording.value?.subject).toBe('S01')
    await o.follow(1)
    await o.follow(1)
    expect(overviewCalls()).toEqual([{ name: 'demo', recordingId: 1, fromS: 0, maxPoints: OVERVIEW_POINTS }])
    await o.follow(2)
    expect(o.overview.value?.recordingId).toBe(2)
    o.clear()
    expect(o.overview.value).toBeNull()
  })

  it('zooms the current recording from 0 s at the earliest, and says why a zoom failed', async () => {
    const current = shallowRef<WindowDetail | null>(await call('windows:detail', { name: 'demo', index: 4 }))
    const errors: string[] = []
    const dataset = ref('demo')
    const o = useRecordingOverview(dataset, current, (e) => errors.push((e as Error).message))
    await o.zoom(-3, 12)
    expect(overviewCalls().at(-1)).toEqual({ name: 'demo', recordingId: 2, fromS: 0, toS: 12, maxPoints: OVERVIEW_POINTS })
    useTransport({ invoke: () => Promise.resolve({ ok: false, error: 'The recording is gone.' }), subscribe: () => () => undefined })
    await o.zoom(1, 2)
    expect(errors).toEqual(['The recording is gone.'])
  })
})
