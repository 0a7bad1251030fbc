import { describe, expect, it } from 'vitest';
import { queueFlags, queueKeyAction } from './queue-logic.js';

describe('queueFlags', () => {
  it('marks a dossier with poor OCR, a poor draft or doubtful fields', () => {
    const good = { ocrConfidence: 91, draftConfidence: 0.9, lowConfidenceFields: 0 };
    expect(queueFlags(good)).toEqual({
      ocr: 'high',
      draft: 'high',
      lowFields: 0,
      needsCheck: false,
    });
    expect(queueFlags({ ...good, ocrConfidence: 41.5 }).needsCheck).toBe(true);
    expect(queueFlags({ ...good, ocrConfidence: 41.5 }).ocr).toBe('low');
    expect(queueFlags({ ...good, draftConfidence: 0.59 }).draft).toBe('low');
    expect(queueFlags({ ...good, draftConfidence: 0.59 }).needsCheck).toBe(true);
    expect(queueFlags({ ...good, lowConfidenceFields: 3 }).needsCheck).toBe(true);
  });

  it('reads OCR on the 0–100 scale and the draft on 0–1', () => {
    // 0.7 on OCR's scale is 0.7 %, not 70 %.
    expect(queueFlags({ ocrConfidence: 0.7, draftConfidence: 70, lowConfidenceFields: 0 })).toEqual(
      { ocr: 'low', draft: 'high', lowFields: 0, needsCheck: true },
    );
  });

  it('does not mark a dossier for values it does not have', () => {
    expect(
      queueFlags({ ocrConfidence: null, draftConfidence: null, lowConfidenceFields: 0 }),
    ).toEqual({ ocr: null, draft: null, lowFields: 0, needsCheck: false });
  });
});

describe('queueKeyAction', () => {
  it('moves down with j or ↓, starting at the first row', () => {
    expect(queueKeyAction('j', -1, 3)).toEqual({ kind: 'select', index: 0 });
    expect(queueKeyAction('ArrowDown', 0, 3)).toEqual({ kind: 'select', index: 1 });
    expect(queueKeyAction('j', 2, 3)).toBeNull();
  });

  it('moves up with k or ↑, and stops at the top', () => {
    expect(queueKeyAction('k', 2, 3)).toEqual({ kind: 'select', index: 1 });
    expect(queueKeyAction('ArrowUp', 0, 3)).toBeNull();
    expect(queueKeyAction('k', -1, 3)).toEqual({ kind: 'select', index: 0 });
  });

  it('opens the selected row with Enter, and nothing when none is selected', () => {
    expect(queueKeyAction('Enter', 1, 3)).toEqual({ kind: 'open', index: 1 });
    expect(queueKeyAction('Enter', -1, 3)).toBeNull();
  });

  it('keeps a selection past a shrunken list on the last row', () => {
    expect(queueKeyAction('Enter', 7, 3)).toEqual({ kind: 'open', index: 2 });
    expect(queueKeyAction('k', 7, 3)).toEqual({ kind: 'select', index: 1 });
  });

  it('ignores other keys and an empty list', () => {
    expect(queueKeyAction('J', 0, 3)).toBeNull();
    expect(queueKeyAction('a', 0, 3)).toBeNull();
    expect(queueKeyAction('j', -1, 0)).toBeNull();
  });
});
