// ESLint for the project's JavaScript: the page's apps (browser), the
// package (browser and Node), the scripts and tests (Node).
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['**/dist/**', 'build*/**', 'node_modules/**', 'wasm/dist/**'] },
  js.configs.recommended,
  {
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: { ...globals.browser } },
    rules: {
      'no-unused-vars': ['error', { args: 'after-used', argsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'smart'],
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },
  {
    files: ['scripts/**', 'tests/**', 'wasm/node.js', 'eslint.config.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  { files: ['web/**/worker.js', 'web/**/*worker*.js'], languageOptions: { globals: { ...globals.worker } } },
];
