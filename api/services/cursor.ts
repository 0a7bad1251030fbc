/**
 * Opaque paging cursors: the sort key of the last item of a page, as base64url JSON. Keyset
 * paging, so a page stays correct while rows are added or removed between requests.
 */
import type { z } from 'zod';
import { InputError } from '../../core/errors.js';

/** Encodes a sort key. */
export const encodeCursor = (key: unknown): string =>
  Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

/** Decodes a cursor made by encodeCursor against `schema`; `request.invalid` (400) otherwise. */
export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S): z.infer<S> {
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch (err) {
    throw new InputError('request.invalid', {
      message: `Con trỏ trang ${JSON.stringify(cursor.slice(0, 100))} không hợp lệ / The page cursor ${JSON.stringify(cursor.slice(0, 100))} is invalid`,
      hint: 'Dùng nguyên giá trị nextCursor của trang trước / Use the nextCursor of the previous page as it is',
      cause: err,
    });
  }
}
