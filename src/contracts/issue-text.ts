/**
 * The one sentence for a zod issue, shared by the engine (request validation) and the app (a
 * field's check as it is typed), so both say the same thing about the same value.
 */
import type { z } from 'zod'
import { capitalise, speak, term, type Audience } from '../common/wording.js'

/**
 * The issue's message, with terms for the words that differ between the CLI and the app. A
 * message that names no option (no term, no parenthesis) gets its path for the command line,
 * where the option is found by it ("kind: …"); the app shows the message beside the field.
 */
export function issueText(issue: z.core.$ZodIssue): string {
  const text = issue.message
  if (issue.path.length > 0 && !/\{\{|--|\(/.test(text)) return `${term('at', issue.path.join('.'))}${text}`
  return text
}

/** Neutral text as one sentence for `audience` (the app shows it beside a field). */
export function sentenceFor(text: string, audience: Audience): string {
  return capitalise(speak(text, audience))
}

/**
 * The first problem `schema` finds with `value`, as a sentence for `audience`, or null: how a
 * form checks a field as it is typed with the very rule the engine applies to the request.
 */
export function fieldProblem(schema: z.ZodType, value: unknown, audience: Audience): string | null {
  const result = schema.safeParse(value)
  const issue = result.success ? undefined : result.error.issues[0]
  return issue === undefined ? null : sentenceFor(issueText(issue), audience)
}
