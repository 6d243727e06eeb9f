// A long list read a page at a time, each page fetched once and shared by everyone who asks for
// a position on it. Pages after the first continue after the last item of the page before (a
// cursor, not an offset): while the user changes items so that they stop matching the list's
// query (flagging under a "not reviewed" filter), the matching set shrinks, and an offset would
// skip as many items as were changed.
import { ref, type Ref } from 'vue'

/** Reads up to `limit` items after `after` (from the start when undefined), and how many match after it. */
export type PageReader<T> = (after: T | undefined, limit: number) => Promise<{ items: T[]; total: number }>

export interface PagedList<T> {
  /** Items in the list: those up to the last page read, plus what matches after it now. */
  readonly total: Ref<number>
  /** Items per page; takes effect at the next reset. */
  readonly pageSize: Ref<number>
  /** Starts a new list read by `read`: every page is forgotten and `total` is 0 until page 0 arrives. */
  reset(read: PageReader<T>): void
  page(n: number): Promise<T[]>
  /** The item at `pos`, undefined past the end. */
  at(pos: number): Promise<T | undefined>
  /** The page holding `pos` when it was already asked for (to change one of its items in place). */
  cached(pos: number): Promise<T[]> | undefined
}

export function usePagedList<T>(pageSize: number): PagedList<T> {
  const total = ref(0)
  const size = ref(pageSize)
  const pages = new Map<number, Promise<T[]>>()
  let read: PageReader<T> = () => Promise.resolve({ items: [], total: 0 })
  let limit = pageSize
  /** Bumped at every reset, so pages of an older list cannot set its total. */
  let listId = 0

  function reset(next: PageReader<T>): void {
    read = next
    limit = size.value
    listId++
    pages.clear()
    total.value = 0
  }

  function page(n: number): Promise<T[]> {
    let p = pages.get(n)
    if (p === undefined) {
      const id = listId
      const reader = read
      const perPage = limit
      p = (async () => {
        let after: T | undefined
        if (n > 0) {
          const before = await page(n - 1)
          if (before.length < perPage) return []
          after = before[before.length - 1]
        }
        const r = await reader(after, perPage)
        // the list as first seen up to this page, plus what matches after it now
        if (id === listId) total.value = n * perPage + r.total
        return r.items
      })()
      // a failed page is asked for again next time
      p.catch(() => {
        if (pages.get(n) === p) pages.delete(n)
      })
      pages.set(n, p)
    }
    return p
  }

  async function at(pos: number): Promise<T | undefined> {
    const list = await page(Math.floor(pos / limit))
    return list[pos % limit]
  }

  return { total, pageSize: size, reset, page, at, cached: (pos) => pages.get(Math.floor(pos / limit)) }
}
