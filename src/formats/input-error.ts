/**
 * A failure caused by what the user gave us (a file, a folder, an option), as opposed to a bug.
 *
 * The message is one clear sentence a researcher can act on: what failed, in which file, and
 * what to do. The CLI prints it as one line; the desktop app shows it as is. Readers throw only
 * this for bad input, never a bare RangeError from a DataView or a stack trace.
 */
export class InputError extends Error {
  override readonly name = 'InputError'
  /** The file or folder the problem is in, when there is one. */
  readonly file: string | undefined
  /** The sentence without the "file: " prefix, for reports that already name the item. */
  readonly reason: string

  constructor(message: string, file?: string) {
    super(file !== undefined && !message.includes(file) ? `${file}: ${message}` : message)
    this.file = file
    this.reason = message
  }
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
