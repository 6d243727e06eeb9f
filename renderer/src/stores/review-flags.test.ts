// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest'
import { ref, shallowRef } from 'vue'
import type { WindowInfo } from '@contracts/datasets.js'
import type { WindowDetail } from '@contracts/review.js'
import { call, useTransport } from '../api/client.js'
import { fixtureBackend, type FixtureBackend } from '../components/review/review-fixture.test-util.js'
import { usePagedList } from '../composables/use-paged-list.js'
import { usePromiseCache } from '../composables/use-promise-cache.js'
import { ANNOTATOR_KEY, ANNOTATOR_MISSING, useWindowFlags } from './review-flags.js'

let backend: FixtureBackend
beforeEach(() => {
  localStorage.clear()
  backend = fixtureBackend()
  useTransport(backend.transport)
})

/** Flags over the fixture's six windows, window `at` shown. */
async function scene(at: number) {
  const list = usePagedList<WindowInfo>(4)
  list.reset(async (after, limit) => {
    const r = await call('windows:page', { name: 'demo', offset: 0, limit, ...(after === undefined ? {} : { afterIndex: after.index }) })
    return { items: r.windows, total: r.total }
  })
  const details = usePromiseCache<number, WindowDetail>(24, (index) => call('windows:detail', { name: 'demo', index }))
  const current = shallowRef<WindowDetail | null>(await details.get(at))
  const error = ref<string | null>(null)
  const flags = useWindowFlags({ dataset: ref('demo'), current, position: ref(at), list, details, error })
  return { flags, list, details, current, error }
}

describe('review flags', () => {
  it('asks for the annotator’s name before flagging, and keeps it on this computer', async () => {
    const s = await scene(1)
    expect(s.flags.needsAnnotator.value).toBe(true)
    await s.flags.flag('noisy')
    expect(s.error.value).toBe(ANNOTATOR_MISSING)
    expect(backend.calls.some((c) => c.channel === 'windows:flag')).toBe(false)
    s.flags.setAnnotator('  Ada ')
    expect(localStorage.getItem(ANNOTATOR_KEY)).toBe('Ada')
  })

  it('flags the window shown: the window, its cached detail and its list entry change, and its history is read', async () => {
    localStorage.setItem(ANNOTATOR_KEY, 'Ada')
    const s = await scene(1)
    await s.list.page(0)
    s.error.value = 'an older sentence'
    await s.flags.flag('noisy')
    expect(s.current.value?.info.flag).toBe('noisy')
    expect((await s.details.get(1)).info.flag).toBe('noisy')
    expect((await s.list.at(1))?.flag).toBe('noisy')
    expect(s.flags.history.value).toEqual([{ flag: 'noisy', annotator: 'Ada', at: '2026-01-01T00:00:00.000Z' }])
    expect(s.error.value).toBeNull()
    expect(backend.calls.filter((c) => c.channel === 'windows:detail')).toHaveLength(1)
  })

  it('keeps a history only while its window is the one shown', async () => {
    localStorage.setItem(ANNOTATOR_KEY, 'Ada')
    const s = await scene(2)
    await s.flags.flag('good')
    let shown = false
    await s.flags.showHistory(2, () => shown)
    s.flags.history.value = []
    await s.flags.showHistory(2, () => shown)
    expect(s.flags.history.value).toEqual([])
    shown = true
    await s.flags.showHistory(2, () => shown)
    expect(s.flags.history.value).toHaveLength(1)
  })
})
