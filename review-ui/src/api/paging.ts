/** One page of a keyset-paged list: items with ids, and the cursor of the next page. */
export interface Paged<T extends { id: string }> {
  items: T[];
  /** Opaque; null on the last page */
  nextCursor: string | null;
}

/**
 * The list on screen after the first page was refreshed while further pages were loaded with
 * "load more": the fresh first page, then every extra item it does not already hold (an item that
 * moved up is shown once, where the fresh page puts it). The cursor is the extra pages' when there
 * are any, since it points past the last item shown.
 */
export function mergePages<T extends { id: string }, P extends Paged<T>>(
  first: P,
  extra: Paged<T> | null,
): Paged<T> {
  if (extra === null) return first;
  const seen = new Set(first.items.map((d) => d.id));
  return {
    items: [...first.items, ...extra.items.filter((d) => !seen.has(d.id))],
    nextCursor: extra.nextCursor,
  };
}

/** `extra` grown by the page `next` that "load more" fetched. */
export const appendPage = <T extends { id: string }>(
  extra: Paged<T> | null,
  next: Paged<T>,
): Paged<T> =>
  extra === null ? next : { items: [...extra.items, ...next.items], nextCursor: next.nextCursor };
