/**
 * The operator's view of one dossier in a sitting: pages scanned, pages safely on this station's
 * disk (in the outbox, or already past it), pages the server has stored, against the count the
 * inventory expects; and the rule that decides whether closing needs a warning. Pure functions
 * over plain values, so the terminal session only renders them.
 */

/** Page counts of one dossier in this sitting. Every count is pages, not files. */
export interface Progress {
  readonly dossierCode: string;
  /** Số trang dự kiến (inventory or typed in); undefined when unknown */
  readonly expected: number | undefined;
  /** Pages the server held for the dossier before this sitting (earlier batches) */
  readonly earlier: number;
  /** Pages that came off the scanner (or that were found in the dossier's folder) */
  readonly scanned: number;
  /** Pages written to the outbox with their SHA-256 (and maybe stored since) */
  readonly safe: number;
  /** Pages the server acknowledged: stored and recorded */
  readonly stored: number;
  /** Pages set aside: refused by the server, or a file the agent could not read */
  readonly refused: number;
}

/** A fresh sitting for a dossier. */
export const startProgress = (
  dossierCode: string,
  expected: number | undefined,
  earlier = 0,
): Progress => ({ dossierCode, expected, earlier, scanned: 0, safe: 0, stored: 0, refused: 0 });

/** The scanner produced a page. */
export const pageScanned = (p: Progress): Progress => ({ ...p, scanned: p.scanned + 1 });

/**
 * A file of `pages` pages entered the outbox. A file dropped into the hot folder was never counted
 * as scanned, so the scanned count rises with it when it would fall behind.
 */
export const filesSafe = (p: Progress, pages: number): Progress => {
  const safe = p.safe + pages;
  return { ...p, safe, scanned: Math.max(p.scanned, safe + p.refused) };
};

/** The server stored a file as `frames` pages (its own count, which wins over ours). */
export const filesStored = (p: Progress, frames: number): Progress => ({
  ...p,
  stored: p.stored + frames,
});

/** A file of `pages` pages was set aside (refused by the server or unreadable here). */
export const filesRefused = (p: Progress, pages: number, wasSafe: boolean): Progress => ({
  ...p,
  refused: p.refused + pages,
  scanned: Math.max(p.scanned, p.safe + p.refused + (wasSafe ? 0 : pages)),
});

/** Length of the bar: the expected count, or what is known so far when that is more. */
export const barTotal = (p: Progress): number =>
  Math.max(p.expected ?? 0, p.scanned, p.safe, p.stored, 1);

/** The line under the bar, Vietnamese first. */
export function progressLine(p: Progress): string {
  const need = p.expected === undefined ? '' : ` / cần ${p.expected}`;
  const refused = p.refused > 0 ? ` · bị từ chối ${p.refused}` : '';
  return (
    `đã quét ${p.scanned} · an toàn trên đĩa ${p.safe} · máy chủ đã lưu ${p.stored}${need}${refused}` +
    ` / scanned ${p.scanned} · safe on disk ${p.safe} · stored ${p.stored}`
  );
}

/** The short label beside the bar (terminals are 80 columns): "quét 10 · trên đĩa 10 · đã lưu 9/12". */
export function barLabel(p: Progress): string {
  const need = p.expected === undefined ? '' : `/${p.expected}`;
  const refused = p.refused > 0 ? ` · từ chối ${p.refused}` : '';
  return `quét ${p.scanned} · trên đĩa ${p.safe} · đã lưu ${p.stored}${need}${refused}`;
}

/** How the pages of the sitting compare with the inventory. */
export type CountCheck =
  | { kind: 'unknown'; pages: number }
  | { kind: 'match'; pages: number }
  | { kind: 'fewer'; pages: number; expected: number }
  | { kind: 'more'; pages: number; expected: number };

/**
 * The mismatch rule: the pages the server stored in this sitting against the inventory's count.
 * Earlier batches of the dossier (a rescan after a reviewer sent it back) are not added: a rescan
 * replaces the folder, it does not continue it; the warning mentions them instead.
 */
export function checkCount(p: Progress): CountCheck {
  const pages = p.stored;
  if (p.expected === undefined) return { kind: 'unknown', pages };
  if (pages === p.expected) return { kind: 'match', pages };
  return pages < p.expected
    ? { kind: 'fewer', pages, expected: p.expected }
    : { kind: 'more', pages, expected: p.expected };
}

/** The warning shown before closing, or undefined when the count is as expected (or unknown). */
export function mismatchWarning(p: Progress): string | undefined {
  const c = checkCount(p);
  if (c.kind === 'unknown' || c.kind === 'match') return undefined;
  const diff = Math.abs(c.expected - c.pages);
  const vi =
    c.kind === 'fewer'
      ? `thiếu ${diff} trang: mục lục ghi ${c.expected}, máy chủ đã lưu ${c.pages}`
      : `thừa ${diff} trang: mục lục ghi ${c.expected}, máy chủ đã lưu ${c.pages}`;
  const en =
    c.kind === 'fewer'
      ? `${diff} page(s) short: the inventory says ${c.expected}, the server stored ${c.pages}`
      : `${diff} page(s) over: the inventory says ${c.expected}, the server stored ${c.pages}`;
  const earlier =
    p.earlier > 0
      ? ` (máy chủ còn ${p.earlier} trang của lần quét trước / plus ${p.earlier} from an earlier scan)`
      : '';
  return `CẢNH BÁO: hồ sơ ${p.dossierCode} ${vi}${earlier} / WARNING: ${en}`;
}
