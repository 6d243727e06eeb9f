/**
 * `#` metadata lines at the top of a text signal file. Two styles occur in the wild:
 *
 * - BioSPPy "Simple Text Format" (the shared fixture):  `# Sampling Rate (Hz):= 1000.00`,
 *   `# Labels:= ECG`, i.e. `key:= value`; other tools write `key: value` or `key = value`.
 * - BioSPPy's newer storage.store_txt: one JSON object, `# {"sampling_rate": 1000., "labels":
 *   ["ECG"]}` — written by Python, so `1000.` (not valid JSON) and single quotes are accepted.
 *
 * Keys are compared after lower-casing and dropping units in brackets and non-letters, so
 * "Sampling Rate (Hz)", "sampling_rate" and "fs" all name the sampling rate.
 */

export interface TextMetadata {
  /** The sampling rate as written (may be invalid; the caller validates). */
  readonly fsText: string | undefined
  /** Channel names, possibly split several ways (the caller keeps the split that fits). */
  readonly labels: readonly (readonly string[])[]
  readonly units: readonly (readonly string[])[]
  /** Every key: value pair found, keys as written. */
  readonly entries: Readonly<Record<string, string>>
}

const FS_KEYS = new Set(['samplingrate', 'samplingfrequency', 'samplerate', 'fs', 'srate', 'frequency'])
const LABEL_KEYS = new Set(['labels', 'label', 'channels', 'channel', 'channelnames'])
const UNIT_KEYS = new Set(['units', 'unit'])

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/\([^)]*\)|\[[^\]]*\]/g, '').replace(/[^a-z]/g, '')
}

/** Parses the comment lines (with their leading `#`) found before the first data row. */
export function parseMetadata(commentLines: readonly string[]): TextMetadata {
  const entries: Record<string, string | readonly string[]> = {}
  for (const raw of commentLines) {
    const line = raw.replace(/^#+/, '').trim()
    if (line.startsWith('{')) {
      Object.assign(entries, parsePythonishJson(line))
      continue
    }
    const match = /^([^:=]+?)\s*(?::=|:|=)\s*(.*)$/.exec(line)
    if (match?.[1] !== undefined && match[2] !== undefined) entries[match[1].trim()] = match[2].trim()
  }
  let fsText: string | undefined
  const labels: string[][] = []
  const units: string[][] = []
  for (const [key, value] of Object.entries(entries)) {
    const norm = normaliseKey(key)
    if (FS_KEYS.has(norm)) fsText = Array.isArray(value) ? String(value[0] ?? '') : (value as string)
    else if (LABEL_KEYS.has(norm)) labels.push(...splits(value))
    else if (UNIT_KEYS.has(norm)) units.push(...splits(value))
  }
  const flat: Record<string, string> = {}
  for (const [key, value] of Object.entries(entries)) flat[key] = Array.isArray(value) ? value.join(', ') : (value as string)
  return { fsText, labels, units, entries: flat }
}

/** A list, or a string split by , ; tab — and, as a second candidate, by whitespace. */
function splits(value: string | readonly string[]): string[][] {
  if (Array.isArray(value)) return [value.map(String)]
  const text = value as string
  const out = [text.split(/[,;\t]/).map((s) => s.trim().replace(/^["']|["']$/g, ''))]
  const byWhitespace = text.trim().split(/\s+/)
  if (byWhitespace.length > 1) out.push(byWhitespace)
  return out
}

/** JSON as Python writes it: `1000.` and 'single quotes' are tolerated. Unparseable → {}. */
function parsePythonishJson(text: string): Record<string, string | string[]> {
  const candidates = [text, text.replace(/(\d)\.(?=\s*[,}\]])/g, '$1.0')]
  const last = candidates[1] ?? text
  candidates.push(last.replace(/'/g, '"'))
  for (const candidate of candidates) {
    try {
      const value: unknown = JSON.parse(candidate)
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return {}
      const out: Record<string, string | string[]> = {}
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        out[key] = Array.isArray(v) ? v.map((x) => String(x)) : String(v)
      }
      return out
    } catch {
      // try the next repair
    }
  }
  return {}
}

/**
 * A sampling rate written in metadata, e.g. "1000.00" or "1000 Hz", as a number;
 * NaN when the text holds no number.
 */
export function parseRate(text: string): number {
  const match = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(text)
  return match?.[1] === undefined ? Number.NaN : Number(match[1])
}

/** The first way of splitting a metadata list that gives exactly `count` non-empty names. */
export function pickSplit(candidates: readonly (readonly string[])[], count: number): readonly string[] | undefined {
  return candidates.find((names) => names.length === count && names.every((n) => n !== ''))
}
