import { describe, expect, it } from 'vitest'
import { usePagedList, type PageReader } from './use-paged-list.js'

/** Items 0…n-1 of which `keep` still match, read after a cursor; records each read. */
function source(n: number, keep: (i: number) => boolean = () => true) {
  const reads: Array<{ after: number | undefined; limit: number }> = []
  const read: PageReader<number> = (after, limit) => {
    reads.push({ after, limit })
    const matching = Array.from({ length: n }, (_, i) => i).filter((i) => keep(i) && (after === undefined || i > after))
    return Promise.resolve({ items: matching.slice(0, limit), total: matching.length })
  }
  return { reads, read }
}

describe('usePagedList', () => {
  it('reads each page once, continuing after the last item of the page before, and counts the list', async () => {
    const list = usePagedList<number>(4)
    const src = source(10)
    list.reset(src.read)
    expect(await list.at(5)).toBe(5)
    expect(await list.at(6)).toBe(6)
    expect(await list.at(10)).toBeUndefined()
    expect(src.reads).toEqual([{ after: undefined, limit: 4 }, { after: 3, limit: 4 }, { after: 7, limit: 4 }])
    expect(list.total.value).toBe(10)
  })

  it('does not skip items that stop matching while the list is walked (a cursor, not an offset)', async () => {
    const flagged = new Set<number>()
    const list = usePagedList<number>(3)
    list.reset(source(7, (i) => !flagged.has(i)).read)
    const seen: number[] = []
    for (let pos = 0; pos < 7; pos++) {
      const item = (await list.at(pos))!
      seen.push(item)
      flagged.add(item)
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6])
  })

  it('forgets every page at a reset, with the page size of that moment, and a stale page cannot set the total', async () => {
    const list = usePagedList<number>(4)
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    list.reset(async (after, limit) => {
      await gate
      return source(100).read(after, limit)
    })
    const stale = list.page(0)
    list.pageSize.value = 2
    const fresh = source(5)
    list.reset(fresh.read)
    await list.page(0)
    release()
    await stale
    expect(list.total.value).toBe(5)
    expect(fresh.reads).toEqual([{ after: undefined, limit: 2 }])
    expect(list.cached(1)).toBeDefined()
    expect(list.cached(2)).toBeUndefined()
  })

  it('asks again for a page whose read failed', async () => {
    const list = usePagedList<number>(4)
    let fail = true
    list.reset(async (after, limit) => {
      if (fail) throw new Error('The store is busy.')
      return source(3).read(after, limit)
    })
    await expect(list.page(0)).rejects.toThrow('The store is busy.')
    fail = false
    expect(await list.page(0)).toEqual([0, 1, 2])
  })
})
