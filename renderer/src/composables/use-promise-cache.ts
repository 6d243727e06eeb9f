// A bounded cache of answers by key, holding the promise itself so that a value asked for twice
// while it loads is loaded once. The oldest entry goes first when the cache is full; a failed
// load is forgotten, so the next ask tries again.
export interface PromiseCache<K, V> {
  get(key: K): Promise<V>
  /** Replaces what is cached for `key` (a value changed by the user). */
  set(key: K, value: V): void
  clear(): void
}

export function usePromiseCache<K, V>(limit: number, load: (key: K) => Promise<V>): PromiseCache<K, V> {
  const entries = new Map<K, Promise<V>>()

  function put(key: K, p: Promise<V>): void {
    entries.set(key, p)
    while (entries.size > limit) entries.delete(entries.keys().next().value!)
  }

  function get(key: K): Promise<V> {
    let p = entries.get(key)
    if (p === undefined) {
      p = load(key)
      const loading = p
      loading.catch(() => {
        if (entries.get(key) === loading) entries.delete(key)
      })
      put(key, loading)
    }
    return p
  }

  return { get, set: (key, value) => put(key, Promise.resolve(value)), clear: () => entries.clear() }
}
