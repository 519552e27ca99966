import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'scratch/**', 'models/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // The engine must run without Electron (CLI, tests, serve).
    files: ['src-main/engine/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron'], patterns: ['electron/*'] }] },
  },
  {
    // Documents are read without OCR: a scanned page leaves documents/ as an image (images/) and
    // jobs/ingest.ts has it read. images/ is below both.
    files: ['src-main/engine/documents/**/*.ts', 'src-main/engine/images/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron'],
          patterns: [
            { group: ['electron/*'] },
            { group: ['**/ocr', '**/ocr/**'], message: 'documents/ and images/ do not depend on OCR (jobs/ingest.ts runs it).' },
          ],
        },
      ],
    },
  },
  {
    // The renderer runs in a browser page (Electron's or serve's): browser globals, React hooks rules.
    files: ['src-renderer/**/*.{ts,tsx}'],
    ignores: ['src-renderer/vite.config.ts'],
    ...reactHooks.configs.flat.recommended,
    languageOptions: { globals: { ...globals.browser } },
  },
);
