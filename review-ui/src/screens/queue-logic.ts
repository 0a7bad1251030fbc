/**
 * The review queue's pure parts: which values make a dossier stand out, and what the j/k/arrow/
 * Enter keys do. Kept free of React so they can be tested.
 */
import type { QueueItem } from '../api/types.js';
import { confidenceLevel, type ConfidenceLevel } from '../format/format.js';

export interface QueueFlags {
  /** Band of the mean OCR confidence (0–100), null when there is none */
  ocr: ConfidenceLevel | null;
  /** Band of the mean draft confidence (0–1), null when there is none */
  draft: ConfidenceLevel | null;
  lowFields: number;
  /** Whether anything is low: the row is marked and says so in words */
  needsCheck: boolean;
}

/** What in `item` a reviewer should distrust. */
export function queueFlags(
  item: Pick<QueueItem, 'ocrConfidence' | 'draftConfidence' | 'lowConfidenceFields'>,
): QueueFlags {
  const ocr = item.ocrConfidence === null ? null : confidenceLevel(item.ocrConfidence, 100);
  const draft = item.draftConfidence === null ? null : confidenceLevel(item.draftConfidence, 1);
  const lowFields = Math.max(0, item.lowConfidenceFields);
  return { ocr, draft, lowFields, needsCheck: ocr === 'low' || draft === 'low' || lowFields > 0 };
}

export type QueueKeyAction = { kind: 'select'; index: number } | { kind: 'open'; index: number };

/** Keys of the queue, as the screen lists them. */
export const QUEUE_KEYS = {
  next: ['j', 'ArrowDown'],
  prev: ['k', 'ArrowUp'],
  open: ['Enter'],
} as const;

/**
 * What `key` does with row `index` selected (-1: none) among `count` rows: j/↓ selects the next
 * row (the first when none is), k/↑ the previous, Enter opens the selected one. Null for any other
 * key, and at the ends of the list, so the key keeps its usual meaning (scrolling).
 */
export function queueKeyAction(key: string, index: number, count: number): QueueKeyAction | null {
  if (count === 0) return null;
  const at = Math.min(index, count - 1);
  if ((QUEUE_KEYS.next as readonly string[]).includes(key)) {
    return at >= count - 1 ? null : { kind: 'select', index: at + 1 };
  }
  if ((QUEUE_KEYS.prev as readonly string[]).includes(key)) {
    if (at < 0) return { kind: 'select', index: 0 };
    return at === 0 ? null : { kind: 'select', index: at - 1 };
  }
  if ((QUEUE_KEYS.open as readonly string[]).includes(key)) {
    return at < 0 ? null : { kind: 'open', index: at };
  }
  return null;
}
