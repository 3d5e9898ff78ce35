// ESLint flat config: type-aware typescript-eslint rules plus the import boundaries of the
// architecture (see /docs house style): the platform never depends on modules, and modules talk
// to each other only through their public `index`.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
    // The platform (kernel) must not know about feature modules.
    files: ['src/platform/**/*.ts', 'src/platform/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)modules/',
              message: 'src/platform must not import from src/modules: register behaviour through the module manifest instead.',
            },
          ],
        },
      ],
    },
  },
  {
    // A module may use the platform freely, and other modules only through their index.
    files: ['src/modules/**/*.ts', 'src/modules/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./\\.\\./modules/[^/]+/(?!index\\.js$).+|^\\.\\./(?!\\.\\.)[^/]+/(?!index\\.js$).+',
              message: 'Import another module only through its index.js (its public interface).',
            },
          ],
        },
      ],
    },
  },
  {
    // Production code in modules must not reach into the composition root (tests may, for the demo).
    files: ['src/modules/**/*.ts', 'src/modules/**/*.tsx'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./\\.\\./modules/[^/]+/(?!index\\.js$).+|^\\.\\./(?!\\.\\.)[^/]+/(?!index\\.js$).+',
              message: 'Import another module only through its index.js (its public interface).',
            },
            {
              regex: '^(\\.\\./)+app/',
              message: 'Modules must not import from src/app (composition root).',
            },
          ],
        },
      ],
    },
  },
  {
    // Browser islands: plain ES modules, no TypeScript project.
    files: ['**/client/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.browser }, sourceType: 'module' },
  },
  {
    files: ['*.js', '.ci/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node }, sourceType: 'module' },
  },
);
