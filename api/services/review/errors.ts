/**
 * The review api's refusals that carry more than `{ code, message, hint }`: the current version
 * of a conflict, the per-field messages of a refused edit.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HttpError } from '../../errors.js';

/** An HttpError whose body adds `extra` to `{ code, message, hint }`. */
export class ReviewError extends HttpError {
  override name = 'ReviewError';
  readonly extra: Readonly<Record<string, unknown>>;
  constructor(
    status: ContentfulStatusCode,
    code: string,
    o: { message: string; hint?: string; extra?: Record<string, unknown>; cause?: unknown },
  ) {
    super(status, code, o);
    this.extra = o.extra ?? {};
  }

  override toJSON(): { code: string; message: string; hint?: string } {
    return { ...this.extra, ...super.toJSON() };
  }
}

/**
 * 400 `request.invalid` with `fields: { <name>: "vi / en" }` and the same messages as `issues`
 * (path `json.fields.<name>`), like a refusal of the request schema.
 */
export function fieldsInvalid(fields: Record<string, string>): ReviewError {
  const list = Object.entries(fields)
    .map(([k, m]) => `${k}: ${m}`)
    .join('; ');
  return new ReviewError(400, 'request.invalid', {
    message: `Giá trị không hợp lệ: ${list} / Invalid values: ${list}`,
    hint: 'Sửa các trường được nêu rồi lưu lại / Fix the fields listed, then save again',
    extra: {
      fields,
      issues: Object.entries(fields).map(([k, m]) => ({ path: `json.fields.${k}`, message: m })),
    },
  });
}

/** 400 `structure.invalid`: the structure sent does not fit the dossier. */
export const structureInvalid = (vi: string, en: string): ReviewError =>
  new ReviewError(400, 'structure.invalid', {
    message: `${vi} / ${en}`,
    hint: 'Tải lại hồ sơ rồi sắp xếp lại / Reload the dossier and arrange it again',
  });
