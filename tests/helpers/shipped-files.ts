/**
 * The shipped source files below a folder, for the lint tests that scan the tree for what only one
 * place may do (fork, SQL, the reports): tests beside the code and their helpers are left out,
 * as they may set up their scene any way they need.
 */
import fs from 'node:fs'
import path from 'node:path'

/** Paths of the files below `dir` whose names match `endings` (TypeScript by default), tests excluded. */
export function shippedFiles(dir: string, endings: RegExp = /\.(ts|cts|mts)$/): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : shippedFiles(p, endings)
    return endings.test(e.name) && !/\.test(-util)?\.ts$/.test(e.name) ? [p] : []
  })
}
