/**
 * Where the compiled file of a worker entry (a job process or a worker thread) is: the one way
 * every spawner (job host, run queue, a run's helpers, calibration, data-parallel threads, the
 * Electron shell) finds it. Loaded from TypeScript sources (Vitest), a module's URL points into
 * src/, where no .js exists: the build in out/ is used then (`npm test` compiles first). It lives
 * in training/, the lowest layer among its users, so that every one of them may import it.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The runnable .js file of the entry at `url` (a `new URL('./x.js', import.meta.url)`). */
export function locateWorker(url: URL): string {
  const file = fileURLToPath(url)
  if (fs.existsSync(file)) return file
  const root = path.resolve(path.dirname(file), '..', '..')
  return path.join(root, 'out', path.relative(root, file))
}
