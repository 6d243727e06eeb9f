// Review's filters and remembered place: their shapes, the checks a stored copy must pass before
// it is trusted (an old or damaged entry falls back quietly), the filters as a windows query, and
// the place kept on this computer, which follows a rename of its dataset.
import { defineStore } from 'pinia'
import { WindowFlagFilter } from '@contracts/datasets.js'
import { jsonCodec, usePersisted } from '../composables/use-persisted.js'

/** The filters an annotator can set; empty strings mean "any". */
export interface ReviewFilters {
  subject: string
  trial: string
  labelKey: string
  labelValue: string
  flag: WindowFlagFilter | ''
}

/** Where review was: dataset, filters, position in the filtered list and that window's index. */
export const PLACE_KEY = 'ecg-ssl.review.place'

export interface ReviewPlace {
  dataset: string
  filters: ReviewFilters
  position: number
  /** The dataset index of the window at `position` (-1 when the list was empty). */
  index: number
}

export function emptyFilters(): ReviewFilters {
  return { subject: '', trial: '', labelKey: '', labelValue: '', flag: '' }
}

const FLAG_FILTERS: readonly string[] = ['', ...WindowFlagFilter.options]

export function isFilters(v: unknown): v is ReviewFilters {
  if (typeof v !== 'object' || v === null) return false
  const f = v as Record<string, unknown>
  return ['subject', 'trial', 'labelKey', 'labelValue'].every((k) => typeof f[k] === 'string') && typeof f.flag === 'string' && FLAG_FILTERS.includes(f.flag)
}

export function isPlace(v: unknown): v is ReviewPlace | null {
  if (v === null) return true
  if (typeof v !== 'object') return false
  const p = v as Record<string, unknown>
  return typeof p.dataset === 'string' && isFilters(p.filters) && Number.isInteger(p.position) && (p.position as number) >= 0 && Number.isInteger(p.index)
}

/** The windows query for `f`: only the filters that are set. */
export function filterQuery(f: ReviewFilters): { subject?: string; trial?: string; labelKey?: string; labelValue?: number | string; flag?: WindowFlagFilter } {
  const value = f.labelValue.trim()
  return {
    ...(f.subject === '' ? {} : { subject: f.subject }),
    ...(f.trial.trim() === '' ? {} : { trial: f.trial.trim() }),
    ...(f.labelKey === '' ? {} : { labelKey: f.labelKey }),
    // a label filter value that reads as a number matches numeric labels (e.g. arousal 7)
    ...(f.labelKey === '' || value === '' ? {} : { labelValue: Number.isFinite(Number(value)) ? Number(value) : value }),
    ...(f.flag === '' ? {} : { flag: f.flag }),
  }
}

/**
 * The remembered place, kept in localStorage. A store of its own so that a rename reaches it even
 * when Review has not been opened since the app started: datasets have no id but their name
 * (contracts/datasets.ts), so the place names the dataset and is renamed with it.
 */
export const useReviewPlaceStore = defineStore('review-place', () => {
  const place = usePersisted<ReviewPlace | null>(PLACE_KEY, null, jsonCodec(isPlace))

  /** The dataset `from` is now called `to`: a place in it stays where it was. */
  function followRename(from: string, to: string): void {
    if (place.value?.dataset === from) place.value = { ...place.value, dataset: to }
  }

  return { place, followRename }
})
