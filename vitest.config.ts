import { defineConfig } from 'vitest/config';

// Three tiers (../shared/STYLE.md): unit (no services), int (the machine's real PostgreSQL and
// Redis, one database and key prefix per run) and e2e (Playwright driving Debian's Chromium).
export default defineConfig({
  test: {
    typecheck: { enabled: false },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{core,api,pipeline,scanner-agent,review-ui,scripts,bench,tests}/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'int',
          include: ['{core,api,pipeline,scanner-agent,review-ui,tests}/**/*.int.test.ts'],
          globalSetup: ['tests/int/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          // Tests share one database and one Redis per run; files run one at a time so that
          // process-level tests (worker kills) never compete for the two cores.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['review-ui/e2e/**/*.e2e.ts'],
          globalSetup: ['tests/int/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
