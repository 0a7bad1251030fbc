import type { DossierPage } from './types.js';

/**
 * The list on screen after the first page was refreshed while further pages were loaded with
 * "load more": the fresh first page, then every extra item it does not already hold (an item that
 * moved up is shown once, where the fresh page puts it). The cursor is the extra pages' when there
 * are any, since it points past the last item shown.
 */
export function mergeDossierPages(first: DossierPage, extra: DossierPage | null): DossierPage {
  if (extra === null) return first;
  const seen = new Set(first.items.map((d) => d.id));
  return {
    items: [...first.items, ...extra.items.filter((d) => !seen.has(d.id))],
    nextCursor: extra.nextCursor,
  };
}
