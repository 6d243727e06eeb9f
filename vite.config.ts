// Builds the Vue renderer into out/renderer. Relative asset paths ('./') because Electron loads
// the page from file:// and browser mode serves it from the server root.
import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'
import { rendererAliases } from './renderer-aliases.js'

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [vue()],
  resolve: { alias: rendererAliases },
  build: {
    outDir: fileURLToPath(new URL('./out/renderer', import.meta.url)),
    emptyOutDir: true,
    // Inline assets would need 'data:' in script/style CSP; keep every asset a file.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
  },
})
