/**
 * An experiment's settings in words (issue 10 §4): what differs between two runs, named as the
 * experiment form names its fields and valued as a researcher reads them ("Label fractions:
 * 10 %, 100 %"), never as config keys and raw JSON. Plain functions: the renderer imports them.
 */
import { METHOD_LABELS, PROTOCOL_LABELS } from './metric-labels.js'
import { formatFraction } from './number-words.js'
import { BINARISATION_WORDS, PRETEXT_SCOPE_WORDS, type ExperimentConfig, type PretextScope } from './runs.js'
import { TRANSFORM_PARAM_SPECS } from './transform-params.js'

/** The form's name of each setting (config key path → words). */
const SETTING_WORDS: Readonly<Record<string, string>> = {
  name: 'Name',
  preset: 'Preset',
  seed: 'Seed',
  backend: 'Backend',
  processes: 'CPU workers',
  datasets: 'Datasets, their roles and tasks',
  maxWindowsPerDataset: 'Windows per dataset',
  ablation: 'Ablation (one pretext model per dropped transformation)',
  ...Object.fromEntries(TRANSFORM_PARAM_SPECS.map((t) => [`transforms.${t.key}`, t.label])),
  'pretext.epochs': 'Pretext epochs',
  'pretext.batch': 'Pretext batch (windows)',
  'pretext.learningRate': 'Pretext learning rate',
  'pretext.decayRate': 'Pretext learning-rate decay',
  'pretext.decaySteps': 'Pretext decay interval (steps)',
  'pretext.dropout': 'Pretext dropout',
  'pretext.lossWeights': 'Pretext loss weights',
  'pretext.heldOut': 'Held-out share of pretext windows',
  'pretext.dropTasks': 'Transformations left out',
  'pretext.scope': 'What the pretext model sees',
  'evaluation.protocols': 'Protocols',
  'evaluation.folds': 'Folds',
  'evaluation.methods': 'Methods',
  'evaluation.fractions': 'Label fractions',
  'evaluation.probeBlocks': 'Encoder blocks',
  'evaluation.classifier.epochs': 'Classifier epochs',
  'evaluation.classifier.batch': 'Classifier batch',
  'evaluation.classifier.learningRate': 'Classifier learning rate',
  'evaluation.endToEnd': 'End-to-end training',
  'evaluation.endToEnd.epochs': 'End-to-end epochs',
  'evaluation.endToEnd.batch': 'End-to-end batch',
  'evaluation.endToEnd.learningRate': 'End-to-end learning rate',
}

const ROLE_WORDS: Readonly<Record<string, string>> = { both: 'learn features and evaluate', pretext: 'learn features only', evaluate: 'evaluate only' }

/** One setting that differs between two runs, in words. */
export interface SettingChange {
  /** Stable key for lists (the config path). */
  readonly key: string
  readonly setting: string
  readonly a: string
  readonly b: string
}

/** "pretext.someNewKey" → "Pretext: some new key" for settings the table above does not know yet. */
function fallbackName(key: string): string {
  const parts = key.split('.').map((p) => p.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())
  const last = parts.pop() ?? key
  const text = parts.length === 0 ? last : `${parts.join(' ')}: ${last}`
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** A setting's value as words: lists joined, fractions as percentages, names of protocols and methods. */
export function settingValueWords(key: string, value: unknown): string {
  if (value === undefined || value === null) return key === 'evaluation.endToEnd' ? 'as the classifier' : 'not set (default)'
  if (key === 'datasets' && Array.isArray(value)) return (value as ExperimentConfig['datasets']).map(datasetWords).join('; ')
  if (key === 'evaluation.fractions' && Array.isArray(value)) return value.map((f) => formatFraction(Number(f))).join(', ')
  if (key === 'evaluation.protocols' && Array.isArray(value)) return value.map((p) => PROTOCOL_LABELS[p as keyof typeof PROTOCOL_LABELS] ?? String(p)).join(', ')
  if (key === 'evaluation.methods' && Array.isArray(value)) return value.map((m) => METHOD_LABELS[m as keyof typeof METHOD_LABELS] ?? String(m)).join(', ')
  if (key === 'evaluation.probeBlocks' && Array.isArray(value)) return value.map((b) => `block ${String(b)}`).join(', ')
  if (key === 'pretext.scope') return PRETEXT_SCOPE_WORDS[plain(value) as PretextScope] ?? plain(value)
  if (key === 'maxWindowsPerDataset' && value === 0) return 'all'
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ')
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k} ${plain(v)}`).join(', ')
  return plain(value)
}

/** A scalar as written; anything else as JSON (a setting this module does not know yet). */
function plain(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value) ?? ''
}

function datasetWords(d: ExperimentConfig['datasets'][number]): string {
  const tasks = d.tasks.map((t) => `${t.label} (${BINARISATION_WORDS[t.binarisation]})`).join(', ')
  return `${d.name}: ${ROLE_WORDS[d.role] ?? d.role}${tasks === '' ? '' : `, tasks ${tasks}`}`
}

/** Settings compared whole: a list of datasets or an end-to-end block reads best as one line. */
const WHOLE = new Set(['datasets', 'evaluation.endToEnd'])

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (!WHOLE.has(prefix) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix === '' ? k : `${prefix}.${k}`, out)
  } else {
    out.set(prefix, value)
  }
}

/** The settings whose values differ between two configs, in the form's order of the table above, then the rest by key. */
export function settingChanges(a: unknown, b: unknown): SettingChange[] {
  const fa = new Map<string, unknown>()
  const fb = new Map<string, unknown>()
  flatten(a, '', fa)
  flatten(b, '', fb)
  const order = Object.keys(SETTING_WORDS)
  const rank = (k: string): number => (order.includes(k) ? order.indexOf(k) : order.length)
  const keys = [...new Set([...fa.keys(), ...fb.keys()])].sort((x, y) => rank(x) - rank(y) || (x < y ? -1 : x > y ? 1 : 0))
  return keys
    .filter((k) => JSON.stringify(fa.get(k)) !== JSON.stringify(fb.get(k)))
    .map((key) => ({ key, setting: SETTING_WORDS[key] ?? fallbackName(key), a: settingValueWords(key, fa.get(key)), b: settingValueWords(key, fb.get(key)) }))
}
