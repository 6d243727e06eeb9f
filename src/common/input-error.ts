import { speak, type Audience } from './wording.js'

/**
 * A failure caused by what the user gave us (a file, a folder, an option), as opposed to a bug.
 *
 * The message is one clear sentence a researcher can act on: what failed, in which file, and
 * what to do. The CLI prints it as one line; the desktop app shows it as is. Readers throw only
 * this for bad input, never a bare RangeError from a DataView or a stack trace.
 *
 * Sentences may hold terms (src/common/wording.ts) where the CLI and the app use different words
 * (`--fs` against "Sampling rate (Hz)"): `message` is the command line's wording, `text` and
 * `reason` keep the terms, and `messageFor('app')` gives the app's.
 */
export class InputError extends Error {
  override readonly name = 'InputError'
  /** The file or folder the problem is in, when there is one. */
  readonly file: string | undefined
  /** The sentence without the "file: " prefix, for reports that already name the item (terms kept). */
  readonly reason: string
  /** The whole sentence with its terms, to be spoken by whoever shows it. */
  readonly text: string

  constructor(message: string, file?: string) {
    const text = visible(file !== undefined && !message.includes(file) ? `${file}: ${message}` : message)
    super(speak(text, 'cli'))
    this.text = text
    this.file = file
    this.reason = visible(message)
  }

  /** The sentence in the words of `audience`. */
  messageFor(audience: Audience): string {
    return speak(this.text, audience)
  }
}

/**
 * Control characters quoted from a damaged file (a NUL in a header field, an ESC or a carriage
 * return in a CSV cell) would break the one line or drive the terminal: they are shown as \xNN.
 */
function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
}

/** Thrown when the user cancels a long operation; callers roll back and report "cancelled". */
export class CancelledError extends Error {
  override readonly name = 'CancelledError'
  constructor() {
    super('The operation was cancelled.')
  }
}

/** Throws CancelledError when the signal has been aborted. Call between units of work. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError()
}
