/**
 * State shared by the commands of one CLI run: the IO, the global options, the lazily opened
 * store, output in human or JSON form, and Ctrl-C turned into an AbortSignal.
 */
import type { Command } from 'commander'
import { speak, speakAll } from '../common/wording.js'
import { resolveDbPath } from '../services/app-paths.js'
import { openStore, type Store } from '../store/store.js'
import type { CliIo } from './io.js'

/** The global options every command sees. */
export interface GlobalOptions {
  readonly db: string | undefined
  readonly json: boolean
}

export class CliRuntime {
  private store: Store | undefined
  /** What to print when the running command is cancelled. */
  cancelledLine = 'Cancelled; nothing was written.'

  /** The IO, speaking every text it prints in the command line's words (src/common/wording.ts). */
  readonly io: CliIo

  constructor(io: CliIo) {
    this.io = { ...io, stdout: (t) => io.stdout(speak(t, 'cli')), stderr: (t) => io.stderr(speak(t, 'cli')) }
  }

  /** Global options, wherever they were placed on the command line. */
  globals(cmd: Command): GlobalOptions {
    const o = cmd.optsWithGlobals<{ db?: string; json?: boolean }>()
    return { db: o.db, json: o.json === true }
  }

  /** The store of --db / ECG_SSL_DB / the per-user default, opened on first use. */
  openStore(cmd: Command): Store {
    this.store ??= openStore(resolveDbPath(this.globals(cmd).db, this.io.env))
    return this.store
  }

  /** Prints `json` as one JSON document (with --json) or the human text. */
  output(cmd: Command, human: string, json: unknown): void {
    if (this.globals(cmd).json) this.io.stdout(JSON.stringify(speakAll(json, 'cli')) + '\n')
    else this.io.stdout(human)
  }

  /**
   * Runs `work` with an AbortSignal that Ctrl-C (SIGINT) aborts; a second Ctrl-C exits at once
   * (an open SQLite transaction is then rolled back by SQLite itself on the next open).
   */
  async interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController()
    const onSigint = (): void => {
      if (controller.signal.aborted) process.exit(130)
      controller.abort()
    }
    process.on('SIGINT', onSigint)
    try {
      return await work(controller.signal)
    } finally {
      process.off('SIGINT', onSigint)
    }
  }

  /** Closes the store if it was opened. */
  close(): void {
    this.store?.close()
    this.store = undefined
  }
}

/** Parses a numeric option; returns NaN for text that is not a number (the schemas reject it). */
export function numberOption(value: string): number {
  const trimmed = value.trim()
  return trimmed === '' ? Number.NaN : Number(trimmed)
}
