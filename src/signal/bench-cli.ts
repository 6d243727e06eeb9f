/**
 * Runs the preprocessing benchmark and prints one JSON line, like the peer scripts:
 *   npx tsc -p tsconfig.json && node_modules/.bin/node out/src/signal/bench-cli.js [minutes] [repeats]
 */
import { runPreprocessBench } from './bench-preprocess.js'

const minutes = Number(process.argv[2] ?? 30)
const repeats = Number(process.argv[3] ?? 1)
for (let i = 0; i < repeats; i++) console.log(JSON.stringify(runPreprocessBench({ minutes })))
