import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** What `src/core` may never import: it is pure TypeScript shared by the CLI and the app. */
const coreForbidden = {
  paths: [
    { name: 'react', message: 'src/core is framework-free: no React.' },
    { name: 'react-dom', message: 'src/core is framework-free: no React.' },
    { name: 'zustand', message: 'src/core is framework-free: the store lives in src/app.' },
    { name: '@xyflow/react', message: 'src/core is framework-free: React Flow lives in src/app/flow.' },
    { name: 'html-to-image', message: 'src/core has no DOM.' },
  ],
  patterns: [
    { group: ['react/*', 'react-dom/*', '@xyflow/*', 'zustand/*'], message: 'src/core is framework-free.' },
    { group: ['**/app/**', '**/app', '**/cli/**', '**/cli'], message: 'src/core must not import from the app or the CLI.' },
    { group: ['node:*', 'fs', 'path', 'zlib'], message: 'src/core runs in the browser too: no Node built-ins.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist', 'build', 'node_modules', 'test-results', 'playwright-report', 'bench/out'] },
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: [], patterns: [{ group: ['**/cli/**'], message: 'The app must not import the CLI.' }] }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', coreForbidden],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'process', 'Buffer'],
    },
  },
);
