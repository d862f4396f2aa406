// ESLint with typescript-eslint's recommended type-checked rules, over the extension, its tests,
// the harness, the simulator and the scripts. Formatting is Prettier's business, not ESLint's.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import layers from './eslint.layers.cjs';

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      '.vscode-test/**',
      'test-results/**',
      'bench-results/**',
      'test/harness/**/*.js',
      '*.mjs',
      '*.cjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Unused arguments named _x are deliberate (VS Code passes them).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Each folder of src/ imports only from the ones before it (CONTRIBUTING.md, "Layout").
  ...layers.layerRules(),
  {
    // The webview's page script: plain browser JavaScript, checked without types. A name shadowed
    // there once hid the gallery's cards (a const read before its declaration), hence no-shadow.
    files: ['media/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'script',
      globals: {
        window: 'readonly',
        document: 'readonly',
        acquireVsCodeApi: 'readonly',
        HTMLElement: 'readonly',
        MouseEvent: 'readonly',
      },
    },
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      'no-shadow': 'error',
      'no-use-before-define': ['error', { functions: false }],
    },
  },
);
