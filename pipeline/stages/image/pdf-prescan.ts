/**
 * The largest image a PDF page draws, read from the object dictionaries without decoding any
 * stream. pdfjs decodes a page's images while it builds the operator list, and past its
 * `maxImageSize` it drops the image silently, so the pixel count of a decompression bomb (a 12 KB
 * file holding a 35000 × 35000 image) has to be known before pdfjs sees the page.
 */
import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, type PDFRef } from 'pdf-lib';

/** Pixel size an image dictionary declares. */
export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/** Form XObjects nest; deeper than this is not a scanned page. */
const MAX_FORM_DEPTH = 6;

/**
 * The image with the most pixels among the XObjects reachable from page `pageIndex` (0-based),
 * or null when the page has none or the file cannot be read this way (the caller then relies on
 * pdfjs' own limit). Never throws.
 */
export async function largestImageOnPage(
  bytes: Uint8Array,
  pageIndex: number,
): Promise<ImageSize | null> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, {
      ignoreEncryption: true,
      updateMetadata: false,
      throwOnInvalidObject: false,
    });
  } catch {
    return null;
  }
  try {
    const page = doc.getPages()[pageIndex];
    if (page === undefined) return null;
    let best: ImageSize | null = null;
    const seen = new Set<unknown>();
    const visit = (resources: unknown, depth: number): void => {
      const res = doc.context.lookup(resources as PDFRef);
      if (!(res instanceof PDFDict) || depth > MAX_FORM_DEPTH) return;
      const xobjects = res.lookup(PDFName.of('XObject'));
      if (!(xobjects instanceof PDFDict)) return;
      for (const [, ref] of xobjects.entries()) {
        if (seen.has(ref)) continue;
        seen.add(ref);
        const obj = doc.context.lookup(ref);
        if (!(obj instanceof PDFRawStream)) continue;
        const subtype = obj.dict.lookup(PDFName.of('Subtype'));
        if (subtype === PDFName.of('Image')) {
          const w = numberOf(obj.dict.lookup(PDFName.of('Width')));
          const h = numberOf(obj.dict.lookup(PDFName.of('Height')));
          if (w !== null && h !== null && (best === null || w * h > best.width * best.height)) {
            best = { width: w, height: h };
          }
        } else if (subtype === PDFName.of('Form')) {
          visit(obj.dict.get(PDFName.of('Resources')), depth + 1);
        }
      }
    };
    visit(page.node.Resources(), 0);
    return best;
  } catch {
    return null;
  }
}

function numberOf(v: unknown): number | null {
  return v instanceof PDFNumber ? v.asNumber() : null;
}
