// Lint: typescript-eslint's recommended rules; errors must never be swallowed silently.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { importBoundaries } from './eslint.boundaries.js';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', 'test-artifacts/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // A forgotten await on a repository or a use case is an error (the repositories are async, #16):
  // type-aware, for the application code.
  {
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  ...importBoundaries,
);
