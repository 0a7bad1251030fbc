import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/prisma/client.js';

export type { PrismaClient };
export { Prisma } from '../../generated/prisma/client.js';
export type * from '../../generated/prisma/client.js';

/**
 * The Prisma client over node-postgres. `poolSize` bounds the connections this process opens:
 * api and workers each size it to their own concurrency.
 */
export function createDb(databaseUrl: string, opts: { poolSize?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: opts.poolSize ?? 10 });
  return new PrismaClient({ adapter });
}
