// @vitest-environment happy-dom
// The resume offer: interrupted runs until resumed, dismissed (remembered on this computer) or
// stopped by the user in this session.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { summary } from '../components/results/run-fixture.test-util.js'
import { useResumeOffersStore } from './resume-offers.js'
import { useRunsStore } from './runs.js'
import { runsScene, type RunsScene } from './runs-scene.test-util.js'

let scene: RunsScene
beforeEach(() => {
  scene = runsScene()
})

describe('resume offers store', () => {
  it('offers interrupted runs for resume until resumed or dismissed (remembered)', async () => {
    scene.list.push(summary(5, 'interrupted', 1, 10, 'second'))
    await useRunsStore().init()
    const s = useResumeOffersStore()
    expect(s.offers.map((r) => r.id)).toEqual([3, 5])
    expect(await useRunsStore().start(3)).toBe(true)
    expect(s.offers.map((r) => r.id)).toEqual([5])
    s.dismiss(5)
    expect(s.offers).toEqual([])
    setActivePinia(createPinia())
    await useRunsStore().init()
    expect(useResumeOffersStore().offers).toEqual([])
    expect(JSON.parse(localStorage.getItem('ecg-ssl.dismissed-resume') ?? '[]')).toEqual([3, 5])
  })

  it('does not offer a run the user stopped here, nor one waiting in the queue', async () => {
    scene.list.push(summary(5, 'interrupted', 1, 10, 'second'))
    scene.queue = { running: 2, queued: [5] }
    await useRunsStore().init()
    const s = useResumeOffersStore()
    expect(s.offers.map((r) => r.id)).toEqual([3])
    s.stoppedByUser(3)
    expect(s.offers).toEqual([])
    // not remembered: a new session offers it again
    setActivePinia(createPinia())
    await useRunsStore().init()
    expect(useResumeOffersStore().offers.map((r) => r.id)).toEqual([3])
  })
})
