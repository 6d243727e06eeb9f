// The state of one asynchronous job a store or view runs again and again (a list to load, a
// rename to send): whether it is running, the sentence of its last failure, and what it last
// answered. The API client throws errors whose message is the router's sentence, ready to show,
// so that message is what `error` holds.
import { ref, shallowRef, type Ref, type ShallowRef } from 'vue'

export interface AsyncState<T> {
  /** The last answer (or the initial value); replaced whole, never changed in place. */
  readonly value: ShallowRef<T>
  /** True while a run is in flight. */
  readonly loading: Ref<boolean>
  /** The sentence of the last run's failure; null while running and after a success. */
  readonly error: Ref<string | null>
  /** True once a run has answered (a view tells "nothing yet" from "still loading"). */
  readonly loaded: Ref<boolean>
  /**
   * Runs `job`; its answer becomes `value`. Resolves true on success, false when it threw (the
   * message in `error`). When runs overlap only the latest one's answer or failure is kept, so a
   * slow earlier answer never overwrites a newer one.
   */
  run(job: () => Promise<T>): Promise<boolean>
  /** Stops waiting for the run in flight: loading ends, and its answer or failure, when it comes, is dropped. */
  abandon(): void
}

/** The message of whatever a job threw. */
export function sentenceOf(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown)
}

export function useAsync<T>(initial: T): AsyncState<T> {
  const value = shallowRef(initial) as ShallowRef<T>
  const loading = ref(false)
  const error = ref<string | null>(null)
  const loaded = ref(false)
  let latest = 0

  async function run(job: () => Promise<T>): Promise<boolean> {
    const ticket = ++latest
    loading.value = true
    error.value = null
    try {
      const answer = await job()
      if (ticket !== latest) return true
      value.value = answer
      loaded.value = true
      return true
    } catch (e) {
      if (ticket === latest) error.value = sentenceOf(e)
      return false
    } finally {
      if (ticket === latest) loading.value = false
    }
  }

  function abandon(): void {
    latest++
    loading.value = false
  }

  return { value, loading, error, loaded, run, abandon }
}
