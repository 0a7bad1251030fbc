/**
 * The one error type of sohoa. `code` is a stable `area.reason` string that the UI translates and
 * the dashboard groups by; `message` names the ids and values involved; `hint` tells the operator
 * what to do; `retryable` decides whether a queue retries the job.
 *
 * @example
 * throw new StageError('decode.truncated', {
 *   message: 'page 3 of upload 7f…: TIFF strip 12 ends at byte 1048576, file has 524288',
 *   hint: 'The file was cut short: scan the sheet again or copy the file again',
 *   retryable: false,
 * })
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly code: string;
  readonly hint: string | undefined;
  readonly retryable: boolean;

  constructor(
    code: string,
    o: { message: string; hint?: string | undefined; retryable: boolean; cause?: unknown },
  ) {
    super(o.message, { cause: o.cause });
    this.code = code;
    this.hint = o.hint;
    this.retryable = o.retryable;
  }

  toJSON(): { code: string; message: string; hint?: string } {
    return this.hint === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, hint: this.hint };
  }
}

/** A setting is missing or invalid; the process cannot start. */
export class ConfigError extends AppError {
  override name = 'ConfigError';
  constructor(message: string) {
    super('config.invalid', { message, retryable: false });
  }
}

/** A pipeline stage failed on its input. */
export class StageError extends AppError {
  override name = 'StageError';
}

/** Bad input at an edge (upload, request body); maps to a 4xx. */
export class InputError extends AppError {
  override name = 'InputError';
  readonly status: 400 | 409 | 413 | 415 | 422;
  constructor(
    code: string,
    o: { message: string; hint?: string; status?: 400 | 409 | 413 | 415 | 422; cause?: unknown },
  ) {
    super(code, { ...o, retryable: false });
    this.status = o.status ?? 400;
  }
}

/** A record that was asked for does not exist. */
export class NotFoundError extends AppError {
  override name = 'NotFoundError';
  constructor(entity: string, id: string) {
    super(`${entity}.not_found`, { message: `${entity} ${id} does not exist`, retryable: false });
  }
}

/** True when `err` is an AppError that must not be retried. */
export const isPermanent = (err: unknown): boolean => err instanceof AppError && !err.retryable;
