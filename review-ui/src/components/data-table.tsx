/** The frame of the app's data tables: scrolling wrapper, caption and column headers. */
import type { ReactNode } from 'react';

/** A column header: its text, or its text and a class (`num` for right-aligned numbers). */
export type Column = string | { label: string; className: string };

/**
 * A `data-table` in its scrolling wrapper. The caption names the table for screen readers (and
 * Playwright's `getByRole('table', { name })`); it is shown only with `showCaption`, since the
 * heading above the table says the same on screen.
 */
export function DataTable({
  caption,
  showCaption = false,
  className,
  testId,
  columns,
  children,
}: {
  caption?: string;
  showCaption?: boolean;
  /** Added to `data-table` */
  className?: string;
  testId?: string;
  columns: readonly Column[];
  /** The rows */
  children: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table
        className={className === undefined ? 'data-table' : `data-table ${className}`}
        data-testid={testId}
      >
        {caption !== undefined && (
          <caption className={showCaption ? undefined : 'visually-hidden'}>{caption}</caption>
        )}
        <thead>
          <tr>
            {columns.map((c) =>
              typeof c === 'string' ? (
                <th key={c} scope="col">
                  {c}
                </th>
              ) : (
                <th key={c.label} scope="col" className={c.className}>
                  {c.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
