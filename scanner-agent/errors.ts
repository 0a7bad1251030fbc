/**
 * The agent's error type. It mirrors `AppError` of `core/errors.ts` (same fields, same `area.reason`
 * codes) because the agent runs alone on workstations and may not import server code.
 */
export class AgentError extends Error {
  override name = 'AgentError';
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

/** A setting is missing or invalid; the agent cannot start. Code `config.invalid`. */
export class AgentConfigError extends AgentError {
  override name = 'AgentConfigError';
  constructor(message: string) {
    super('config.invalid', { message, retryable: false });
  }
}

/** The `code` of a Node system error (`ENOENT`, `ENOSPC` …), or undefined. */
export const errnoCode = (err: unknown): string | undefined =>
  err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
