/**
 * The document stages, shared by the queue worker and the CLI: split a batch's pages into
 * documents, draft each document's metadata, and build one PDF/A per document.
 */
import type {
  DocumentSplit,
  DraftField,
  DraftMetadata,
  OcrResult,
  PageForAssembly,
  PreparedPage,
} from './domain.js';
import { draftMetadata } from './stages/draft-metadata.js';
import { buildPdfA, type PdfMetadata, type PdfPageInput } from './stages/pdfa/index.js';
import { signPdf } from './stages/pdfa/sign.js';
import type { SigningIdentity } from './stages/pdfa/signing-identity.js';
import { splitDocuments } from './stages/split.js';

export interface PlannedDocument {
  /** 1-based số thứ tự of the document in the dossier */
  readonly seq: number;
  readonly split: DocumentSplit;
  readonly metadata: DraftMetadata;
}

export interface AssembledDocument extends PlannedDocument {
  /** `<mã hồ sơ>.<số thứ tự>.pdf` */
  readonly pdfName: string;
  readonly pdf: Buffer;
}

export interface AssembleContext {
  readonly dossierCode: string;
  /** First số thứ tự to use (documents already in the dossier from earlier batches + 1) */
  readonly firstSeq: number;
  readonly archive: { readonly name: string; readonly code: string };
  readonly producer: string;
  /** Stable id per document so a rebuilt PDF keeps its identity; called with the document's seq */
  readonly documentId: (seq: number) => string;
  readonly now: Date;
  /** Who signs each PDF/A (PAdES, incremental update); null leaves it unsigned */
  readonly signature: {
    readonly identity: SigningIdentity;
    readonly reason: string;
    readonly location: string | null;
  } | null;
}

/**
 * Splits a batch's pages (scan order) into documents and drafts each one's metadata. Needs the
 * pages' findings and OCR only, not their images, so a worker can plan a dossier of hundreds of
 * pages without loading them all.
 */
export function planDocuments(
  pages: readonly PageForAssembly[],
  firstSeq: number,
): PlannedDocument[] {
  const byIndex = new Map(pages.map((p) => [p.index, p]));
  return splitDocuments(pages).map((split, i) => ({
    seq: firstSeq + i,
    split,
    metadata: {
      ...draftMetadata(split.pages.map((ix) => pageAt(byIndex, ix))),
      pageCount: {
        value: String(split.pages.length),
        confidence: split.boundaryConfidence,
        sources: [],
      },
    },
  }));
}

/**
 * Builds the PDF/A of one planned document from its pages (with their images), in order, and
 * signs it when `ctx.signature` names a signer.
 */
export async function buildDocumentPdf(
  doc: PlannedDocument,
  docPages: readonly PageForAssembly[],
  ctx: AssembleContext,
): Promise<AssembledDocument> {
  const pdfA = await buildPdfA(
    docPages.map((p) => toPdfPage(p.prepared, p.ocr)),
    pdfMetadata(doc.metadata, docPages.length, { ...ctx, seq: doc.seq }),
  );
  const sig = ctx.signature;
  const pdf =
    sig === null
      ? pdfA
      : await signPdf(pdfA, sig.identity, {
          signedAt: ctx.now,
          reason: sig.reason,
          ...(sig.location !== null ? { location: sig.location } : {}),
          keepClearOf:
            docPages[0] === undefined ? [] : wordBoxesPt(docPages[0].prepared, docPages[0].ocr),
        });
  return { ...doc, pdfName: pdfFileName(ctx.dossierCode, doc.seq), pdf };
}

/** Splits, drafts and builds every document of a batch whose pages are all in memory. */
export async function assembleDocuments(
  pages: readonly PageForAssembly[],
  ctx: AssembleContext,
): Promise<AssembledDocument[]> {
  const byIndex = new Map(pages.map((p) => [p.index, p]));
  const out: AssembledDocument[] = [];
  for (const doc of planDocuments(pages, ctx.firstSeq)) {
    const docPages = doc.split.pages.map((ix) => pageAt(byIndex, ix));
    out.push(await buildDocumentPdf(doc, docPages, ctx));
  }
  return out;
}

