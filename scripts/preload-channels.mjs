// Writes the channel lists of electron/preload.cts from the contract (src/contracts/api.ts): a
// sandboxed preload cannot import project modules, so its lists are literal, and this keeps them
// the contract's. `npm run build` and `prepare` run it before compiling; `--check` only reports a
// difference (exit 1), and electron/preload.test.ts fails on one too.
// The keys are read from the contract's syntax tree (the `api` and `events` object literals whose
// keys API_CHANNELS and EVENT_CHANNELS are), so no compiled build is needed.
// Usage: node scripts/preload-channels.mjs [--check] [--contract <api.ts>] [--preload <preload.cts>]
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** The keys of the object literal `export const <name> = { … }` (through `as const`) in `source`. */
function objectKeys(source, name) {
  const file = ts.createSourceFile('api.ts', source, ts.ScriptTarget.Latest, true)
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue
    for (const decl of statement.declarationList.declarations) {
      if (!ts.isIdentifier(decl.name) || decl.name.text !== name || decl.initializer === undefined) continue
      let init = decl.initializer
      while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init)) init = init.expression
      if (!ts.isObjectLiteralExpression(init)) break
      return init.properties.map((p) => {
        if (!ts.isPropertyAssignment(p) || !(ts.isStringLiteral(p.name) || ts.isIdentifier(p.name))) throw new Error(`src/contracts/api.ts: every key of "${name}" must be a plain string key`)
        return p.name.text
      })
    }
  }
  throw new Error(`src/contracts/api.ts declares no "export const ${name} = { … }"`)
}

/** `preload` with its CHANNELS and EVENTS lists set to the contract's. */
function withChannels(preload, lists) {
  let out = preload
  for (const [name, keys] of Object.entries(lists)) {
    const line = new RegExp(`^const ${name} = \\[[^\\]]*\\]$`, 'm')
    if (!line.test(out)) throw new Error(`electron/preload.cts has no "const ${name} = [...]" line`)
    out = out.replace(line, `const ${name} = [${keys.map((k) => `'${k}'`).join(', ')}]`)
  }
  return out
}

const args = process.argv.slice(2)
const option = (flag, fallback) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : fallback)
const contractFile = option('--contract', join(root, 'src', 'contracts', 'api.ts'))
const preloadFile = option('--preload', join(root, 'electron', 'preload.cts'))
const contract = readFileSync(contractFile, 'utf8')
const preload = readFileSync(preloadFile, 'utf8')
const wanted = withChannels(preload, { CHANNELS: objectKeys(contract, 'api'), EVENTS: objectKeys(contract, 'events') })
if (wanted === preload) process.exit(0)
if (args.includes('--check')) {
  console.error(`${preloadFile}: its channel lists differ from ${contractFile}; run "node scripts/preload-channels.mjs" (npm run build does).`)
  process.exit(1)
}
writeFileSync(preloadFile, wanted)
console.log(`${preloadFile}: channel lists written from ${contractFile}`)
