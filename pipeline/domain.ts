/**
 * Types that flow between the pipeline stages. Stages are plain functions over these; the worker
 * and the CLI compose them (pipeline/page-pipeline.ts, pipeline/dossier-pipeline.ts).
 *
 * Coordinates are pixels of the image they belong to, origin top-left, x to the right, y down.
 * Angles are degrees; a positive skew means the content is turned counter-clockwise as seen on
 * screen; a rotation is a clockwise quarter turn of the content.
 */

/** Decoded pixels: 8-bit samples, 1 (grey) or 3 (sRGB) channels, no alpha, row-major. */
export interface RasterImage {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
}

/** How the page was captured, as far as the file tells. */
export type ColorMode = 'bilevel' | 'gray' | 'rgb';

export type SourceFormat = 'jpeg' | 'png' | 'tiff' | 'pdf';

/** Resolution of a page and where the value came from. */
export interface Resolution {
  /** Pixels per inch used from here on */
  readonly x: number;
  readonly y: number;
  /** `tag`: from the file; `inferred`: from the pixel size of a standard sheet; `default`: guessed */
  readonly source: 'tag' | 'inferred' | 'default';
  /** The value written in the file, when there was one */
  readonly tag: number | null;
  /** True when the file's value cannot be true for the page (e.g. an A4 sheet tagged 72 dpi) */
  readonly suspect: boolean;
}

/** An uploaded file as the stages see it: its bytes and the type found in them. */
export interface SourceFile {
  readonly bytes: Buffer;
  readonly format: SourceFormat;
  /** For messages: the upload id or the file name */
  readonly label: string;
}

/** One frame (TIFF directory, PDF page, or the single image of a JPEG/PNG) decoded. */
export interface DecodedPage {
  readonly frameIndex: number;
  readonly image: RasterImage;
  readonly dpi: Resolution;
  readonly colorMode: ColorMode;
  /** Bits per sample of the source before conversion to 8 bit */
  readonly bitsPerSample: number;
  readonly sourceFormat: SourceFormat;
  /**
   * Skew the page arrived with that decoding already undid (degrees, positive = counter-clockwise
   * on screen): a scanned PDF whose image is placed at a slight angle is taken as the image's own
   * straight pixels. Absent for every other source.
   */
  readonly undoneSkewDeg?: number;
}

/** Limits that protect workers from hostile or broken files. */
export interface DecodeLimits {
  /** Largest page accepted, in pixels (width × height) */
  readonly maxPixels: number;
}

