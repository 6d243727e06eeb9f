import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'
import { rendererAliases } from './renderer-aliases.js'

export default defineConfig({
  // Component tests (renderer/**/*.test.ts) import .vue files.
  plugins: [vue()],
  resolve: { alias: rendererAliases },
  test: {
    include: ['src/**/*.test.ts', 'electron/**/*.test.ts', 'tests/**/*.test.ts', 'renderer/**/*.test.ts'],
    exclude: ['out/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
})
