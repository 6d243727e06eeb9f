/**
 * Turns zod validation failures into one InputError sentence a user can act on.
 */
import type { z } from 'zod'
import { InputError } from '../common/input-error.js'
import { issueText } from '../contracts/issue-text.js'
import { term } from '../common/wording.js'

/**
 * Parses `value` with `schema`; on failure throws InputError "Invalid <what>: <first problem>."
 * (the schemas carry user-facing messages whose terms name the option or the field to fix; the
 * "Invalid <what>:" prefix is the command line's, the app shows the sentence alone).
 */
export function parseOrInputError<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issues = result.error.issues
  const text = issues[0] === undefined ? 'unknown problem' : issueText(issues[0])
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : ''
  throw new InputError(`${term('invalid', what)}${text}${more}; fix it and try again.`)
}
