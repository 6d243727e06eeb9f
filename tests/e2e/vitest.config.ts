// End-to-end journeys in a real browser (npm run test:e2e): one file at a time, generous timeouts.
import { defineConfig } from 'vitest/config'
import { rendererAliases } from '../../renderer-aliases.js'

export default defineConfig({
  // The journeys import renderer fixtures, which import the core through the renderer's aliases.
  resolve: { alias: rendererAliases },
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['tests/e2e/**/*.e2e.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
  },
})
