/** The bad-input contract of every reader: one InputError, one line, no stack, no raw JS error. */
import { expect } from 'vitest'
import { InputError } from '../../src/common/input-error.js'

/**
 * Awaits `p` and asserts it rejected with a one-line InputError whose message matches `pattern`
 * (a RegExp, or text it must contain) and, when `path` is given, starts with "<path>: ".
 */
export async function expectInputError(p: Promise<unknown>, pattern: RegExp | string, path?: string): Promise<void> {
  checkInputError(await p.then(() => undefined, (e: unknown) => e), pattern, path)
}

/** Calls `f` and asserts it threw such an InputError (the synchronous twin of expectInputError). */
export function expectInputErrorSync(f: () => unknown, pattern: RegExp | string, path?: string): void {
  let error: unknown
  try {
    f()
  } catch (e) {
    error = e
  }
  checkInputError(error, pattern, path)
}

function checkInputError(error: unknown, pattern: RegExp | string, path: string | undefined): void {
  expect(error).toBeInstanceOf(InputError)
  const message = (error as InputError).message
  if (typeof pattern === 'string') expect(message).toContain(pattern)
  else expect(message).toMatch(pattern)
  if (path !== undefined) expect(message.startsWith(`${path}: `)).toBe(true)
  expect(message).not.toContain('\n')
  expect(message).not.toMatch(/RangeError|TypeError|\bat .*\.[jt]s:\d+/)
}
