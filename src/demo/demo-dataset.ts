/**
 * The synthetic affect dataset of issue 3 §7 as a DatasetScan, so it goes through the same
 * import path (preprocessing, windows, store) as a real dataset.
 *
 * Kind 'csv': the generic kind with no dataset-specific structure, which is what the demo is
 * (one ECG channel per trial with arousal/valence labels); the notes say it is synthetic. The
 * samples are generated lazily in `load()` so a scan costs nothing until it is imported.
 */
import { DEFAULT_SEED } from '../contracts/presets.js'
import type { DatasetAdapter, DatasetScan, RecordingRef } from '../formats/types.js'
import { drawSubjectMorphology, generateAffectEcg, mixSeed, trialParams, type SubjectMorphology } from './affect-ecg.js'

/** Options of the demo dataset. */
export interface DemoOptions {
  /** Number of subjects (default 8). */
  readonly subjects?: number
  /** Trials per subject (default 8); high/low arousal and valence are balanced within a subject. */
  readonly trialsPerSubject?: number
  /** Seconds per trial (default 60, i.e. six 10 s windows). */
  readonly trialSeconds?: number
  /** Sampling rate in Hz (default 256, the store's target rate, so no resampling). */
  readonly fs?: number
  /** Seed of everything (default 1). */
  readonly seed?: number
  /**
   * Unlabelled recordings (default false): other subjects (named U01…, drawn from their own seed
   * stream) whose trials span the whole 1–9 range of arousal and valence, imported without labels,
   * for learning ECG features only (a pretext-only dataset).
   */
  readonly unlabeled?: boolean
}

const NO_LABELS: Readonly<Record<string, never>> = {}

/** Salt of the unlabelled subjects' seed stream. */
const UNLABELED_STREAM = 0x0a1abe1

/** One planned trial: who, which, and its labels and derived parameters. */
export interface DemoTrial {
  readonly subject: string
  readonly trial: string
  readonly subjectIndex: number
  readonly trialIndex: number
  readonly arousal: number
  readonly valence: number
  readonly morphology: SubjectMorphology
  /** Intended mean heart rate in bpm. */
  readonly meanHr: number
  readonly seed: number
}

/** Resolved defaults. */
export function demoDefaults(options: DemoOptions = {}): Required<DemoOptions> {
  return {
    subjects: options.subjects ?? 8,
    trialsPerSubject: options.trialsPerSubject ?? 8,
    trialSeconds: options.trialSeconds ?? 60,
    fs: options.fs ?? 256,
    seed: options.seed ?? DEFAULT_SEED,
    unlabeled: options.unlabeled ?? false,
  }
}

/**
 * Plans every trial. Trial i of a subject is high arousal when i is even and high valence when
 * ⌊i/2⌋ is even, so each group of four trials covers the four quadrants; the scores are integers
 * drawn from 6–9 (high) or 1–4 (low), never 5, so a median split at 5 is unambiguous.
 */
export function planDemoTrials(options: DemoOptions = {}): DemoTrial[] {
  const o = demoDefaults(options)
  const trials: DemoTrial[] = []
  const width = String(o.subjects).length < 2 ? 2 : String(o.subjects).length
  // unlabelled subjects come from a stream of their own, so they are other people than S01…
  const base = o.unlabeled ? mixSeed(o.seed, UNLABELED_STREAM) : o.seed
  for (let s = 0; s < o.subjects; s++) {
    const morphology = drawSubjectMorphology(mixSeed(base, s + 1))
    for (let t = 0; t < o.trialsPerSubject; t++) {
      const seed = mixSeed(base, s + 1, t + 1)
      const draw = (high: boolean, salt: number): number => {
        const k = mixSeed(seed, salt) % 4
        return high ? 6 + k : 1 + k
      }
      const arousal = o.unlabeled ? 1 + (mixSeed(seed, 0xa) % 9) : draw(t % 2 === 0, 0xa)
      const valence = o.unlabeled ? 1 + (mixSeed(seed, 0xb) % 9) : draw(Math.floor(t / 2) % 2 === 0, 0xb)
      trials.push({
        subject: `${o.unlabeled ? 'U' : 'S'}${String(s + 1).padStart(width, '0')}`,
        trial: String(t + 1),
        subjectIndex: s,
        trialIndex: t,
        arousal,
        valence,
        morphology,
        meanHr: trialParams(morphology, arousal, valence).meanHr,
        seed,
      })
    }
  }
  return trials
}

/** The samples of one planned trial (mV at `fs`), deterministic. */
export function demoSamples(trial: DemoTrial, options: DemoOptions = {}): Float64Array {
  const o = demoDefaults(options)
  return generateAffectEcg(trial.morphology, { arousal: trial.arousal, valence: trial.valence, seconds: o.trialSeconds, fs: o.fs, seed: trial.seed })
}

/** The demo dataset as a scan whose recordings generate their samples when loaded. */
export function buildDemoScan(options: DemoOptions = {}): DatasetScan {
  const o = demoDefaults(options)
  const recordings: RecordingRef[] = planDemoTrials(o).map((t) => ({
    subject: t.subject,
    trial: t.trial,
    fs: o.fs,
    channel: 'ECG (synthetic)',
    sampleCount: Math.round(o.trialSeconds * o.fs),
    labels: o.unlabeled ? NO_LABELS : { arousal: t.arousal, valence: t.valence },
    sourceFiles: [],
    load: () => Promise.resolve(demoSamples(t, o)),
  }))
  return {
    kind: 'csv',
    recordings,
    skipped: [],
    labelNames: o.unlabeled ? [] : ['arousal', 'valence'],
    labelScales: o.unlabeled ? {} : { arousal: { min: 1, max: 9 }, valence: { min: 1, max: 9 } },
    notes: [
      `Synthetic demo data (seed ${o.seed}): ${o.subjects} ${o.unlabeled ? 'other ' : ''}subjects × ${o.trialsPerSubject} trials of ${o.trialSeconds} s at ${o.fs} Hz, ` +
        'ECGSYN-style ECG (McSharry et al. 2003) whose heart rate, HRV and wave amplitudes follow arousal and valence; not real recordings.' +
        (o.unlabeled ? ' Unlabelled: for learning ECG features only (pretext).' : ''),
    ],
    sourceFiles: [],
  }
}

/** An adapter that ignores the path and returns the demo scan (default options). */
export const demoAdapter: DatasetAdapter = () => Promise.resolve(buildDemoScan())

/** An adapter for the demo scan with chosen options. */
export function demoAdapterWith(options: DemoOptions): DatasetAdapter {
  return () => Promise.resolve(buildDemoScan(options))
}
