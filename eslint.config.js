// ESLint flat config: type-aware rules for the Node side, plus the layer rule of ARCHITECTURE.md
// (src/ never imports electron or the DOM; renderer/ imports only src/contracts).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'dist/**', 'renderer/dist/**', 'test-output/**', 'tests/python/**'] },
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
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'src/ is host-neutral: wire Electron in electron/ only.' }],
        patterns: [{ group: ['**/electron/**', '**/renderer/**'], message: 'src/ may not import the shells.' }],
      }],
    },
  },
  // Renderer: type-aware rules from tsconfig.web.json (DOM), Vue's recommended rules for .vue
  // (vue-tsc type-checks their templates), and the layer rule: only src/contracts from src/.
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
          { regex: '^(\\.\\./)+(src/(?!contracts/)|electron/)', message: 'renderer/ may import only src/contracts from the core (ARCHITECTURE.md layer rule).' },
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
