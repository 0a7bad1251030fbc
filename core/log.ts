import { pino, type Logger } from 'pino';

export type { Logger };

export interface LogOptions {
  level: 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** Human-readable output for a terminal (pino-pretty, a dev dependency). */
  pretty: boolean;
  name: string;
}

/**
 * Builds the process's one logger. Each `main.ts` calls this once and passes the logger down.
 * Tokens and auth headers are redacted; OCR text and personal data are never logged by callers.
 */
export function createLogger(o: LogOptions): Logger {
  return pino({
    name: o.name,
    level: o.level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        'token',
        '*.token',
        'password',
        '*.password',
      ],
      censor: '[redacted]',
    },
    ...(o.pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { colorize: true, translateTime: 'SYS:HH:MM:ss' },
          },
        }
      : {}),
  });
}
