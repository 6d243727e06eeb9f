/**
 * The layer map of eslint.config.js (docs/ARCHITECTURE.md) catches what it is for: code that
 * imports a higher layer or a peer, impure code in src/common, and the renderer reaching past
 * src/contracts and src/common. Each case takes the rule exactly as the repository's config gives
 * it for that path and lints a one-line module with it (without the type-aware rules, which need
 * the file on disk in a TypeScript project and are not what is tested here).
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ESLint, type Linter } from 'eslint'
import tseslint from 'typescript-eslint'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const repoConfig = new ESLint({ cwd: root })

/** The messages of the repository's no-restricted-imports rule for `code` saved as `file`. */
async function importErrors(file: string, code: string): Promise<string[]> {
  const config = (await repoConfig.calculateConfigForFile(file)) as { rules?: Record<string, Linter.RuleEntry> }
  const rule = config.rules?.['no-restricted-imports']
  expect(rule, `no import rule configured for ${file}`).toBeDefined()
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, rules: { 'no-restricted-imports': rule! } }],
  })
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) })
  return (result?.messages ?? []).map((m) => m.message)
}

describe('layer map lint', () => {
  it.each([
    ['src/store/fixture.ts', "import { aggregateResults } from '../training/aggregate.js'", 'src/store/ may not import'],
    ['src/formats/fixture.ts', "import { importDataset } from '../services/import-service.js'", 'src/formats/ may not import'],
    ['src/formats/text/fixture.ts', "import type { Store } from '../../store/store.js'", 'src/formats/ may not import'],
    ['src/model/fixture.ts', "export { WindowTransformer } from '../transforms/transforms.js'", 'src/model/ may not import'],
    ['src/jobs/job-host.ts', "import { runExperiment } from '../services/run-service.js'", 'src/jobs/ may not import'],
    // spawn-worker.ts only shares the process entries' ending: it is held to the map
    ['src/jobs/spawn-worker.ts', "import { executeRun } from '../services/run-service.js'", 'src/jobs/ may not import'],
    ['src/contracts/fixture.ts', "import type { LabelValue } from '../formats/types.js'", 'src/contracts/ may not import'],
    ['src/common/fixture.ts', "import { ExperimentConfig } from '../contracts/runs.js'", 'src/common/ may not import'],
    ['src/common/fixture.ts', "import fs from 'node:fs'", 'no Node module'],
    ['src/training/fixture.ts', "import { app } from 'electron'", 'host-neutral'],
    ['renderer/src/fixture.ts', "import { openStore } from '../../src/store/store.js'", 'renderer/ may import only'],
    ['renderer/src/views/fixture.ts', "import { importDataset } from '../../../src/services/import-service.js'", 'renderer/ may import only'],
    // Contracts too come in through the alias, one spelling everywhere.
    ['renderer/src/stores/fixture.ts', "import type { RunDetail } from '../../../src/contracts/runs.js'", 'as @contracts/'],
    ['src/services/fixture.ts', "import type { RunDetail } from '@contracts/runs.js'", "renderer's aliases"],
  ])('%s: %s is an error', async (file, code, message) => {
    const errors = await importErrors(file, code)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain(message)
  })

  it.each([
    ['src/training/fixture.ts', "import { SplitRandom } from '../common/random.js'\nimport { buildEncoder } from '../model/encoder.js'\nimport type { FoldResult } from '../contracts/runs.js'"],
    ['src/formats/text/fixture.ts', "import { readRows } from '../rows.js'\nimport { InputError } from '../../common/input-error.js'"],
    ['src/contracts/fixture.ts', "import { speak } from '../common/wording.js'"],
    ['src/services/fixture.ts', "import { getRunRecord } from '../store/runs-repo.js'\nimport { createRunQueue } from '../jobs/run-queue.js'"],
    // A worker entry is its process's host, like the CLI.
    ['src/jobs/run-worker.ts', "import { executeRun } from '../services/run-service.js'"],
    // A test beside the code may set up a store.
    ['src/formats/fixture.test.ts', "import { openStore } from '../store/store.js'"],
    ['renderer/src/fixture.ts', "import { InputError } from '@common/input-error.js'\nimport type { RunDetail } from '@contracts/runs.js'"],
  ])('%s: allowed imports pass', async (file, code) => {
    expect(await importErrors(file, code)).toEqual([])
  })
})
