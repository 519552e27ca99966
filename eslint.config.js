import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

// The engine must run without Electron (CLI, tests, serve), and knows nothing of its adapters. A later
// block's no-restricted-imports replaces an earlier one's for the same files, so each engine block below
// spreads these in.
const engineImports = {
  paths: ['electron'],
  patterns: [
    { group: ['electron/*'] },
    { group: ['**/rpc/**', '**/serve/**', '**/electron/**', '**/cli/**', '**/cli.js', '**/src-renderer/**'], message: 'the engine does not import its adapters (rpc, serve, electron, cli) or the renderer.' },
  ],
};
// All SQL is in store/ (type imports count too), so it cannot drift back into search, jobs or the Engine.
const sqliteOutsideStore = { group: ['better-sqlite3', 'better-sqlite3/*'], message: 'SQL lives in store/: call its functions (the Db type is in store/db.ts).' };

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
    files: ['src-main/engine/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { ...engineImports, patterns: [...engineImports.patterns, sqliteOutsideStore] }] },
  },
  {
    // store/ is where the SQL is.
    files: ['src-main/engine/store/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', engineImports] },
  },
  {
    // Documents are read without OCR: a scanned page leaves documents/ as an image (images/) and
    // jobs/ingest.ts has it read. images/ is below both.
    files: ['src-main/engine/documents/**/*.ts', 'src-main/engine/images/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...engineImports,
          patterns: [
            ...engineImports.patterns,
            sqliteOutsideStore,
            { group: ['**/ocr', '**/ocr/**'], message: 'documents/ and images/ do not depend on OCR (jobs/ingest.ts runs it).' },
          ],
        },
      ],
    },
  },
  {
    // The API contract is a leaf: everything imports it, it imports only zod (and its own modules).
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!zod$|\\./)', message: 'src-shared/ is the leaf contract: it imports only zod and its own modules.' }] },
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
  {
    // The renderer reaches the engine only through the contract (#shared/*) and a transport.
    files: ['src-renderer/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/src-main/**', '**/src-main'], message: 'the renderer imports the contract (#shared/api, #shared/rpc), never src-main/.' }] },
      ],
    },
  },
);
