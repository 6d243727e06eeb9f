import { describe, expect, it } from 'vitest'
import { sentenceOf, useAsync } from './use-async.js'

/** A promise the test settles by hand. */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: Error) => void } {
  let resolve!: (v: T) => void
  let reject!: (e: Error) => void
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}

describe('useAsync', () => {
  it('is loading while the job runs, then holds its answer', async () => {
    const state = useAsync<string[]>([])
    const job = deferred<string[]>()
    const done = state.run(() => job.promise)
    expect(state.loading.value).toBe(true)
    expect(state.loaded.value).toBe(false)
    job.resolve(['lab'])
    expect(await done).toBe(true)
    expect(state.loading.value).toBe(false)
    expect(state.loaded.value).toBe(true)
    expect(state.value.value).toEqual(['lab'])
    expect(state.error.value).toBeNull()
  })

  it('keeps the failure as its sentence and the previous value, and clears the sentence on the next run', async () => {
    const state = useAsync(1)
    expect(await state.run(() => Promise.reject(new Error('The store could not be read.')))).toBe(false)
    expect(state.error.value).toBe('The store could not be read.')
    expect(state.value.value).toBe(1)
    expect(state.loading.value).toBe(false)
    const job = deferred<number>()
    const next = state.run(() => job.promise)
    expect(state.error.value).toBeNull()
    job.resolve(2)
    await next
    expect(state.value.value).toBe(2)
  })

  it('keeps only the latest of overlapping runs, and stays loading until it ends', async () => {
    const state = useAsync('none')
    const slow = deferred<string>()
    const fast = deferred<string>()
    const first = state.run(() => slow.promise)
    const second = state.run(() => fast.promise)
    fast.resolve('new')
    await second
    expect(state.value.value).toBe('new')
    slow.reject(new Error('old failure'))
    await first
    expect(state.value.value).toBe('new')
    expect(state.error.value).toBeNull()

    const late = deferred<string>()
    const third = state.run(() => late.promise)
    const fourth = state.run(() => Promise.resolve('newest'))
    await fourth
    late.resolve('stale')
    await third
    expect(state.value.value).toBe('newest')
    expect(state.loading.value).toBe(false)
  })

  it('drops the answer and the failure of an abandoned run, and is no longer loading', async () => {
    const state = useAsync('none')
    const answer = deferred<string>()
    const failure = deferred<string>()
    const first = state.run(() => answer.promise)
    state.abandon()
    expect(state.loading.value).toBe(false)
    answer.resolve('late')
    await first
    const second = state.run(() => failure.promise)
    state.abandon()
    failure.reject(new Error('late failure'))
    await second
    expect([state.value.value, state.error.value, state.loading.value, state.loaded.value]).toEqual(['none', null, false, false])
  })

  it('says what was thrown, Error or not', () => {
    expect(sentenceOf(new Error('No such dataset.'))).toBe('No such dataset.')
    expect(sentenceOf('plain')).toBe('plain')
  })
})
