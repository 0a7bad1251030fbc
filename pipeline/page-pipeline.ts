/**
 * The page stages in order, shared by the queue worker and the CLI:
 *
 *   decode → orientation → deskew → border crop → blank/separator → (encode) | OCR → signature zone
 *
 * Two steps, because the worker records a checkpoint after each: `prepareFrame` produces the cleaned
 * image and what was decided on the way; `recognizePage` runs OCR on it. A worker killed during OCR
 * resumes from the stored prepared image instead of decoding again.
 */
import type { DecodeLimits, OcrResult, PreparedPage, SourceFile } from './domain.js';
import { decodeFrame } from './stages/decode.js';
import type { OcrEngine } from './stages/ocr/engine.js';
import { rereadSignatureZone } from './stages/ocr/signature-zone.js';
import { preparePage, type PrepareOptions } from './stages/prepare.js';

export interface PageStageSettings {
  readonly decode: DecodeLimits;
  readonly prepare: PrepareOptions;
}

/** Decodes frame `frameIndex` of `src` and runs the image stages on it. */
export async function prepareFrame(
  src: SourceFile,
  frameIndex: number,
  engine: OcrEngine,
  settings: PageStageSettings,
): Promise<PreparedPage> {
  const decoded = await decodeFrame(src, frameIndex, settings.decode);
  return preparePage(
    decoded,
    { detectOrientation: (img, dpi) => engine.detectOrientation(img, dpi) },
    settings.prepare,
  );
}

/**
 * OCR of a prepared page. Blank pages are not read (there is nothing to find and OCR invents words
 * in show-through); separator sheets are, so their printed label confirms the detection. A page
 * with a signer block has its signature zone read a second time, without the seal's and the
 * signature's ink (stages/ocr/signature-zone.ts), so the signer's name is in the text.
 */
export async function recognizePage(
  prepared: PreparedPage,
  engine: OcrEngine,
): Promise<OcrResult | null> {
  if (prepared.findings.isBlank) return null;
  const page = await engine.recognize(prepared.encoded, { dpi: prepared.dpi.x });
  if (prepared.findings.isSeparator) return page;
  return rereadSignatureZone(prepared, page, engine);
}
