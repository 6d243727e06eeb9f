/**
 * Turns zod validation failures into one InputError sentence a user can act on.
 */
import type { z } from 'zod'
import { InputError } from '../common/input-error.js'

/**
 * Parses `value` with `schema`; on failure throws InputError "Invalid <what>: <first problem>."
 * (the schemas carry user-facing messages that name the option to fix).
 */
export function parseOrInputError<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issues = result.error.issues
  const first = issues[0]
  let text = first?.message ?? 'unknown problem'
  if (first !== undefined && first.path.length > 0 && !/--|\(/.test(text)) text = `${first.path.join('.')}: ${text}`
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : ''
  throw new InputError(`Invalid ${what}: ${text}${more}; fix it and try again.`)
}
