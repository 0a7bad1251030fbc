/**
 * PDF/A-2u writer: one PDF per document, each page the scan at its own resolution with the OCR
 * words laid over it as invisible, searchable text.
 *
 * Built on pdf-lib's object layer (PDFContext) rather than its drawing API, which cannot embed a
 * JPEG or PNG without re-encoding it, draw invisible text, or write a Type0 font of our own. The
 * file is saved with a classic cross-reference table and no object streams, so a later incremental
 * update (the PAdES signature) can append to it.
 */
import { createHash } from 'node:crypto';
import {
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFString,
  type PDFContext,
  type PDFDict,
  type PDFRawStream,
  type PDFRef,
} from 'pdf-lib';
import { StageError } from '../../../core/errors.js';
import type { ColorMode, OcrResult } from '../../domain.js';
import { ASCENT, DESCENT, FONT_NAME, GLYPH_ADVANCE, glyphlessFont } from './glyphless-font.js';
import { srgbProfile } from './icc.js';
import { toPdfImage, type PdfImage } from './images.js';
import { num, textLayerOperators } from './text-layer.js';
import { CidAllocator } from './to-unicode.js';
import {
  buildXmp,
  cleanText as clean,
  keywordsText,
  type RecordValue,
  type XmpDraftField,
} from './xmp.js';

export interface PdfPageInput {
  /** JPEG or PNG bytes, embedded as they are when possible */
  readonly image: Buffer;
  readonly mediaType: 'image/jpeg' | 'image/png';
  /** Pixels */
  readonly width: number;
  readonly height: number;
  readonly dpi: { readonly x: number; readonly y: number };
  readonly colorMode: ColorMode;
  /** Word boxes in the image's pixel coordinates */
  readonly ocr: OcrResult | null;
}

export interface PdfMetadata {
  /** dc:title */
  readonly title: string;
  /** dc:creator: the issuing organ or the archive */
  readonly creator: string;
  /** dc:description */
  readonly subject?: string;
  readonly keywords?: readonly string[];
  /** BCP 47, e.g. 'vi' */
  readonly language: string;
  /** A UUID: XMP xmpMM:DocumentID and the trailer /ID */
  readonly documentId: string;
  readonly createdAt: Date;
  /** e.g. 'sohoa 0.1.0' */
  readonly producer: string;
  /** The record's TT 05/2025 fields, written into XMP in the sohoa namespace (see xmp.ts) */
  readonly record: Readonly<Record<string, RecordValue>>;
  /** The pipeline's draft (value and confidence by field), written into XMP while it is a draft */
  readonly draft?: Readonly<Record<string, XmpDraftField>>;
}

/** PDF/A-2 (ISO 19005-2, 6.1.13): no page side may exceed 14 400 units. */
const MAX_PAGE_PT = 14_400;
const FONT_RESOURCE = 'F0';
const IMAGE_RESOURCE = 'Im0';

/**
 * Builds a PDF/A-2u file from the pages of one document, in order.
 *
 * Expects each page's `image` to be the JPEG/PNG its other fields describe and `ocr` (if any) to be
 * in that image's pixels. Guarantees: page size = pixels ÷ dpi × 72 pt; the JPEG bytes unchanged
 * (DCTDecode), bilevel pages CCITT G4, other PNGs lossless Flate; an invisible text layer whose
 * extracted text is the OCR words; XMP with PDF/A identification, Dublin Core and the record's fields
 * (Info dictionary entries equal to their XMP twins); an sRGB output intent; /Lang; trailer /ID from
 * `documentId`; no encryption, JavaScript, actions, annotations or transparency; a classic xref
 * table. The same input gives the same bytes.
 *
 * Throws `pdfa.no_pages`, `pdfa.page_invalid` (size or dpi unusable), `pdfa.document_id_invalid`,
 * `pdfa.image_unreadable`, `pdfa.image_size_mismatch`, `pdfa.record_field_invalid`,
 * `pdfa.too_many_characters` (all not retryable) and `pdfa.icc_unavailable`.
 *
 * @example
 * const pdf = await buildPdfA([{ image: jpeg, mediaType: 'image/jpeg', width: 2480, height: 3508,
 *   dpi: { x: 300, y: 300 }, colorMode: 'rgb', ocr }], meta);
 */
