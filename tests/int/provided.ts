// Values the integration setup hands to every test file through vitest's inject().
import type {} from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
    redisPrefix: string;
    dataDir: string;
  }
}
