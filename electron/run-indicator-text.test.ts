import { describe, expect, it } from 'vitest'
import { IDLE_INDICATOR, indicatorFor, notificationFor } from './run-indicator-text.js'

describe('run indicators', () => {
  it('shows share and ETA while a run progresses', () => {
    const i = indicatorFor({ type: 'progress', runId: 3, phase: 'pretext full', done: 5, total: 20, etaSeconds: 600, message: 'pretext (full) epoch 6/100' })
    expect(i).toEqual({ tooltip: 'Training run 3: 25 %, about 10 min left — pretext (full) epoch 6/100', progress: 0.25 })
    expect(indicatorFor({ type: 'progress', runId: 3, phase: 'x', done: 1, total: 2, etaSeconds: 9000, message: 'm' })?.tooltip).toContain('about 2.5 h left')
  })

  it('goes idle when a run ends and stays unchanged on milestones', () => {
    expect(indicatorFor({ type: 'state', runId: 1, state: 'done', error: null })).toEqual(IDLE_INDICATOR)
    expect(indicatorFor({ type: 'state', runId: 1, state: 'running', error: null })).toBeUndefined()
  })

  it('notifies the end of a run in a sentence', () => {
    expect(notificationFor({ type: 'state', runId: 2, state: 'done', error: null }, 'AMIGOS arousal')).toEqual({ title: 'Training finished', body: 'Run 2 "AMIGOS arousal" is complete; its results are in the Results view.' })
    expect(notificationFor({ type: 'state', runId: 2, state: 'failed', error: 'The dataset "x" changed.' })?.body).toBe('Run 2 stopped: The dataset "x" changed.')
    expect(notificationFor({ type: 'state', runId: 2, state: 'running', error: null })).toBeUndefined()
  })
})
