// ESLint flat config: type-aware rules for the Node side, plus the layer map of
// docs/ARCHITECTURE.md: src/ never imports electron or the DOM; inside src/ each layer imports only
// the layers below it; renderer/ imports only src/contracts and src/common (as @contracts/…, @common/…).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'

// The layers of src/, bottom up. A folder may import itself and the folders of lower tiers, never
// a folder of its own tier (peers stay independent) nor of a higher one. Written with ESLint's
// core no-restricted-imports (no plugin to keep up to date): for a file `depth` folders below
// src/<layer>/, a relative import that climbs exactly depth + 1 levels and names a forbidden
// folder is an upward import. Dynamic import() is not checked by the rule; the hosts use it only
// to load heavy modules lazily.
//   common     pure vocabulary for every runtime, the renderer too (errors, wording, the seeded
//              random source): imports nothing of src/ but itself, and no Node module
//   contracts  zod schemas of the API, also read by the renderer: common only, no Node module
//   formats, signal                 readers and file formats; DSP
//   transforms, model, demo         pretext maths; tfjs networks; the synthetic demo recordings
//   store, training, reports        SQLite repositories; training loops (they report through
//                                   ports, never the store); HTML/CSV/LaTeX reports
//   jobs       job host, run queue, shard protocol (worker entries are hosts, below)
//   services   what a user can do; the only layer that composes store with training
//   cli, server, and the worker entries src/jobs/*-worker.ts: hosts, may import any of src/
// Tests beside the code (*.test.ts, *.test-util.ts) may reach up to set up their scene (a store,
// an import); only shipped code is held to the map.
const LAYER_TIERS = [
  ['common'],
  ['contracts'],
  ['formats', 'signal'],
  ['transforms', 'model', 'demo'],
  ['store', 'training', 'reports'],
  ['jobs'],
  ['services'],
  ['cli', 'server'],
]
const HOSTS = new Set(['cli', 'server'])
/** The restrictions every file of src/ has: no shell, no Electron. */
const SRC_BASE = {
  paths: [{ name: 'electron', message: 'src/ is host-neutral: wire Electron in electron/ only.' }],
  patterns: [
    { group: ['**/electron/**', '**/renderer/**'], message: 'src/ may not import the shells.' },
    // tsconfig.json knows the renderer's aliases only so that tests of renderer stores type-check;
    // Node cannot resolve them, so code of src/ imports its neighbours relatively.
    { regex: '^@(contracts|common)/', message: 'src/ imports relatively: @contracts/ and @common/ are the renderer\'s aliases.' },
  ],
}
const NODE_ONLY = ['node:*', 'better-sqlite3', 'ws', '@tensorflow/*', 'webgpu', 'electron']
/** The layers `layer` must not import (its tier and every higher tier, itself excepted). */
export function forbiddenLayers(layer) {
  const tier = LAYER_TIERS.findIndex((t) => t.includes(layer))
  return LAYER_TIERS.slice(tier).flat().filter((l) => l !== layer)
}
function layerRule(layer, depth) {
  const forbidden = forbiddenLayers(layer)
  const up = '\\.\\./'.repeat(depth + 1)
  const patterns = [...SRC_BASE.patterns]
  if (forbidden.length > 0) {
    patterns.push({ regex: `^${up}(${forbidden.join('|')})(/|$)`, message: `Layer map (docs/ARCHITECTURE.md): src/${layer}/ may not import ${forbidden.join(', ')} (a peer or a higher layer).` })
  }
  if (layer === 'common' || layer === 'contracts') {
    patterns.push({ group: NODE_ONLY, message: `src/${layer}/ is pure: the renderer imports it, so no Node module.` })
  }
  return ['error', { paths: SRC_BASE.paths, patterns }]
}
const layerConfigs = LAYER_TIERS.flat().filter((l) => !HOSTS.has(l)).flatMap((layer) =>
  [0, 1, 2].map((depth) => ({
    files: [`src/${layer}/${'*/'.repeat(depth)}*.ts`],
    // process entries are hosts; spawn-worker.ts only shares their ending and is held to the map
    ignores: ['**/*.test.ts', '**/*.test-util.ts', 'src/jobs/*-worker.ts', '!src/jobs/spawn-worker.ts'],
    rules: { 'no-restricted-imports': layerRule(layer, depth) },
  })),
)

export default tseslint.config(
  { ignores: ['out/**', 'wasm/**', 'node_modules/**', 'dist/**', 'renderer/dist/**', 'test-output/**', 'tests/python/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts', 'vite.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  { files: ['src/**/*.ts'], rules: { 'no-restricted-imports': ['error', SRC_BASE] } },
  ...layerConfigs,
  // Renderer: type-aware rules from tsconfig.web.json (DOM), Vue's recommended rules for .vue
  // (vue-tsc type-checks their templates), and the layer rule: only src/contracts and src/common.
  ...pluginVue.configs['flat/recommended'].map((c) => ({ ...c, files: ['renderer/**/*.vue'] })),
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.vue'],
    languageOptions: {
      parserOptions: {
        parser: tseslint.parser,
        projectService: false,
        project: ['./tsconfig.web.json'],
        extraFileExtensions: ['.vue'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer talks to the app only through renderer/src/api.' }],
        patterns: [
          // The core's shared modules come in through the aliases @contracts/ and @common/
          // (renderer-aliases.ts), so any relative climb into src/ or electron/ is an error.
          { regex: '^(\\.\\./)+(src|electron)/', message: 'renderer/ may import only src/contracts and src/common from the core, as @contracts/… and @common/… (docs/ARCHITECTURE.md layer map).' },
          { group: ['node:*', 'better-sqlite3', 'ws', '@tensorflow/*'], message: 'renderer/ runs in a sandboxed page: no Node modules.' },
        ],
      }],
      // TypeScript (vue-tsc) already knows the DOM's globals; ESLint's no-undef would not.
      'no-undef': 'off',
    },
  },
  {
    files: ['renderer/**/*.vue'],
    rules: {
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': ['error', { html: { void: 'any', normal: 'always', component: 'always' } }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
)
