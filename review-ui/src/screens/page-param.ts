/** The query parameter holding a document's open page (1-based), so a link can point at a page. */
export const PAGE_PARAM = 'page';

/**
 * The 0-based index of the page named by `raw` (the `?page=` value) among `count` pages: the
 * first page when absent or not a positive whole number, the last when past the end.
 */
export function selectedPageIndex(raw: string | null, count: number): number {
  if (raw === null || !/^\d+$/.test(raw.trim())) return 0;
  const n = Number(raw);
  if (n < 1) return 0;
  return Math.min(n, Math.max(count, 1)) - 1;
}
