// The annotator's keyboard: one key per flag, 0/Backspace clears, J/K and the arrows move.
import { WINDOW_FLAGS, type WindowFlag } from '@contracts/datasets.js'

export type ReviewAction = { readonly kind: 'flag'; readonly flag: WindowFlag | null } | { readonly kind: 'move'; readonly step: 1 | -1 }

/** Flags in key order: 1 good, 2 noisy, 3 artifact, 4 unusable. */
export const FLAG_KEYS: readonly WindowFlag[] = WINDOW_FLAGS

/** The key event's subset this mapping reads (a KeyboardEvent has it). */
export interface KeyLike {
  readonly key: string
  readonly ctrlKey?: boolean
  readonly metaKey?: boolean
  readonly altKey?: boolean
  readonly target?: EventTarget | null
}

function isTextEntry(target: EventTarget | null | undefined): boolean {
  if (target === null || target === undefined || typeof target !== 'object' || !('tagName' in target)) return false
  const el = target as { tagName: string; isContentEditable?: boolean; type?: string }
  const tag = el.tagName.toUpperCase()
  if (el.isContentEditable === true || tag === 'TEXTAREA' || tag === 'SELECT') return true
  // range sliders and buttons do not take typed text, so shortcuts still work on them
  return tag === 'INPUT' && !['range', 'checkbox', 'radio', 'button'].includes(el.type ?? 'text')
}

/**
 * The review action of a key press, or undefined when the key is not a shortcut here: typing in
 * a text field and key chords with Ctrl, Cmd or Alt are left to the page.
 */
export function reviewAction(e: KeyLike): ReviewAction | undefined {
  if (e.ctrlKey === true || e.metaKey === true || e.altKey === true || isTextEntry(e.target)) return undefined
  const k = e.key
  const digit = ['1', '2', '3', '4'].indexOf(k)
  if (digit >= 0) return { kind: 'flag', flag: FLAG_KEYS[digit]! }
  if (k === '0' || k === 'Backspace') return { kind: 'flag', flag: null }
  if (k === 'j' || k === 'J' || k === 'ArrowRight') return { kind: 'move', step: 1 }
  if (k === 'k' || k === 'K' || k === 'ArrowLeft') return { kind: 'move', step: -1 }
  return undefined
}
