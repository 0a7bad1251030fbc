/**
 * Readiness: the api is useful only when PostgreSQL and Redis answer and workers listen on the
 * queues it feeds; otherwise uploads pile up unprocessed. Each probe has a deadline, because a
 * client of a Redis that is down waits for a reconnection forever.
 */
import type { PrismaClient } from '../../core/db/client.js';
import { QUEUES, type QueueSet } from '../../pipeline/jobs.js';
import type { Health } from '../contracts.js';

/** Queues whose workers must be present: the ones the api enqueues into. */
const FED = ['pageProcess', 'dossierAssemble', 'dossierFinalize'] as const;

async function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new Error(`${what}: không trả lời trong ${ms} ms / no answer within ${ms} ms`)),
          ms,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const reason = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Probes PostgreSQL, Redis and the workers; `status` is `ok` only when all three are up. */
export async function checkHealth(
  db: PrismaClient,
  queues: QueueSet,
  timeoutMs = 2_000,
): Promise<Health> {
  const postgres = within(timeoutMs, 'PostgreSQL', db.$queryRaw`SELECT 1`).then(
    () => ({ status: 'up' as const }),
    (err: unknown) => ({ status: 'down' as const, detail: reason(err) }),
  );
  const redis = within(
    timeoutMs,
    'Redis',
    queues.pageProcess.getBackend().client.then((c): Promise<unknown> => c.runCommand('ping', [])),
  ).then(
    () => ({ status: 'up' as const }),
    (err: unknown) => ({ status: 'down' as const, detail: reason(err) }),
  );
  const workers = within(
    timeoutMs,
    'BullMQ',
    Promise.all(FED.map(async (k) => [QUEUES[k].name, await queues[k].getWorkersCount()] as const)),
  ).then(
    (pairs) => {
      const counts = Object.fromEntries(pairs);
      const missing = pairs.filter(([, n]) => n === 0).map(([name]) => name);
      return missing.length === 0
        ? { status: 'up' as const, counts }
        : {
            status: 'down' as const,
            detail: `Không có worker nào nghe hàng đợi ${missing.join(', ')} / No worker listens on ${missing.join(', ')}`,
            counts,
          };
    },
    (err: unknown) => ({ status: 'down' as const, detail: reason(err), counts: {} }),
  );
  const checks = { postgres: await postgres, redis: await redis, workers: await workers };
  const ok = Object.values(checks).every((c) => c.status === 'up');
  return { status: ok ? 'ok' : 'fail', checks };
}
