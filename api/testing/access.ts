/**
 * Test support for the access decision on the review side: a dossier in review whose documents
 * have the access modes asked for, each page with a clean image, an OCR result and text, each
 * document with a PDF and a summary that names it, and the dossier with a draft.
 */
import { grayPng, simplePdf } from './files.js';
import type { Harness } from './harness.js';
import { inReview, type ReviewFixture } from './review.js';

export interface ModesFixture extends ReviewFixture {
  /** The page in no document (the last one) */
  loosePageId: string;
}

/** The words that stand for what document `seq` says (in its summary and its pages' text). */
export const contentOf = (code: string, seq: number): string => `Nội dung ${seq} của ${code}`;

/**
 * A dossier in review of access mode `dossierMode`, one document of one page per entry of
 * `documentModes` (null: no mode of its own), and one more page in no document.
 */
export async function withModes(
  h: Harness,
  dossierMode: string,
  documentModes: readonly (string | null)[],
): Promise<ModesFixture> {
  const f = await inReview(h, {
    prefix: `AC${dossierMode}`,
    pages: documentModes.length + 1,
    docs: documentModes.map((_, i) => [i]),
  });
  const image = await h.blobs.put(grayPng(24, 16, 5));
  const pdf = await h.blobs.put(simplePdf(1));
  await h.db.dossier.update({
    where: { id: f.dossierId },
    data: {
      accessModeCode: dossierMode,
      draft: {
        title: { value: `Hồ sơ về việc ${contentOf(f.code, 1)}`, confidence: 0.3 },
        startDate: { value: '2021-01-04', confidence: 0.9 },
        endDate: { value: '2021-12-28', confidence: 0.9 },
        totalDocs: documentModes.length,
        pageCount: documentModes.length,
      },
    },
  });
  for (const [i, mode] of documentModes.entries()) {
    await h.db.document.update({
      where: { id: f.docIds[i] ?? '' },
      data: {
        accessModeCode: mode,
        subject: contentOf(f.code, i + 1),
        pdfSha256: pdf.sha256,
        pdfBytes: pdf.bytes,
        pdfName: `${f.code}.${i + 1}.pdf`,
      },
    });
  }
  for (const [i, id] of f.pageIds.entries()) {
    const text = contentOf(f.code, i + 1);
    const ocr = await h.blobs.put(
      Buffer.from(JSON.stringify({ width: 24, height: 16, words: [], lines: [], text })),
    );
    await h.db.page.update({
      where: { id },
      data: {
        imageSha256: image.sha256,
        imageMediaType: 'image/png',
        ocrSha256: ocr.sha256,
        ocrText: text,
      },
    });
  }
  return { ...f, loosePageId: f.pageIds.at(-1) ?? '' };
}

/** Every route that gives out something of page `pageId` (its text, images, IIIF). */
export const pageRoutes = (pageId: string): string[] => [
  `/api/pages/${pageId}`,
  `/api/pages/${pageId}/ocr`,
  `/api/pages/${pageId}/image`,
  `/api/pages/${pageId}/image?variant=clean`,
  `/iiif/3/${pageId}`,
  `/iiif/3/${pageId}/info.json`,
  `/iiif/3/${pageId}/full/max/0/default.jpg`,
  `/iiif/3/${pageId}/0,0,8,8/8,/90/gray.png`,
];

/** Every route that gives out something of document `i` of `f` (metadata, PDF, its page). */
export const documentRoutes = (f: ReviewFixture, i: number): string[] => [
  `/api/documents/${f.docIds[i]}`,
  `/api/documents/${f.docIds[i]}/pdf`,
  `/api/documents/${f.docIds[i]}/pdf?download=1`,
  `/api/documents/${f.docIds[i]}/signature`,
  ...pageRoutes(f.pageIds[i] ?? ''),
];

/** Every route that gives out the dossier `f` itself. */
export const dossierRoutes = (f: ReviewFixture): string[] => {
  const base = `/api/dossiers/${encodeURIComponent(f.code)}`;
  return [base, `${base}/workspace`, `${base}/audit`];
};
