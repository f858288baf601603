// ESLint flat config: typescript-eslint's type-aware rules over every runtime's program, react-hooks
// and jsx-a11y for the renderer, and import zones that enforce who may import whom (CONVENTIONS.md).
//
// The zones are `no-restricted-imports` patterns per folder rather than eslint-plugin-import-x's
// no-restricted-paths: that plugin's resolver (unrs-resolver) ships per-platform binaries that the
// registry these machines use does not carry in full, which breaks `npm ci`. Relative imports here
// always name the folder they reach into (../../main/…), so path patterns catch every crossing, and
// each runtime's tsconfig backs them up (no Node types in shared/ or renderer/, no DOM in main/).
import js from '@eslint/js';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'net', 'worker_threads', 'url'];

/** One `no-restricted-imports` rule from groups of forbidden specifiers, each with its reason. */
function zone(...groups) {
  return ['error', { patterns: groups.map(([group, message]) => ({ group, message })) }];
}

const NOT_MAIN = [['**/main/**', '**/main'], 'Only main/ may import main/: other layers use the API contract.'];
const NOT_RENDERER = [['**/renderer/**'], 'Nothing imports the renderer; it is a separate bundle.'];
const NOT_TEST = [['**/test/**'], 'Product code never imports tests.'];
const NOT_NODE = (why) => [nodeBuiltins, why];
const NOT_ELECTRON = (why) => [['electron', 'electron/*'], why];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'build/**',
      '.bench/**',
      '.native-electron/**',
      '.out-next-*/**',
      '.out-old-*/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: [
          './tsconfig.shared.json',
          './tsconfig.main.json',
          './tsconfig.preload.json',
          './tsconfig.renderer.json',
          './tsconfig.test.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-misused-spread': ['error', { allow: [{ from: 'lib', name: 'string' }] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-definitions': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': zone(
        NOT_MAIN,
        NOT_RENDERER,
        NOT_TEST,
        NOT_NODE('shared/ runs anywhere: no Node.'),
        NOT_ELECTRON('shared/ runs anywhere: no Electron.'),
        [['react', 'react-dom', 'react/*', 'react-dom/*'], 'shared/ runs anywhere: no React.'],
      ),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      'no-restricted-imports': zone(
        NOT_MAIN,
        NOT_TEST,
        NOT_NODE('The renderer is a web page: no Node.'),
        NOT_ELECTRON('The renderer reaches Electron only through the preload bridge.'),
      ),
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/app/**'],
    rules: {
      'no-restricted-imports': zone(
        NOT_RENDERER,
        NOT_TEST,
        NOT_ELECTRON('Only main/app/ (the Electron shell) imports electron; the core runs under plain Node.'),
      ),
    },
  },
  {
    files: ['main/app/**/*.ts'],
    ignores: ['main/app/preload.ts', 'main/app/bridge.ts'],
    rules: { 'no-restricted-imports': zone(NOT_RENDERER, NOT_TEST) },
  },
  {
    files: ['main/app/preload.ts', 'main/app/bridge.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            // A relative import may only climb to shared/ (a negated glob cannot re-include it).
            { regex: '^\\.\\./(?!\\.\\./shared/)', message: 'The preload imports shared/ and electron only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node },
  },
);
