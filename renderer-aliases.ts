// The renderer's import aliases for the core's shared modules (the only parts of src/ it may
// import): `@contracts/x.js` is src/contracts/x.ts, `@common/x.js` is src/common/x.ts. Written
// once here for Vite and both Vitest configs; tsconfig.json and tsconfig.web.json repeat them as
// `paths`, because TypeScript cannot read this file.
import { fileURLToPath } from 'node:url'

export const rendererAliases: Record<string, string> = {
  '@contracts': fileURLToPath(new URL('./src/contracts', import.meta.url)),
  '@common': fileURLToPath(new URL('./src/common', import.meta.url)),
}
