import { describe, expect, it } from 'vitest';
import { actionFor, SHORTCUTS, type KeyInput } from './keymap.js';

const key = (k: string, over: Partial<KeyInput> = {}): KeyInput => ({
  key: k,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  typing: false,
  ...over,
});

describe('actionFor', () => {
  it.each([
    ['a', 'approve'],
    ['r', 'reject'],
    ['j', 'nextDoc'],
    ['k', 'prevDoc'],
    ['n', 'nextLowField'],
    ['+', 'zoomIn'],
    ['=', 'zoomIn'],
    ['-', 'zoomOut'],
    ['0', 'zoomFit'],
    ['?', 'help'],
  ] as const)('maps %s to %s', (k, action) => {
    expect(actionFor(key(k))).toBe(action);
  });

  it('leaves plain keys to a field the reviewer is typing in', () => {
    for (const k of ['a', 'j', 'n', '0', '-', '?']) {
      expect(actionFor(key(k, { typing: true }))).toBeNull();
    }
  });

  it('fires Ctrl and Alt shortcuts while typing', () => {
    expect(actionFor(key('s', { ctrlKey: true, typing: true }))).toBe('save');
    expect(actionFor(key('s', { metaKey: true, typing: true }))).toBe('save');
    expect(actionFor(key('n', { altKey: true, typing: true }))).toBe('nextLowField');
    expect(actionFor(key('˜', { altKey: true, code: 'KeyN', typing: true }))).toBe('nextLowField');
  });

  it('does not treat browser shortcuts as workspace keys', () => {
    expect(actionFor(key('a', { ctrlKey: true }))).toBeNull();
    expect(actionFor(key('r', { metaKey: true }))).toBeNull();
    expect(actionFor(key('s'))).toBeNull();
    expect(actionFor(key('x'))).toBeNull();
  });
});

describe('SHORTCUTS', () => {
  it('gives every shortcut a label for the legend', () => {
    for (const s of SHORTCUTS) expect(s.label).not.toBe('');
  });
});
