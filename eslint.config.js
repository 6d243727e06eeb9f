// ESLint flat config: type-aware rules for the Node side, plus the layer rule of ARCHITECTURE.md
// (src/ never imports electron or the DOM; renderer/ imports only src/contracts).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'dist/**', 'renderer/dist/**', 'test-output/**', 'tests/python/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'src/ is host-neutral: wire Electron in electron/ only.' }],
        patterns: [{ group: ['**/electron/**', '**/renderer/**'], message: 'src/ may not import the shells.' }],
      }],
    },
  },
  {
    files: ['renderer/**/*.js'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', FormData: 'readonly' } },
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
