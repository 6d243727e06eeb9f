/**
 * Where the CLI writes and what it knows about its terminal, injectable so tests can run `main`
 * in-process.
 */
export interface CliIo {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  /** True when stderr is a terminal (progress bars are drawn only then). */
  readonly stderrIsTTY: boolean
  readonly stderrStream: NodeJS.WritableStream
  readonly env: Readonly<Record<string, string | undefined>>
}

/** The real process's streams and environment. */
export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stderrIsTTY: process.stderr.isTTY,
    stderrStream: process.stderr,
    env: process.env,
  }
}
