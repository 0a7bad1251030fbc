/** A workspace button with a keyboard shortcut. */
import type { ButtonHTMLAttributes, ReactNode } from 'react';

/**
 * A button that names its shortcut twice: to assistive technology through `aria-keyshortcuts`,
 * and on screen as a key cap after its label (hidden from screen readers, which read the former).
 */
export function KeyButton({
  shortcut,
  keyLabel = shortcut,
  children,
  ...button
}: {
  /** In `aria-keyshortcuts` form: `A`, `Control+S` */
  shortcut: string;
  /** The key cap's text, when it differs from `shortcut` */
  keyLabel?: string;
  children: ReactNode;
} & ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button type="button" {...button} aria-keyshortcuts={shortcut}>
      {children} <kbd aria-hidden="true">{keyLabel}</kbd>
    </button>
  );
}
