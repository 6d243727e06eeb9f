#!/usr/bin/env node
// Entry point of the `ecg-ssl` command. The project's native modules (better-sqlite3 13) need
// Node >= 22.12; npm scripts and npx put the project's own Node 22 (the `node` dev dependency)
// first on PATH, so this check only fires when someone runs the file with an older system Node.
const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`error: ecg-ssl needs Node 22.12 or newer but was started with Node ${process.versions.node}; run it as "npx ecg-ssl" inside the project so npm uses the project's Node 22.`)
  process.exit(2)
}
const { main } = await import('../out/src/cli/main.js')
process.exitCode = await main(process.argv.slice(2))
