// ESLint flat config: type-checked rules for all TypeScript, and one block per folder that
// enforces the dependency direction of ../shared/STYLE.md (imports point down, never up or sideways).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const serverOnly = ['bullmq', 'ioredis', '@prisma/*', 'pg', '**/generated/prisma/**'];

/** Import patterns a folder must not use, with the reason shown in the lint message. */
const forbid = (groups) => ({
  'no-restricted-imports': [
    'error',
    { patterns: groups.map(([group, message]) => ({ group, message })) },
  ],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'generated/**',
      'dist/**',
      'review-ui/dist/**',
      'data/**',
      'tmp/**',
      'inbox/**',
      'bench-out/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ExportDefaultDeclaration',
          message: 'Named exports only (tool configs excepted).',
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read settings in config.ts or main.ts only.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  // Tool configs and BullMQ sandboxed processors must export a default.
  {
    files: ['*.config.ts', '*.config.js', '**/*.config.ts', 'pipeline/workers/*.sandbox.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  // Entry points and configuration may read the environment.
  {
    files: [
      '**/config.ts',
      '**/main.ts',
      'scripts/**',
      'bench/**',
      'tests/**',
      '**/*.test.ts',
      'review-ui/e2e/**',
      '**/*.config.ts',
      '**/*.config.js',
      'pipeline/workers/*.sandbox.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  // Command-line tools talk to people on the terminal.
  {
    files: ['scripts/**', 'bench/**', 'pipeline/cli/**', 'scanner-agent/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['core/**'],
    rules: forbid([
      [
        ['**/api/**', '**/pipeline/**', '**/review-ui/**', '**/scanner-agent/**'],
        'core/ is the bottom layer: it imports no other folder.',
      ],
    ]),
  },
  {
    files: ['pipeline/stages/**'],
    rules: {
      ...forbid([
        [serverOnly, 'Stages are pure: no queue, no database (see pipeline/stages/README.md).'],
        [
          [
            '**/config',
            '**/config.js',
            '**/log',
            '**/log.js',
            '**/core/log.js',
            '**/core/db/**',
            '**/workers/**',
            '**/api/**',
            '**/review-ui/**',
            '**/scanner-agent/**',
          ],
          'Stages receive settings and collaborators as arguments.',
        ],
      ]),
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Stages never read the environment.' },
      ],
    },
  },
  {
    files: ['pipeline/**'],
    ignores: ['pipeline/stages/**'],
    rules: forbid([
      [
        ['**/api/**', '**/review-ui/**', '**/scanner-agent/**'],
        'The pipeline never imports the api, the UI or the agent.',
      ],
    ]),
  },
  {
    files: ['api/**'],
    rules: forbid([
      [
        [
          '**/pipeline/stages/**',
          '**/pipeline/workers/**',
          '**/pipeline/cli/**',
          'sharp',
          'tesseract.js',
          'pdfjs-dist',
          'pdfjs-dist/*',
          'pdf-lib',
        ],
        'The api never runs image work: it enqueues jobs (pipeline/jobs.ts).',
      ],
      [['**/review-ui/**', '**/scanner-agent/**'], 'The api does not import the UI or the agent.'],
    ]),
  },
  // The IIIF image service cuts and scales page images per request (issue 6): sharp, and only here.
  {
    files: ['api/services/iiif/**', 'api/iiif.int.test.ts'],
    rules: forbid([
      [
        [
          '**/pipeline/stages/**',
          '**/pipeline/workers/**',
          '**/pipeline/cli/**',
          'tesseract.js',
          'pdfjs-dist',
          'pdfjs-dist/*',
          'pdf-lib',
        ],
        'The api runs no pipeline work: it enqueues jobs (pipeline/jobs.ts).',
      ],
      [['**/review-ui/**', '**/scanner-agent/**'], 'The api does not import the UI or the agent.'],
    ]),
  },
  // The reports (issue 8) are text documents the api writes itself: pdf-lib, and only here.
  {
    files: ['api/services/reports/**'],
    rules: forbid([
      [
        [
          '**/pipeline/stages/**',
          '**/pipeline/workers/**',
          '**/pipeline/cli/**',
          'sharp',
          'tesseract.js',
          'pdfjs-dist',
          'pdfjs-dist/*',
        ],
        'The api runs no pipeline work: it enqueues jobs (pipeline/jobs.ts).',
      ],
      [['**/review-ui/**', '**/scanner-agent/**'], 'The api does not import the UI or the agent.'],
    ]),
  },
  // The agent runs alone on workstations. typescript-eslint's variant of the rule, because only it
  // can tell `import type` (erased, allowed from api/contracts.ts) from an import that runs code.
  {
    files: ['scanner-agent/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                ...serverOnly,
                '**/pipeline/**',
                '**/core/**',
                '**/review-ui/**',
                '**/api/**',
                '!**/api/contracts.js',
              ],
              message: 'The agent runs alone on workstations: it imports no server-side code.',
            },
            {
              group: ['**/api/contracts.js'],
              allowTypeImports: true,
              message: 'Only `import type` from api/contracts.ts: the agent runs no api code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['review-ui/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: forbid([
      [
        [
          ...serverOnly,
          '**/pipeline/**',
          '**/core/db/**',
          '**/core/storage/**',
          '**/scanner-agent/**',
        ],
        'The UI talks to the api over HTTP only.',
      ],
    ]),
  },
  // The end-to-end tests run in Node, not in the browser: they start the api and, for approvals,
  // the finalize job in their own process, as the service runs them.
  {
    files: ['review-ui/e2e/**'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-restricted-imports': 'off' },
  },
);
