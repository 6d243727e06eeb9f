/**
 * Words that depend on who reads a message. The command line names its options (`--fs`,
 * `ecg-ssl delete`); the app names its fields and buttons ("Sampling rate (Hz)", the dataset
 * page's Delete). A message is written once, in neutral text holding terms (`term('give-fs')`);
 * each host speaks it in its own words at its boundary (`speak(text, 'cli' | 'app')`): the CLI
 * on everything it prints, the API router and the job/run events for the app. Text stored in the
 * database (import notes, skipped reasons) keeps its terms, so either host can show it later.
 */

/** Who reads a message. */
export type Audience = 'cli' | 'app'

/** Each term in the words of each audience; `$1` is the term's argument (a dataset name). */
const TERMS = {
  /** Invalid-request prefix: the CLI names what it checked, the app shows the sentence alone. */
  'invalid': { cli: 'Invalid $1: ', app: '' },
  /** Where in a request a problem is: the CLI's clue to the option; the app shows it by the field. */
  'at': { cli: '$1: ', app: '' },
  'name': { cli: 'the dataset name (--name)', app: '“Dataset name”' },
  'name-flag': { cli: '--name', app: 'name' },
  'labels': { cli: 'the labels file (--labels)', app: '“Labels file”' },
  'labels-path': { cli: 'the --labels path', app: 'the path in “Labels file”' },
  'channel': { cli: 'the channel (--channel)', app: '“Channel”' },
  'channel-index': { cli: 'the channel index (--channel)', app: 'the channel index in “Channel”' },
  'channel-flag': { cli: '--channel', app: 'the “Channel” field' },
  'pass-channel': { cli: 'pass --channel', app: 'fill in the “Channel” field' },
  'fs': { cli: 'the sampling rate (--fs)', app: '“Sampling rate (Hz)”' },
  /** The rate the user gave, e.g. "--fs 0 is not a usable sampling rate". */
  'fs-given': { cli: '--fs $1', app: 'the sampling rate you entered ($1 Hz)' },
  'pass-fs': { cli: 'pass --fs', app: 'enter the rate in “Sampling rate (Hz)”' },
  'pass-fs-hz': { cli: 'pass --fs <Hz>', app: 'enter the rate in “Sampling rate (Hz)” on the Preview step' },
  'overlap': { cli: 'the overlap (--overlap)', app: '“Window overlap, %”' },
  'offset': { cli: '--offset', app: 'the window offset' },
  'limit': { cli: '--limit', app: 'the number of windows asked for' },
  'delete-dataset': { cli: 'remove it with `ecg-ssl delete $1`', app: 'delete it from its page in Datasets' },
  'list-datasets': { cli: 'list the datasets with `ecg-ssl datasets` or import one with `ecg-ssl import`', app: 'the Datasets view lists them, and imports new ones' },
  'list-subjects': { cli: 'see its subjects with `ecg-ssl datasets --json` or leave out --subject', app: 'its page in Datasets lists its subjects' },
  'list-runs': { cli: '"ecg-ssl runs" lists them', app: 'the Experiments view lists them' },
  'or-other-db': { cli: ' or pass another file with --db', app: '' },
  /** Experiment settings: the config's keys on the command line, the form's fields in the app. */
  'folds': { cli: 'evaluation.folds in the config', app: '“Folds”' },
  'max-windows': { cli: 'maxWindowsPerDataset in the config', app: '“Windows per dataset”' },
  'fractions': { cli: 'evaluation.fractions in the config', app: '“Label fractions”' },
  'protocols': { cli: 'evaluation.protocols in the config', app: 'the “Protocols” ticked' },
  'threshold': { cli: 'the task\'s binarisation in the config', app: 'the task\'s threshold' },
} as const satisfies Record<string, Readonly<Record<Audience, string>>>

export type Term = keyof typeof TERMS

/**
 * The token of a term inside neutral text. `arg` (a dataset name, a number) is percent-encoded so
 * that braces or bars in a name cannot end the token early.
 */
export function term(t: Term, arg?: string | number): string {
  return arg === undefined ? `{{${t}}}` : `{{${t}|${encodeURIComponent(String(arg))}}}`
}

const TOKEN = /\{\{([a-z0-9-]+)(?:\|([^{}|]*))?\}\}/g

/** Neutral text in the words of `audience`; text without terms comes back unchanged. */
export function speak(text: string, audience: Audience): string {
  if (!text.includes('{{')) return text
  return text.replace(TOKEN, (whole, id: string, arg: string | undefined) => {
    const words = Object.hasOwn(TERMS, id) ? TERMS[id as Term][audience] : undefined
    if (words === undefined) return whole
    return arg === undefined ? words : words.replaceAll('$1', safeDecode(arg))
  })
}

/**
 * Every string inside `value` (objects, arrays) spoken for `audience`; other values as they are.
 * Hosts apply it to what crosses their boundary (API answers, events). Typed arrays, the bulk of
 * signal answers, are returned untouched without a walk.
 */
export function speakAll<T>(value: T, audience: Audience): T {
  return walk(value, audience) as T
}

function walk(value: unknown, audience: Audience): unknown {
  if (typeof value === 'string') return speak(value, audience)
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value
  if (Array.isArray(value)) {
    let changed = false
    const out = value.map((v: unknown) => {
      const w = walk(v, audience)
      if (w !== v) changed = true
      return w
    })
    return changed ? out : value
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value
  let out: Record<string, unknown> | undefined
  for (const [k, v] of Object.entries(value)) {
    const w = walk(v, audience)
    if (w !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = w
  }
  return out ?? value
}

function safeDecode(arg: string): string {
  try {
    return decodeURIComponent(arg)
  } catch {
    return arg
  }
}

/**
 * A sentence's first letter in upper case (the app shows messages without the CLI's prefix); a
 * first word that is a name as written (camelCase such as "maxPoints") keeps its case.
 */
export function capitalise(text: string): string {
  if (text.length === 0 || /^[a-z]+[A-Z]/.test(text)) return text
  return text[0]!.toUpperCase() + text.slice(1)
}
