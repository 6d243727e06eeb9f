// A value kept in localStorage on this computer: read once when created, written on every change.
// The one way the renderer remembers things across reloads (the annotator's name, review's place),
// so each key is read with a check of its shape and a damaged or old entry falls back quietly.
import { ref, watch, type Ref } from 'vue'

/** How a value becomes the stored text and back; parse answers undefined for text it cannot use. */
export interface Codec<T> {
  parse(text: string): T | undefined
  stringify(value: T): string
}

/** Plain text, stored as it is (the annotator's name was always stored this way). */
export const textCodec: Codec<string> = { parse: (text) => text, stringify: (value) => value }

/** JSON, accepted only when `valid` says it has the expected shape. */
export function jsonCodec<T>(valid: (value: unknown) => value is T): Codec<T> {
  return {
    parse(text) {
      try {
        const value: unknown = JSON.parse(text)
        return valid(value) ? value : undefined
      } catch {
        return undefined
      }
    },
    stringify: (value) => JSON.stringify(value),
  }
}

/** localStorage, or undefined where it is missing or refused (private windows, tests without a DOM). */
function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage
  } catch {
    return undefined
  }
}

/**
 * A ref holding the value stored under `key` (or `fallback`), which writes itself back on every
 * change, deep changes included.
 */
export function usePersisted<T>(key: string, fallback: T, codec: Codec<T>): Ref<T> {
  const text = storage()?.getItem(key)
  const stored = text === null || text === undefined ? undefined : codec.parse(text)
  const value = ref(stored === undefined ? fallback : stored) as Ref<T>
  watch(
    value,
    (v) => {
      const s = storage()
      if (s === undefined) return
      try {
        s.setItem(key, codec.stringify(v))
      } catch {
        // a full or refused storage loses the place, never the work
      }
    },
    { deep: true, flush: 'sync' },
  )
  return value
}