export async function buildPdfA(
  pages: readonly PdfPageInput[],
  meta: PdfMetadata,
): Promise<Buffer> {
  if (pages.length === 0) {
    throw new StageError('pdfa.no_pages', {
      message: `Tài liệu ${meta.documentId} không có trang nào / Document ${meta.documentId} has no pages`,
      retryable: false,
    });
  }
  const idHex = documentIdHex(meta.documentId);
  const doc = await PDFDocument.create({ updateMetadata: false });
  const ctx = doc.context;
  const cids = new CidAllocator();
  // Referenced by every page with text; filled in once all pages have taken their CIDs.
  const fontRef = ctx.nextRef();
  let anyText = false;
  const contentHash = createHash('sha256');

  for (const [index, page] of pages.entries()) {
    const label = `${meta.documentId} trang/page ${index + 1}`;
    const { wPt, hPt } = pageSize(page, label);
    const img = await toPdfImage(page.image, page.mediaType, page.colorMode, page, label);
    contentHash.update(page.image);
    const text = textLayerOperators(
      page.ocr,
      { ptPerPxX: 72 / page.dpi.x, ptPerPxY: 72 / page.dpi.y, heightPt: hPt },
      cids,
      FONT_RESOURCE,
    );
    contentHash.update(text);
    anyText ||= text !== '';
    const content = `q\n${num(wPt)} 0 0 ${num(hPt)} 0 0 cm\n/${IMAGE_RESOURCE} Do\nQ\n${text}`;
    const pdfPage = doc.addPage([wPt, hPt]);
    pdfPage.node.set(
      PDFName.of('Resources'),
      ctx.obj({
        XObject: { [IMAGE_RESOURCE]: ctx.register(imageXObject(ctx, img)) },
        ...(text !== '' ? { Font: { [FONT_RESOURCE]: fontRef } } : {}),
      }),
    );
    pdfPage.node.set(
      PDFName.of('Contents'),
      ctx.register(ctx.flateStream(Buffer.from(content, 'latin1'))),
    );
  }
  if (anyText) ctx.assign(fontRef, textFont(ctx, cids));

  const date = isoSeconds(meta.createdAt);
  const instanceId = uuidFrom(contentHash.update(meta.documentId).update(date).digest());
  const keywords = (meta.keywords ?? []).map(clean);
  const xmp = buildXmp({
    title: clean(meta.title),
    creator: clean(meta.creator),
    ...(meta.subject !== undefined ? { description: clean(meta.subject) } : {}),
    keywords,
    language: clean(meta.language),
    date,
    creatorTool: clean(meta.producer),
    producer: clean(meta.producer),
    documentId: meta.documentId.toLowerCase(),
    instanceId,
    record: meta.record,
    ...(meta.draft !== undefined ? { draft: meta.draft } : {}),
  });

  const catalog = doc.catalog;
  catalog.set(
    PDFName.of('Metadata'),
    ctx.register(ctx.stream(xmp, { Type: 'Metadata', Subtype: 'XML' })),
  );
  catalog.set(PDFName.of('OutputIntents'), ctx.obj([ctx.register(await outputIntent(ctx))]));
  catalog.set(PDFName.of('Lang'), PDFString.of(clean(meta.language)));
  catalog.set(PDFName.of('ViewerPreferences'), ctx.obj({ DisplayDocTitle: true }));

  // Each Info entry equals its XMP twin (ISO 19005-2, 6.6.3).
  const pdfDate = PDFString.fromDate(new Date(date));
  const info = ctx.obj({
    Title: PDFHexString.fromText(clean(meta.title)),
    Author: PDFHexString.fromText(clean(meta.creator)),
    ...(meta.subject !== undefined ? { Subject: PDFHexString.fromText(clean(meta.subject)) } : {}),
    ...(keywords.length > 0 ? { Keywords: PDFHexString.fromText(keywordsText(keywords)) } : {}),
    Creator: PDFHexString.fromText(clean(meta.producer)),
    Producer: PDFHexString.fromText(clean(meta.producer)),
    CreationDate: pdfDate,
    ModDate: pdfDate,
  });
  ctx.trailerInfo.Info = ctx.register(info);
  ctx.trailerInfo.ID = ctx.obj([PDFHexString.of(idHex), PDFHexString.of(idHex)]);

  const bytes = await doc.save({
    useObjectStreams: false,
    addDefaultPage: false,
    updateFieldAppearances: false,
  });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function pageSize(page: PdfPageInput, label: string): { wPt: number; hPt: number } {
  const ok =
    Number.isInteger(page.width) &&
    Number.isInteger(page.height) &&
    page.width > 0 &&
    page.height > 0 &&
    page.dpi.x > 0 &&
    page.dpi.y > 0 &&
    Number.isFinite(page.dpi.x) &&
    Number.isFinite(page.dpi.y);
  const wPt = (page.width / page.dpi.x) * 72;
  const hPt = (page.height / page.dpi.y) * 72;
  if (!ok || wPt < 3 || hPt < 3 || wPt > MAX_PAGE_PT || hPt > MAX_PAGE_PT) {
    throw new StageError('pdfa.page_invalid', {
      message: `${label}: ${page.width}×${page.height} điểm ảnh ở ${page.dpi.x}×${page.dpi.y} dpi cho trang ${num(wPt)}×${num(hPt)} pt, ngoài giới hạn 3–${MAX_PAGE_PT} pt của PDF/A / ${page.width}×${page.height} pixels at ${page.dpi.x}×${page.dpi.y} dpi make a ${num(wPt)}×${num(hPt)} pt page, outside PDF/A's 3–${MAX_PAGE_PT} pt`,
      hint: 'Kiểm tra độ phân giải (dpi) của trang / Check the resolution (dpi) of the page',
      retryable: false,
    });
  }
  return { wPt, hPt };
}

function imageXObject(ctx: PDFContext, img: PdfImage): PDFRawStream {
  return ctx.stream(img.data, {
    Type: 'XObject',
    Subtype: 'Image',
    Width: img.width,
    Height: img.height,
    ColorSpace: img.colorSpace,
    BitsPerComponent: img.bitsPerComponent,
    Filter: img.filter,
    ...(img.decodeParms !== null ? { DecodeParms: img.decodeParms } : {}),
  });
}

/** The Type0 font of the text layer: glyphless TrueType, Identity-H, ToUnicode per document. */
function textFont(ctx: PDFContext, cids: CidAllocator): PDFDict {
  const program = glyphlessFont();
  const descriptor = ctx.register(
    ctx.obj({
      Type: 'FontDescriptor',
      FontName: FONT_NAME,
      Flags: 4, // symbolic: the glyphs are not the standard Latin set
      FontBBox: [0, DESCENT, GLYPH_ADVANCE, ASCENT],
      ItalicAngle: 0,
      Ascent: ASCENT,
      Descent: DESCENT,
      CapHeight: ASCENT,
      StemV: 80,
      FontFile2: ctx.register(ctx.flateStream(program, { Length1: program.length })),
    }),
  );
  const cidFont = ctx.register(
    ctx.obj({
      Type: 'Font',
      Subtype: 'CIDFontType2',
      BaseFont: FONT_NAME,
      CIDSystemInfo: {
        Registry: PDFString.of('Adobe'),
        Ordering: PDFString.of('Identity'),
        Supplement: 0,
      },
      FontDescriptor: descriptor,
      DW: GLYPH_ADVANCE,
      // Every CID in use has the one glyph's advance, as the font program's hmtx says.
      W: [1, Math.max(1, cids.maxCid), GLYPH_ADVANCE],
      CIDToGIDMap: ctx.register(ctx.flateStream(cids.cidToGidMap())),
    }),
  );
  return ctx.obj({
    Type: 'Font',
    Subtype: 'Type0',
    BaseFont: FONT_NAME,
    Encoding: 'Identity-H',
    DescendantFonts: [cidFont],
    ToUnicode: ctx.register(ctx.flateStream(Buffer.from(cids.toUnicodeCMap(), 'latin1'))),
  });
}

async function outputIntent(ctx: PDFContext): Promise<PDFDict> {
  const icc = await srgbProfile();
  const profile: PDFRef = ctx.register(ctx.flateStream(icc, { N: 3 }));
  return ctx.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
    Info: PDFString.of('sRGB IEC61966-2.1'),
    RegistryName: PDFString.of('http://www.color.org'),
    DestOutputProfile: profile,
  });
}

/** The 32 hex digits of a UUID. Throws `pdfa.document_id_invalid` for anything else. */
function documentIdHex(id: string): string {
  const m = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.exec(id);
  if (m === null) {
    throw new StageError('pdfa.document_id_invalid', {
      message: `Mã tài liệu "${id}" không phải UUID / Document id "${id}" is not a UUID`,
      retryable: false,
    });
  }
  return id.replace(/-/g, '').toUpperCase();
}

/** A UUID-shaped id from a digest: deterministic, so a retried job writes the same file. */
function uuidFrom(digest: Buffer): string {
  const h = digest.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** ISO 8601 in UTC to the second: PDF dates cannot hold milliseconds, XMP and Info must agree. */
function isoSeconds(d: Date): string {
  if (Number.isNaN(d.getTime())) {
    throw new StageError('pdfa.metadata_invalid', {
      message: 'Ngày tạo tài liệu không hợp lệ / The document creation date is invalid',
      retryable: false,
    });
  }
  return `${d.toISOString().slice(0, 19)}Z`;
}