function pageAt(byIndex: ReadonlyMap<number, PageForAssembly>, ix: number): PageForAssembly {
  const p = byIndex.get(ix);
  if (p === undefined) throw new Error(`the split named page ${ix}, which is not in the batch`);
  return p;
}

/** `<mã hồ sơ>.<số thứ tự>.pdf`, with characters a file system refuses replaced by "_". */
export function pdfFileName(dossierCode: string, seq: number): string {
  // eslint-disable-next-line no-control-regex
  const safe = dossierCode.replace(/[/\\:*?"<>|\u0000-\u001f]/g, '_');
  return `${safe}.${seq}.pdf`;
}

/**
 * The OCR word boxes of a page in points from its top-left corner, where the PDF page has them
 * (the visible signature keeps clear of them).
 */
export function wordBoxesPt(
  prepared: PreparedPage,
  ocr: OcrResult | null,
): { x0: number; y0: number; x1: number; y1: number }[] {
  if (ocr === null) return [];
  const sx = 72 / prepared.dpi.x;
  const sy = 72 / prepared.dpi.y;
  return ocr.words.map((w) => ({
    x0: w.bbox.x0 * sx,
    y0: w.bbox.y0 * sy,
    x1: w.bbox.x1 * sx,
    y1: w.bbox.y1 * sy,
  }));
}

/** What the PDF/A builder takes for one page: its prepared image and its OCR words. */
export function toPdfPage(prepared: PreparedPage, ocr: OcrResult | null): PdfPageInput {
  return {
    image: prepared.encoded,
    mediaType: prepared.mediaType,
    width: prepared.width,
    height: prepared.height,
    dpi: { x: prepared.dpi.x, y: prepared.dpi.y },
    colorMode: prepared.colorMode,
    ocr,
  };
}

const v = (f: DraftField): string | null => f.value;

/** A readable title for a draft: "QUYẾT ĐỊNH 146/QĐ-UBND: <trích yếu>", or the file name. */
export function draftTitle(m: DraftMetadata, fallback: string): string {
  const numberSymbol =
    v(m.number) !== null && v(m.symbol) !== null ? `${v(m.number)}/${v(m.symbol)}` : v(m.symbol);
  const head = [v(m.docType), numberSymbol].filter((x): x is string => x !== null).join(' ');
  const summary = v(m.summary);
  if (head === '' && summary === null) return fallback;
  if (summary === null) return head;
  return head === '' ? summary : `${head}: ${summary}`;
}

function pdfMetadata(
  m: DraftMetadata,
  pageCount: number,
  ctx: AssembleContext & { seq: number },
): PdfMetadata {
  return {
    title: draftTitle(m, `${ctx.dossierCode}.${ctx.seq}`),
    creator: v(m.organ) ?? ctx.archive.name,
    ...(v(m.summary) !== null ? { subject: v(m.summary) ?? '' } : {}),
    language: 'vi',
    documentId: ctx.documentId(ctx.seq),
    createdAt: ctx.now,
    producer: ctx.producer,
    record: {
      arcFileCode: `${ctx.archive.code}.${ctx.dossierCode}`,
      docOrdinal: ctx.seq,
      typeName: v(m.docTypeCode),
      codeNumber: v(m.number),
      codeNotation: v(m.symbol),
      issuedDate: v(m.date),
      organName: v(m.organ),
      subject: v(m.summary),
      language: '01',
      numberOfPage: pageCount,
      confidenceLevel: '02',
      status: 'draft',
    },
    draft: Object.fromEntries(
      (Object.entries(m) as [string, DraftField | undefined][]).flatMap(([k, f]) =>
        f === undefined ? [] : [[k, { value: f.value, confidence: f.confidence }]],
      ),
    ),
  };
}
