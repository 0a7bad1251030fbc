/**
 * The workspace's keyboard shortcuts: one table that both the key handler and the on-screen
 * legend read, so a key shown is a key that works. Plain keys never fire while the reviewer types
 * in a field; the ones with Ctrl or Alt do.
 */

export type ShortcutAction =
  | 'approve'
  | 'reject'
  | 'nextDoc'
  | 'prevDoc'
  | 'nextPage'
  | 'prevPage'
  | 'nextLowField'
  | 'zoomIn'
  | 'zoomOut'
  | 'zoomFit'
  | 'save'
  | 'help';

export interface Shortcut {
  action: ShortcutAction;
  /** `KeyboardEvent.key` values that trigger it (with the modifier below) */
  keys: readonly string[];
  /** Ctrl (or ⌘ on a Mac) / Alt needed; such shortcuts also work inside a field */
  mod?: 'ctrl' | 'alt';
  /** The key as the legend writes it */
  label: string;
}

/** In legend order. */
export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'approve', keys: ['a', 'A'], label: 'A' },
  { action: 'reject', keys: ['r', 'R'], label: 'R' },
  { action: 'nextDoc', keys: ['j', 'J'], label: 'J' },
  { action: 'prevDoc', keys: ['k', 'K'], label: 'K' },
  { action: 'nextPage', keys: ['.'], label: '.' },
  { action: 'prevPage', keys: [','], label: ',' },
  { action: 'nextLowField', keys: ['n', 'N'], label: 'N' },
  { action: 'nextLowField', keys: ['n', 'N', '˜'], mod: 'alt', label: 'Alt+N' },
  { action: 'zoomIn', keys: ['+', '='], label: '+' },
  { action: 'zoomOut', keys: ['-', '_'], label: '−' },
  { action: 'zoomFit', keys: ['0'], label: '0' },
  { action: 'save', keys: ['s', 'S'], mod: 'ctrl', label: 'Ctrl+S' },
  { action: 'help', keys: ['?'], label: '?' },
];

/** What the handler needs of a key event (a DOM KeyboardEvent fits). */
export interface KeyInput {
  key: string;
  code?: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  /** True when focus is in a text input, textarea, select or editable element */
  typing: boolean;
}

/**
 * Whether `el` takes typed text, so plain-letter shortcuts must leave the key to it. Buttons,
 * checkboxes and the page itself do not.
 */
export function isTypingTarget(el: Element | null): boolean {
  if (el === null) return false;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') {
    const type = (el.getAttribute('type') ?? 'text').toLowerCase();
    return !['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'file', 'image'].includes(
      type,
    );
  }
  return (el as HTMLElement).isContentEditable === true;
}

/**
 * The action `e` triggers, or null. With Alt the letter is matched on the physical key too,
 * because Alt+N types "˜" on a Mac keyboard.
 */
export function actionFor(e: KeyInput): ShortcutAction | null {
  const ctrl = e.ctrlKey || e.metaKey;
  for (const s of SHORTCUTS) {
    if (s.mod === 'ctrl') {
      if (ctrl && !e.altKey && s.keys.includes(e.key)) return s.action;
    } else if (s.mod === 'alt') {
      const letter = e.code?.startsWith('Key') === true ? e.code.slice(3).toLowerCase() : null;
      const hit = s.keys.includes(e.key) || (letter !== null && s.keys.includes(letter));
      if (e.altKey && !ctrl && hit) return s.action;
    } else if (!ctrl && !e.altKey && !e.typing && s.keys.includes(e.key)) {
      return s.action;
    }
  }
  return null;
}
