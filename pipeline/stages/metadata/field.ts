/**
 * Builds `DraftField`s: a value with its confidence and the word boxes it was read from, checked
 * against the column lengths of core/domain/metadata-fields.ts. A value that does not fit is
 * dropped (null, low confidence), never cut: a reviewer fills it from the highlighted words.
 */
import { DOCUMENT_FIELDS } from '../../../core/domain/metadata-fields.js';
import type { DraftField } from '../../domain.js';
import type { Token } from './layout.js';

/** Confidence given to a value that was found but had to be dropped. */
const DROPPED = 0.1;

const MAX_LENGTH = new Map(
  DOCUMENT_FIELDS.flatMap((f) =>
    f.maxLength === undefined ? [] : [[f.key, f.maxLength] as const],
  ),
);

/** A field with nothing found. */
export const emptyField = (): DraftField => ({ value: null, confidence: 0, sources: [] });

const clamp = (x: number): number => Math.max(0, Math.min(1, Math.round(x * 1000) / 1000));

/**
 * A field read from `tokens` on document page `page`. `column` names the DOCUMENT_FIELDS key whose
 * length limit applies.
 */
export function draftField(
  value: string | null,
  confidence: number,
  page: number,
  tokens: readonly Token[],
  column?: string,
): DraftField {
  const sources = tokens.length === 0 ? [] : [{ page, boxes: tokens.map((t) => t.box) }];
  if (value === null || value.trim() === '') {
    return { value: null, confidence: sources.length === 0 ? 0 : DROPPED, sources };
  }
  const v = value.normalize('NFC').trim();
  const max = column === undefined ? undefined : MAX_LENGTH.get(column);
  if (max !== undefined && v.length > max) return { value: null, confidence: DROPPED, sources };
  return { value: v, confidence: clamp(confidence), sources };
}
