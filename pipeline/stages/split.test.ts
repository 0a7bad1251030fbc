import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BODY_LINE,
  assemblyPage,
  buildOcr,
  continuationLines,
  emptyOcr,
  firstPageLines,
  ocrFromCorpusLines,
} from '../../tests/fixtures/ocr.js';
import type { PageForAssembly } from '../domain.js';
import { hasPageNumber, splitDocuments } from './split.js';
import { pageLayout } from './metadata/layout.js';

const first = (organ: string, number: string): ReturnType<typeof buildOcr> =>
  buildOcr(
    firstPageLines({
      organParent: 'UBND TỈNH CÀ MAU',
      organ: [organ],
      number,
      placeDate: 'Cà Mau, ngày 3 tháng 7 năm 2010',
      docType: 'TỜ TRÌNH',
      summary: ['Về việc đề nghị phê duyệt Kế hoạch'],
      body: [BODY_LINE, BODY_LINE, BODY_LINE],
    }).lines,
  );

type Kind = 'first' | 'next' | 'plain' | 'blank' | 'separator' | 'no-ocr';

/** Pages of a batch from a compact description; indexes start at 10 to catch index mix-ups. */
function batch(kinds: readonly Kind[]): PageForAssembly[] {
  let n = 0;
  return kinds.map((k, i) => {
    const index = 10 + i;
    switch (k) {
      case 'first':
        n++;
        return assemblyPage(index, first('SỞ TÀI CHÍNH', `Số: ${n}/TTr-STC`));
      case 'next':
        return assemblyPage(index, buildOcr(continuationLines(2)));
      case 'plain':
        return assemblyPage(index, buildOcr(continuationLines(null)));
      case 'blank':
        return assemblyPage(index, emptyOcr(), { isBlank: true });
      case 'separator':
        return assemblyPage(index, buildOcr([{ text: 'PATCH T', y: 100, cx: 105, pt: 72 }]), {
          isSeparator: true,
        });
      case 'no-ocr':
        return assemblyPage(index, null);
    }
  });
}

const pagesOf = (kinds: readonly Kind[]): number[][] =>
  splitDocuments(batch(kinds)).map((d) => [...d.pages]);

describe('splitDocuments', () => {
  it('starts a document after each separator sheet and leaves the sheet out', () => {
    const docs = splitDocuments(batch(['first', 'next', 'separator', 'first', 'next']));
    expect(docs.map((d) => d.pages)).toEqual([
      [10, 11],
      [13, 14],
    ]);
    expect(docs.map((d) => d.reason)).toEqual(['start', 'separator']);
    expect(docs[1]?.boundaryConfidence).toBeGreaterThan(0.9);
  });

  it('trusts a separator even before a page without a header, with a low confidence', () => {
    const docs = splitDocuments(batch(['first', 'separator', 'next', 'plain']));
    expect(docs.map((d) => d.pages)).toEqual([[10], [12, 13]]);
    expect(docs[1]?.reason).toBe('separator');
    expect(docs[1]?.boundaryConfidence).toBeLessThan(0.7);
  });

  it('splits back-to-back one-page documents by their header', () => {
    const docs = splitDocuments(batch(['first', 'first', 'first', 'first']));
    expect(docs.map((d) => d.pages)).toEqual([[10], [11], [12], [13]]);
    expect(docs.slice(1).every((d) => d.reason === 'header')).toBe(true);
  });

  it('keeps continuation pages (page number at the top, no header) in their document', () => {
    expect(pagesOf(['first', 'next', 'next', 'plain', 'first', 'next'])).toEqual([
      [10, 11, 12, 13],
      [14, 15],
    ]);
  });

  it('keeps a blank back side inside its document', () => {
    expect(pagesOf(['first', 'blank', 'next', 'blank', 'first'])).toEqual([[10, 11, 12, 13], [14]]);
  });

  it('starts a document after a run of blank pages, not after a single one', () => {
    const docs = splitDocuments(batch(['first', 'plain', 'blank', 'blank', 'plain', 'plain']));
    expect(docs.map((d) => d.pages)).toEqual([
      [10, 11, 12, 13],
      [14, 15],
    ]);
    expect(docs[1]?.reason).toBe('blank');
    expect(pagesOf(['first', 'plain', 'blank', 'plain'])).toEqual([[10, 11, 12, 13]]);
  });

  it('never starts a document at a continuation page, even after blank pages', () => {
    expect(pagesOf(['first', 'blank', 'blank', 'next'])).toEqual([[10, 11, 12, 13]]);
  });

  it('lets a page without OCR continue the current document', () => {
    expect(pagesOf(['first', 'no-ocr', 'first'])).toEqual([[10, 11], [12]]);
  });

  it('loses no page: leading blanks join the first document, a blank-only batch is one', () => {
    expect(pagesOf(['blank', 'separator', 'first'])).toEqual([[10, 12]]);
    const blanks = splitDocuments(batch(['blank', 'blank']));
    expect(blanks.map((d) => d.pages)).toEqual([[10, 11]]);
    expect(blanks[0]?.boundaryConfidence).toBeLessThan(0.5);
    expect(splitDocuments([])).toEqual([]);
    expect(splitDocuments(batch(['separator']))).toEqual([]);
  });
});

