/**
 * The whole stack for one e2e file: the review UI built from the current sources, the real api
 * serving it over HTTP on a free port (the run's PostgreSQL and Redis, through the api's test
 * harness), and Debian's Chromium driven by playwright-core.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { Worker } from 'bullmq';
import { chromium, type BrowserContext } from 'playwright-core';
import {
  createHarness,
  type Harness,
  type HarnessOptions,
  type TestLogin,
} from '../../api/testing/harness.js';
import { createLogger } from '../../core/log.js';
import { loadWorkerConfig } from '../../pipeline/config.js';
import { DossierFinalizePayload, QUEUES } from '../../pipeline/jobs.js';
import { createWorkerContext } from '../../pipeline/workers/context.js';
import { finalizeDossier } from '../../pipeline/workers/dossier-finalize.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VITE = join(ROOT, 'node_modules/vite/bin/vite.js');
const VITE_CONFIG = join(ROOT, 'review-ui/vite.config.ts');

/** Debian's package; scripts/ensure-tools.sh installs it. */
export const CHROMIUM = '/usr/bin/chromium';

// Without the background-networking, component-update and sync switches Chromium keeps trying to
// reach Google's services and hangs on a machine with no internet access.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Stack {
  /** `http://127.0.0.1:<port>`, where the api serves both `/api` and the UI */
  readonly baseUrl: string;
  readonly h: Harness;
  /** A browser with a fresh profile of its own */
  readonly browser: BrowserContext;
  /**
   * Gives the browser the session cookie of `login` (what signing in on the login screen leaves),
   * for tests about other screens; the UI then learns its CSRF token from GET /api/session.
   */
  useSession(login: TestLogin): Promise<void>;
  close(): Promise<void>;
}

/**
 * Builds the UI into a fresh folder of the run's data directory (never review-ui/dist, which a
 * developer may be serving), the same way `npm run build:ui` does.
 */
async function buildUi(outDir: string): Promise<void> {
  const args = [VITE, 'build', '--config', VITE_CONFIG, '--outDir', outDir, '--emptyOutDir'];
  try {
    await promisify(execFile)(process.execPath, [...args, '--logLevel', 'warn'], {
      cwd: ROOT,
      // vitest sets NODE_ENV=test, under which Vite would bundle React's development build.
      env: { ...process.env, NODE_ENV: 'production' },
    });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`building the review UI failed:\n${stderr}`, { cause: err });
  }
}

/** Starts the stack; `close()` stops the browser, the server and the harness, in that order. */
export async function startStack(
  o: Omit<HarnessOptions, 'env'> & { env?: Readonly<Record<string, string>> },
): Promise<Stack> {
  const dir = join(o.dataDir, `e2e-${randomUUID()}`);
  const uiDir = join(dir, 'ui');
  await buildUi(uiDir);

  const h = await createHarness({ ...o, env: { ...o.env, UI_DIR: uiDir } });
  // The finalize job of an approval (rebuild, sign, catalogue) runs in this process, on the
  // harness's queues, exactly as the worker process runs it.
  const ctx = createWorkerContext(
    loadWorkerConfig({
      DATABASE_URL: o.databaseUrl,
      REDIS_URL: o.redisUrl,
      REDIS_PREFIX: h.prefix,
      DATA_DIR: h.config.dataDir,
      LOG_LEVEL: 'silent',
    }),
    createLogger({ name: 'e2e-worker', level: 'silent', pretty: false }),
  );
  const finalizer = new Worker(
    QUEUES.dossierFinalize.name,
    (job) => finalizeDossier(ctx, DossierFinalizePayload.parse(job.data)),
    { connection: h.connection, prefix: h.prefix },
  );
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve) => {
      const s = serve({ fetch: h.app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
        resolve({ server: s, port: info.port }),
      );
    },
  );
  const stopServer = async () => {
    await new Promise<void>((resolve, reject) => {
      server.close((err) => (err === undefined ? resolve() : reject(err)));
      if ('closeAllConnections' in server) server.closeAllConnections();
    });
    await finalizer.close();
    await ctx.close();
    await h.close();
  };

  let browser: BrowserContext;
  try {
    browser = await chromium.launchPersistentContext(join(dir, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      // An English browser on UTC: Vietnamese and Vietnam time must come from the app itself.
      locale: 'en-US',
      timezoneId: 'UTC',
    });
  } catch (err) {
    await stopServer();
    throw new Error(`Chromium did not start; run scripts/ensure-tools.sh to install ${CHROMIUM}`, {
      cause: err,
    });
  }
  browser.setDefaultTimeout(10_000);

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    h,
    browser,
    async useSession(login) {
      await browser.clearCookies();
      const [name, value] = login.cookie.split('=') as [string, string];
      await browser.addCookies([
        {
          name,
          value,
          url: `http://127.0.0.1:${port}`,
          httpOnly: true,
          secure: true,
          sameSite: 'Strict',
        },
      ]);
    },
    async close() {
      await browser.close();
      await stopServer();
    },
  };
}
