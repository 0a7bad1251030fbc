import { UnrecoverableError } from 'bullmq';
import { AppError } from '../../core/errors.js';

/**
 * The only place BullMQ error semantics appear: a non-retryable AppError becomes an
 * UnrecoverableError (the job fails at once), anything else is rethrown as is so BullMQ retries it
 * with exponential backoff and jitter.
 */
export const toJobError = (err: unknown): Error =>
  err instanceof AppError && !err.retryable
    ? new UnrecoverableError(`${err.code}: ${err.message}`)
    : err instanceof Error
      ? err
      : new Error(String(err));
