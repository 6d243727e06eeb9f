// Tune's transformation parameters carried into a new experiment ("Use these settings in a new
// experiment"): written into the Experiments link's query, read back by the form, checked with the
// same schema a run's config is checked with.
import { TransformConfig } from '@contracts/runs.js'

const KEYS = Object.keys(TransformConfig.shape) as (keyof TransformConfig)[]

/** The query of the Experiments link that carries `params` (one key per parameter). */
export function transformsQuery(params: TransformConfig): Record<string, string> {
  return Object.fromEntries(KEYS.map((k) => [k, String(params[k])]))
}

/** The parameters a link carries, or null when it carries none or they do not make a valid set. */
export function transformsFromQuery(query: Readonly<Record<string, unknown>>): TransformConfig | null {
  if (!KEYS.some((k) => typeof query[k] === 'string')) return null
  const parsed = TransformConfig.safeParse(Object.fromEntries(KEYS.map((k) => [k, Number(query[k])])))
  return parsed.success ? parsed.data : null
}
