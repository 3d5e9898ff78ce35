// ESLint flat config: type-aware typescript-eslint rules plus the import boundaries of the
// architecture (see /docs house style): the platform never depends on modules, and modules talk
// to each other only through their public `index`.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { boundaries } from './tools/eslint-boundaries.js';

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'data/**', 'coverage/**', 'tmp/**', 'public/**', '**/.*'],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-console': 'off',
    },
  },
  {
    // Import boundaries, resolved against each file's path (tools/eslint-boundaries.js).
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { boundaries },
    rules: { 'boundaries/imports': 'error' },
  },
  {
    // Browser islands: plain ES modules, no TypeScript project.
    files: ['**/client/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.browser }, sourceType: 'module' },
  },
  {
    files: ['*.js', '.ci/**/*.js', 'tools/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node }, sourceType: 'module' },
  },
);
