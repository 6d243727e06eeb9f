/** `ecg-ssl serve [--port p] [--no-open]`: the app in a browser, from this machine only. */
import type { Command } from 'commander'
import { resolveDbPath } from '../../services/app-paths.js'
import { openBrowser } from '../../server/open-browser.js'
import { builtRendererDir } from '../../server/renderer-dir.js'
import { InputError } from '../../common/input-error.js'
import { numberOption, type CliRuntime } from '../runtime.js'

/** Parses --port: a whole number 0–65535 (0 takes a free port). */
export function portOption(value: string): number {
  const port = numberOption(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError(`--port ${value} is not a port number; give a whole number from 1 to 65535, or 0 for any free port.`)
  return port
}

/** Registers the serve command. */
export function registerServe(program: Command, rt: CliRuntime): void {
  program
    .command('serve')
    .description('open the workbench in a web browser (browser mode): serves the app on 127.0.0.1 with a private link')
    .option('--port <n>', 'port to listen on (default: any free port)', '0')
    .option('--no-open', 'only print the link; do not open a browser')
    .action(async (flags: { port: string; open: boolean }, cmd: Command) => {
      const port = portOption(flags.port)
      const rendererDir = builtRendererDir()
      const dbPath = resolveDbPath(rt.globals(cmd).db, rt.io.env)
      const store = rt.openStore(cmd)
      const { startWorkbenchServer } = await import('../../server/server.js')
      const server = await startWorkbenchServer({ store, dbPath, rendererDir, port })
      rt.output(cmd, `ECG SSL Workbench is running at ${server.url}\nOpen that link in a browser on this computer; press Ctrl-C to stop.\n`, { url: server.url, port: server.port, db: dbPath })
      if (flags.open) openBrowser(server.url)
      // Serve until Ctrl-C; stopping is the normal end, not a cancellation.
      await rt.interruptible((signal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })))
      await server.close()
      if (!rt.globals(cmd).json) rt.io.stderr('Stopped.\n')
    })
}
