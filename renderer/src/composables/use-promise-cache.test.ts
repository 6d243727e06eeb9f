import { describe, expect, it } from 'vitest'
import { usePromiseCache } from './use-promise-cache.js'

describe('usePromiseCache', () => {
  it('loads a key once, even while its load is pending, and drops the oldest entry when full', async () => {
    const loads: number[] = []
    const cache = usePromiseCache<number, string>(2, (k) => (loads.push(k), Promise.resolve(`w${k}`)))
    const [a, b] = [cache.get(1), cache.get(1)]
    expect(await a).toBe('w1')
    expect(await b).toBe('w1')
    await cache.get(2)
    await cache.get(3)
    await cache.get(2)
    await cache.get(1)
    expect(loads).toEqual([1, 2, 3, 1])
  })

  it('keeps a value set by hand, forgets a failed load, and clears', async () => {
    let broken = true
    const cache = usePromiseCache<number, string>(4, (k) => (broken ? Promise.reject(new Error('No such window.')) : Promise.resolve(`w${k}`)))
    await expect(cache.get(1)).rejects.toThrow('No such window.')
    broken = false
    expect(await cache.get(1)).toBe('w1')
    cache.set(1, 'flagged')
    expect(await cache.get(1)).toBe('flagged')
    cache.clear()
    expect(await cache.get(1)).toBe('w1')
  })
})