describe('hasPageNumber', () => {
  it('finds a centred page number above the text, and none on a first page', () => {
    expect(hasPageNumber(pageLayout(buildOcr(continuationLines(3)), 0))).toBe(true);
    expect(hasPageNumber(pageLayout(buildOcr(continuationLines(null)), 0))).toBe(false);
    expect(hasPageNumber(pageLayout(first('SỞ Y TẾ', 'Số: 9/BC-SYT'), 0))).toBe(false);
    // a number in the margin but not centred is no page number
    const aside = [{ text: '2', y: 10, x: 30 }, ...continuationLines(null)];
    expect(hasPageNumber(pageLayout(buildOcr(aside), 0))).toBe(false);
  });
});

const CORPUS = '/work/shared/corpus';

describe.skipIf(!existsSync(`${CORPUS}/manifest.json`))(
  'splitDocuments on the corpus batches',
  () => {
    it('splits the three vn batches as expected from perfect OCR (lines.json)', () => {
      const manifest = JSON.parse(readFileSync(`${CORPUS}/manifest.json`, 'utf8')) as {
        cases: { kind: string; id: string; metaFile?: string }[];
        batches: { id: string; pages: string[]; expectedDocuments: { pages: string[] }[] }[];
      };
      const flags = new Map<string, { isBlank: boolean; isSeparator: boolean; dpi: number }>();
      for (const c of manifest.cases) {
        if (c.kind === 'document' && c.metaFile !== undefined) {
          const m = JSON.parse(readFileSync(`${CORPUS}/${c.metaFile}`, 'utf8')) as {
            pageDetails: { id: string; isBlank: boolean; isSeparator: boolean; dpi: number }[];
          };
          for (const p of m.pageDetails) flags.set(p.id, p);
        } else if (c.kind === 'separator') {
          const m = JSON.parse(readFileSync(`${CORPUS}/vn/${c.id}.meta.json`, 'utf8')) as {
            page: { id: string; isBlank: boolean; isSeparator: boolean; dpi: number };
          };
          flags.set(m.page.id, m.page);
        }
      }
      expect(manifest.batches).toHaveLength(3);
      for (const b of manifest.batches) {
        const pages = b.pages.map((id, i) => {
          const f = flags.get(id);
          const gt = JSON.parse(
            readFileSync(`${CORPUS}/vn/${id}.lines.json`, 'utf8'),
          ) as Parameters<typeof ocrFromCorpusLines>[0];
          return assemblyPage(i, ocrFromCorpusLines(gt), f ?? {}, f?.dpi ?? 300);
        });
        const got = splitDocuments(pages).map((d) => d.pages.map((i) => b.pages[i]));
        expect(got, b.id).toEqual(b.expectedDocuments.map((d) => d.pages));
      }
    });
  },
);
