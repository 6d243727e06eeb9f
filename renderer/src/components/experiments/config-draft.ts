// The experiment being built in the form: started from a preset, edited knob by knob (or as JSON),
// and checked with the contract's own schema so its sentences show beside the fields before
// anything is sent.
import { presetConfig, type PresetName } from '@contracts/presets.js'
import { ExperimentConfig, type ExperimentConfigInput } from '@contracts/runs.js'

/** One problem of the draft: where (a dotted path such as "pretext.epochs") and a sentence. */
export interface DraftIssue {
  readonly path: string
  readonly message: string
}

/** A schema message ("the seed must be …") as a sentence, naming the dataset when it is about one. */
function sentence(path: readonly PropertyKey[], message: string, draft: ExperimentConfigInput): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1)
  const withStop = /[.!?]$/.test(text) ? text : `${text}.`
  if (path[0] === 'datasets' && typeof path[1] === 'number') {
    const name = draft.datasets?.[path[1]]?.name
    if (name) return `Dataset “${name}”: ${withStop.charAt(0).toLowerCase()}${withStop.slice(1)}`
  }
  return withStop
}

/** Checks a draft with ExperimentConfig; the parsed config when it is valid, else its issues. */
export function checkDraft(draft: ExperimentConfigInput): { config: ExperimentConfig | null; issues: DraftIssue[] } {
  const parsed = ExperimentConfig.safeParse(draft)
  if (parsed.success) return { config: parsed.data, issues: [] }
  const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: sentence(i.path, i.message, draft) }))
  return { config: null, issues }
}

/** The first issue at `path` or below it (so "evaluation.fractions" also shows "evaluation.fractions.2"). */
export function issueAt(issues: readonly DraftIssue[], path: string): string | null {
  return issues.find((i) => i.path === path || i.path.startsWith(`${path}.`))?.message ?? null
}

/** A preset's config for the chosen datasets, under a name. */
export function draftFromPreset(preset: PresetName, name: string, datasets: ExperimentConfigInput['datasets']): ExperimentConfigInput {
  return presetConfig(preset, name, datasets)
}

/**
 * Label fractions typed as "0.01, 0.05, 1" (or with % signs). Returns the numbers, or a sentence
 * saying which entry is not a number.
 */
export function parseFractions(text: string): number[] | string {
  const parts = text.split(/[,;\s]+/).filter((p) => p !== '')
  if (parts.length === 0) return 'Type at least one label fraction, such as 0.1, 0.5, 1.'
  const out: number[] = []
  for (const part of parts) {
    const percent = part.endsWith('%')
    const value = Number(percent ? part.slice(0, -1) : part)
    if (!Number.isFinite(value)) return `“${part}” is not a number; type fractions such as 0.1, 0.5, 1 (or 10%, 50%).`
    out.push(percent ? value / 100 : value)
  }
  return [...new Set(out)].sort((a, b) => a - b)
}

/**
 * Replaces the draft with JSON typed in the advanced editor. Returns the object, or a sentence
 * when the text is not a JSON object (the schema's checks then run on it like on the form).
 */
export function parseDraftJson(text: string): ExperimentConfigInput | string {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    return `The JSON could not be read (${(e as Error).message}); fix it or close the editor to keep the form's values.`
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'The JSON must be one object with the experiment\u2019s settings, like the text shown at first.'
  return value as ExperimentConfigInput
}

/** A name for a new experiment that says what it is. */
export function suggestName(preset: PresetName, datasets: readonly string[], now = new Date()): string {
  const stamp = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')} ${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}`
  return `${preset} on ${datasets.length > 0 ? datasets.join(' + ') : 'no dataset'} (${stamp})`
}