export interface Box {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

export interface OcrWord {
  /** NFC text of the word */
  readonly text: string;
  readonly bbox: Box;
  /** 0–100 */
  readonly confidence: number;
  /** Index into `OcrResult.lines` */
  readonly line: number;
}

export interface OcrLine {
  readonly bbox: Box;
  /** Index of the block (column or paragraph group) the line belongs to */
  readonly block: number;
  /** First word index (inclusive) and last (exclusive) in `OcrResult.words` */
  readonly wordStart: number;
  readonly wordEnd: number;
}

/** What OCR found on one page, in the coordinates of the image it was given. */
export interface OcrResult {
  readonly width: number;
  readonly height: number;
  /** Words in reading order */
  readonly words: readonly OcrWord[];
  readonly lines: readonly OcrLine[];
  /** NFC text, one line per OCR line, blocks separated by a blank line */
  readonly text: string;
  /** Mean word confidence (0–100), 0 when there are no words */
  readonly meanConfidence: number;
  /** e.g. "tesseract.js 7.0.0 vie+eng best_int psm 3" */
  readonly engine: string;
}

/** The decisions the page stages took, recorded on the page. */
export interface PageFindings {
  /**
   * Clockwise quarter turn the detector found on the content (the corpus convention); the page was
   * turned back by it only when `rotationConfidence` reached the threshold
   */
  readonly rotationDeg: 0 | 90 | 180 | 270;
  /** 0–1; below the threshold no rotation is applied and the page is flagged for review */
  readonly rotationConfidence: number;
  /** The decision: true when the page was turned back by `rotationDeg` (0 is never applied) */
  readonly rotationApplied: boolean;
  /**
   * Skew the page arrived with (degrees, positive = counter-clockwise): what deskew measured on
   * the pixels plus what decoding undid (`DecodedPage.undoneSkewDeg`)
   */
  readonly skewDeg: number;
  /** Crop applied to the upright, deskewed image to remove scanner borders */
  readonly crop: Box | null;
  readonly isBlank: boolean;
  readonly isSeparator: boolean;
}

/**
 * A page after the image stages: the image that feeds OCR and the PDF, encoded, with what was
 * decided on the way.
 */
export interface PreparedPage {
  readonly frameIndex: number;
  /** PNG (bilevel and grey) or JPEG (colour, and grey photographs) bytes of the cleaned page */
  readonly encoded: Buffer;
  readonly mediaType: 'image/png' | 'image/jpeg';
  readonly width: number;
  readonly height: number;
  readonly dpi: Resolution;
  readonly colorMode: ColorMode;
  readonly bitsPerSample: number;
  readonly findings: PageFindings;
}

/** A page as the document stages need it: prepared image facts plus OCR. */
export interface PageForAssembly {
  /** Position in scan order within the batch */
  readonly index: number;
  readonly prepared: PreparedPage;
  readonly ocr: OcrResult | null;
}

/** Draft values of the document fields, each with its confidence and source. */
export interface DraftField<T = string> {
  readonly value: T | null;
  /** 0–1 */
  readonly confidence: number;
  /** Where the value was read: page index in the document and word boxes on that page */
  readonly sources: readonly { readonly page: number; readonly boxes: readonly Box[] }[];
}

export interface DraftMetadata {
  readonly organ: DraftField;
  readonly organParent: DraftField;
  readonly number: DraftField;
  readonly symbol: DraftField;
  /**
   * Year printed in the number of a legal normative document ("2019" of "Số: 55/2019/QĐ-UBND",
   * whose number is "55" and symbol "QĐ-UBND", as the corpus manifest splits it)
   */
  readonly numberYear?: DraftField;
  /** ISO date YYYY-MM-DD */
  readonly date: DraftField;
  readonly place: DraftField;
  /** Printed type name, e.g. "QUYẾT ĐỊNH" */
  readonly docType: DraftField;
  /** TT 05 code of the type, e.g. "02" */
  readonly docTypeCode: DraftField;
  readonly summary: DraftField;
  /** TM. / KT. / TL. / TUQ. / Q. */
  readonly signerAuthority: DraftField;
  readonly signerTitle: DraftField;
  readonly signerName: DraftField;
  readonly secrecy: DraftField;
  readonly urgency: DraftField;
  readonly language: DraftField;
  /**
   * Số lượng trang: the document's page images (blank backs included), as digits; its confidence
   * is the boundary's, since the count is only as right as the split
   */
  readonly pageCount?: DraftField;
}

/** Every field a draft always has, in the order of `DraftMetadata`. */
export const DRAFT_FIELDS = [
  'organ',
  'organParent',
  'number',
  'symbol',
  'date',
  'place',
  'docType',
  'docTypeCode',
  'summary',
  'signerAuthority',
  'signerTitle',
  'signerName',
  'secrecy',
  'urgency',
  'language',
] as const satisfies readonly (keyof DraftMetadata)[];

/** A document found inside a dossier's pages. */
export interface DocumentSplit {
  /** Page indexes (into the batch's pages) in order; separators are never included */
  readonly pages: readonly number[];
  /** 0–1: how sure the split is that the document starts at its first page */
  readonly boundaryConfidence: number;
  /** What started it: the first page of the batch, a separator, a blank run, or a first-page header */
  readonly reason: 'start' | 'separator' | 'blank' | 'header';
}
