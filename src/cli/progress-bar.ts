/**
 * The terminal progress bar of long commands (cli-progress, with ETA), one bar per phase. Drawn on
 * stderr only when it is a terminal and --json is off, so scripted output stays clean.
 */
import cliProgress from 'cli-progress'
import { formatProgress } from '../contracts/progress.js'
import type { CliIo } from './io.js'

/** What a bar shows: imports' progress events and runs' alike. */
export interface ProgressUpdate {
  readonly phase: string
  readonly done: number
  readonly total: number
  readonly unit: string
  readonly message: string
}

/** A progress listener plus `stop` to clear the line before other output. */
export interface ProgressView {
  readonly onProgress: ((p: ProgressUpdate) => void) | undefined
  stop(): void
}

const MB = 1024 * 1024

function scaled(p: ProgressUpdate): { value: number; total: number; unit: string } {
  if (p.unit === 'bytes') return { value: Math.round(p.done / MB), total: Math.max(1, Math.round(p.total / MB)), unit: 'MB' }
  if (p.unit === 'seconds') return { value: Math.round(p.done / 60), total: Math.max(1, Math.round(p.total / 60)), unit: 'min of signal' }
  return { value: p.done, total: Math.max(p.total, 1), unit: p.unit }
}

/** Creates the bar, or a no-op view when output is not a terminal or is JSON. */
export function createProgressView(io: CliIo, json: boolean): ProgressView {
  if (json || !io.stderrIsTTY) return { onProgress: undefined, stop: () => undefined }
  let bar: cliProgress.SingleBar | undefined
  let phase: string | undefined
  const stop = (): void => {
    bar?.stop()
    bar = undefined
    phase = undefined
  }
  return {
    onProgress: (p) => {
      const s = scaled(p)
      // The share as the app and the report say it (contracts/progress.ts), whole units shown.
      const payload = { phase: p.phase.padEnd(10), unit: s.unit, message: p.message.slice(0, 40), share: formatProgress({ done: p.done, total: p.total }), whole: Math.floor(s.value) }
      if (p.phase !== phase) {
        stop()
        phase = p.phase
        bar = new cliProgress.SingleBar(
          {
            stream: io.stderrStream,
            format: p.total > 0
              ? '{phase} |{bar}| {share} | {whole}/{total} {unit} | ETA {eta_formatted} | {message}'
              : '{phase} | {message}',
            hideCursor: true,
            clearOnComplete: true,
            etaBuffer: 50,
            fps: 8,
          },
          cliProgress.Presets.shades_classic,
        )
        bar.start(s.total, s.value, payload)
      } else {
        bar?.setTotal(s.total)
        bar?.update(s.value, payload)
      }
    },
    stop,
  }
}
