/**
 * Document boundaries inside a batch of scanned pages. An operator scans a dossier front to back;
 * documents are told apart afterwards by what the pages show: a separator sheet, a run of blank
 * pages, or the header band every first page of an administrative document carries (NĐ 30/2020:
 * national title, organ, "Số: …", place and date). Later pages carry their page number centred in
 * the top margin instead.
 */
import type { DocumentSplit, PageForAssembly } from '../domain.js';
import { readHeader } from './metadata/header.js';
import { centerX, pageLayout, type PageLayout } from './metadata/layout.js';
import { repairDigits, trimPunctuation } from './metadata/text.js';

/**
 * Blank pages in a row that mark a boundary. One blank page is the back of a sheet scanned in
 * duplex; two or more are a blank sheet put between documents on purpose.
 */
const BLANK_RUN = 2;

/** Header evidence (see readHeader) from which a page is a first page. */
const FIRST_PAGE = 0.45;

interface PageEvidence {
  /** 0–1, 0 when no header band was found */
  readonly header: number;
  /** A page number ≥ 2 centred in the top margin */
  readonly continuation: boolean;
}

/** True when the page shows a page number (2, 3, …) centred above its text. */
export function hasPageNumber(layout: PageLayout): boolean {
  const centre = (layout.left + layout.right) / 2;
  const width = Math.max(1, layout.right - layout.left);
  for (const row of layout.rows) {
    if (row.box.y0 > layout.height * 0.15) break;
    const near = row.tokens.filter((t) => Math.abs(centerX(t.box) - centre) < 0.1 * width);
    if (near.length !== 1) continue;
    const digits = repairDigits(trimPunctuation(near[0]?.text ?? ''));
    if (digits !== null && /^\d{1,3}$/.test(digits) && Number(digits) >= 2) return true;
    // the first line of text that is not a page number ends the top margin
    if (row.tokens.length >= 3) break;
  }
  return false;
}

function evidence(page: PageForAssembly): PageEvidence {
  if (page.ocr === null) return { header: 0, continuation: false };
  const layout = pageLayout(page.ocr, page.index);
  return {
    header: readHeader(layout)?.evidence ?? 0,
    continuation: hasPageNumber(layout),
  };
}

interface Building {
  pages: number[];
  boundaryConfidence: number;
  reason: DocumentSplit['reason'];
}

/**
 * Splits a batch's pages (scan order) into documents. Separator pages belong to no document;
 * a new document starts at a first page (national motto / organ / number block at the top), at a
 * separator sheet, or after a run of blank pages; a continuation page (page number in the top
 * margin, no header block) never starts one. Blank back sides stay inside their document.
 *
 * Expects the pages in scan order with their findings (`isBlank`, `isSeparator`) and OCR (null
 * when OCR did not run: such a page continues the current document). Guarantees: every page that
 * is not a separator is in exactly one document, in scan order; blank pages stay with the document
 * before them (with the next one when the batch starts with them); a separator sheet always ends a
 * document, even when the page after it looks like a continuation (its `boundaryConfidence` is then
 * low, for review). An empty batch, or one of separators only, gives no document. Throws nothing.
 *
 * @example
 * splitDocuments(pages).map((d) => d.pages); // [[0, 1, 2], [4, 5]] when page 3 is a separator
 */
export function splitDocuments(pages: readonly PageForAssembly[]): DocumentSplit[] {
  const docs: Building[] = [];
  let blanks: number[] = [];
  let afterSeparator = false;
  for (const page of pages) {
    const f = page.prepared.findings;
    if (f.isSeparator) {
      afterSeparator = true;
      continue;
    }
    if (f.isBlank) {
      blanks.push(page.index);
      continue;
    }
    const ev = evidence(page);
    const current = docs[docs.length - 1];
    let start: Building | null = null;
    if (current === undefined) {
      start = { pages: [], boundaryConfidence: 1, reason: afterSeparator ? 'separator' : 'start' };
    } else if (afterSeparator) {
      start = {
        pages: [],
        boundaryConfidence: ev.continuation && ev.header < FIRST_PAGE ? 0.5 : 0.99,
        reason: 'separator',
      };
    } else if (ev.header >= FIRST_PAGE && !(ev.continuation && ev.header < 0.65)) {
      start = { pages: [], boundaryConfidence: 0.5 + ev.header / 2, reason: 'header' };
    } else if (blanks.length >= BLANK_RUN && !ev.continuation) {
      start = { pages: [], boundaryConfidence: 0.7, reason: 'blank' };
    }
    if (start === null && current !== undefined) {
      current.pages.push(...blanks, page.index);
    } else if (start !== null) {
      if (current === undefined) start.pages.push(...blanks);
      else current.pages.push(...blanks);
      start.pages.push(page.index);
      docs.push(start);
    }
    blanks = [];
    afterSeparator = false;
  }
  const last = docs[docs.length - 1];
  if (last !== undefined) last.pages.push(...blanks);
  else if (blanks.length > 0) {
    // a batch of blank pages only: kept together so that no page is lost, flagged for review
    docs.push({ pages: blanks, boundaryConfidence: 0.2, reason: 'start' });
  }
  return docs.map((d) => ({
    pages: d.pages,
    boundaryConfidence: Math.round(d.boundaryConfidence * 1000) / 1000,
    reason: d.reason,
  }));
}
