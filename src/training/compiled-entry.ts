/**
 * Where the compiled file of a worker entry (a child process or a worker thread) is. Loaded from
 * TypeScript sources (Vitest), a module's URL points into src/, where no .js exists: the build in
 * out/ is used then (`npm test` compiles first). Every spawn of a worker entry goes through this.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The runnable .js file of the entry at `url` (a `new URL('./x.js', import.meta.url)`). */
export function compiledEntry(url: URL): string {
  const file = fileURLToPath(url)
  if (fs.existsSync(file)) return file
  const root = path.resolve(path.dirname(file), '..', '..')
  return path.join(root, 'out', path.relative(root, file))
}
