/**
 * How the CLI reports failures: exit code and ONE line on stderr. Input errors are printed as
 * they are; bugs get one line plus a hint, and their stack only with ECG_SSL_DEBUG=1.
 */
import { CommanderError } from 'commander'
import { CancelledError, InputError } from '../common/input-error.js'

export const EXIT_OK = 0
/** Bad input: a file, a folder, an option value, a dataset name. */
export const EXIT_INPUT = 1
/** The command line itself is wrong (unknown command, missing argument). */
export const EXIT_USAGE = 2
/** A bug or an environment failure nobody foresaw. */
export const EXIT_INTERNAL = 3
/** Cancelled with Ctrl-C (128 + SIGINT, the shell convention). */
export const EXIT_CANCELLED = 130

/** One line: newlines and runs of spaces collapsed. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim()
}

/** What to print and which exit code to use for an error. */
export interface ErrorReport {
  readonly line: string
  readonly exitCode: number
  /** Extra lines (the stack) printed only in debug mode. */
  readonly debug?: string | undefined
}

/** Classifies `err` into the line to print and the exit code. */
export function describeError(err: unknown, cancelledLine: string, debug: boolean): ErrorReport {
  if (err instanceof CancelledError) return { line: cancelledLine, exitCode: EXIT_CANCELLED }
  if (err instanceof InputError) return { line: `error: ${oneLine(err.message)}`, exitCode: EXIT_INPUT, debug: debug ? err.stack : undefined }
  if (err instanceof CommanderError) {
    const msg = oneLine(err.message).replace(/^error:\s*/, '')
    return { line: `error: ${msg}; run \`ecg-ssl --help\` for usage.`, exitCode: EXIT_USAGE }
  }
  const message = err instanceof Error ? oneLine(err.message) : oneLine(String(err))
  return {
    line: `error: unexpected failure: ${message}; run with ECG_SSL_DEBUG=1 for details.`,
    exitCode: EXIT_INTERNAL,
    debug: debug && err instanceof Error ? err.stack : undefined,
  }
}
