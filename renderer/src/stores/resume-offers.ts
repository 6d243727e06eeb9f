// The resume offer at start-up: interrupted runs, less those the user dismissed (remembered on this
// computer) and those stopped in this session (the notice that says so is offer enough; the list
// keeps their Resume button).
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { jsonCodec, usePersisted } from '../composables/use-persisted.js'
import { useRunListStore } from './run-list.js'

const isIdList = (value: unknown): value is number[] => Array.isArray(value) && value.every((v) => typeof v === 'number')

export const useResumeOffersStore = defineStore('resume-offers', () => {
  const list = useRunListStore()
  const dismissed = usePersisted<number[]>('ecg-ssl.dismissed-resume', [], jsonCodec(isIdList))
  const stoppedHere = ref<ReadonlySet<number>>(new Set())

  /** Interrupted runs not dismissed, not stopped here and not waiting in the queue. */
  const offers = computed(() => list.runs.filter((r) => r.state === 'interrupted' && !dismissed.value.includes(r.id) && !stoppedHere.value.has(r.id)
    && list.queue.running !== r.id && !list.queue.queued.includes(r.id)))

  /** Stops offering a run for resume (remembered on this computer). */
  function dismiss(id: number): void {
    if (!dismissed.value.includes(id)) dismissed.value = [...dismissed.value, id]
  }

  /** The user stopped this run here: no banner for it in this session. */
  function stoppedByUser(id: number): void {
    stoppedHere.value = new Set([...stoppedHere.value, id])
  }

  return { offers, dismiss, stoppedByUser }
})
