/**
 * `npm start`: the whole service on one machine. Creates the database if needed, applies the
 * migrations, builds the review UI if it is not built, then runs the api and a worker, restarting
 * either if it dies. GET /healthz answers 200 once PostgreSQL, Redis and the workers are ready.
 */
import { loadDotEnv } from '../core/env-file.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { prepareService } from './prepare-service.js';
import { ROOT, supervise } from './supervise.js';

loadDotEnv();

await prepareService({ buildUi: !existsSync(join(ROOT, 'review-ui', 'dist', 'index.html')) });
await supervise([
  { name: 'api', entry: 'api/main.ts' },
  { name: 'worker', entry: 'pipeline/main.ts' },
]);
