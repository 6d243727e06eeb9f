/**
 * Writes a small generic CSV dataset for the browser-mode tests: two subjects with two trials each
 * (40 s of an ECG-like signal at 128 Hz, one QRS-like spike every 0.8 s), a labels CSV with
 * arousal and valence per trial, and one file that holds no numbers (skipped with its reason).
 */
import fs from 'node:fs'
import path from 'node:path'

export interface CsvDataset {
  /** The dataset folder to import. */
  readonly folder: string
  /** The labels CSV beside it. */
  readonly labels: string
  readonly fs: number
}

function ecgLike(seconds: number, fs: number, seed: number): string {
  const lines = ['ECG']
  let state = seed
  const noise = (): number => {
    // A small LCG: deterministic noise without a dependency.
    state = (state * 1664525 + 1013904223) % 4294967296
    return state / 4294967296 - 0.5
  }
  for (let i = 0; i < seconds * fs; i++) {
    const t = i / fs
    const phase = (t % 0.8) / 0.8
    const qrs = Math.exp(-(((phase - 0.3) / 0.012) ** 2)) * 1.2
    const tWave = Math.exp(-(((phase - 0.6) / 0.05) ** 2)) * 0.25
    lines.push((qrs + tWave + noise() * 0.05).toFixed(4))
  }
  return lines.join('\n') + '\n'
}

/** Writes the dataset under `root` (created) and returns where its parts are. */
export function writeCsvDataset(root: string): CsvDataset {
  const folder = path.join(root, 'lab-study')
  const rate = 128
  let seed = 1
  for (const subject of ['S1', 'S2']) {
    makeDir(path.join(folder, subject))
    for (const trial of ['calm', 'stress']) writeText(path.join(folder, subject, `${trial}.csv`), ecgLike(40, rate, seed++))
  }
  makeDir(path.join(folder, 'S3'))
  writeText(path.join(folder, 'S3', 'notes.csv'), 'ECG\nnot a number\nstill not\n')
  const labels = path.join(root, 'labels.csv')
  writeText(labels, 'subject,trial,arousal,valence\nS1,calm,2,7\nS1,stress,8,3\nS2,calm,3,6\nS2,stress,7,2\n')
  return { folder, labels, fs: rate }
}

function makeDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true })
}
function writeText(file: string, text: string): void {
  fs.writeFileSync(file, text)
}
