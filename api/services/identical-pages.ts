/**
 * Byte-identical uploads of one batch (another seq, the same SHA-256) are kept as pages of their
 * own and flagged: each page of the later upload points at the same frame of the earlier one, so
 * that a reviewer sees "trang này giống hệt trang N / identical to page N".
 */

/** A page as the reads load it: its upload, its frame, and the upload that upload repeats. */
export interface PageForTwins {
  readonly id: string;
  readonly uploadId: string;
  readonly frameIndex: number;
  readonly identicalToUploadId: string | null;
}

/**
 * For each page of an upload that repeats an earlier one, the page id of the same frame of the
 * earlier upload, when that page is among `pages` (both belong to one batch, so a read of a whole
 * batch or dossier always has it).
 *
 * @example
 * const twins = identicalPages(pages)
 * pages.map((p) => ({ ...p, identicalToPageId: twins.get(p.id) ?? null }))
 */
export function identicalPages(pages: readonly PageForTwins[]): Map<string, string> {
  const byFrame = new Map<string, string>();
  for (const p of pages) byFrame.set(`${p.uploadId}:${p.frameIndex}`, p.id);
  const out = new Map<string, string>();
  for (const p of pages) {
    if (p.identicalToUploadId === null) continue;
    const twin = byFrame.get(`${p.identicalToUploadId}:${p.frameIndex}`);
    if (twin !== undefined) out.set(p.id, twin);
  }
  return out;
}
