/**
 * Reading pages: the page record with its findings and OCR text, and which blob serves its
 * master image, clean image or OCR JSON. Each read passes the access decision first
 * (access/draft-access.ts): 403 `access.forbidden` for a viewer who may not read the page.
 */
import { draftModes, type Viewer } from '../../core/domain/access.js';
import type { PrismaClient } from '../../core/db/client.js';
import type { PageDetail } from '../contracts.js';
import { HttpError, notFound } from '../errors.js';
import { assertMayRead, assertMayReadPageRow, PAGE_ACCESS_SELECT } from './access/draft-access.js';

/**
 * Page `id` with findings, errors, OCR text and its place in a document. Throws `page.not_found`,
 * `access.forbidden`.
 */
export async function getPage(db: PrismaClient, viewer: Viewer, id: string): Promise<PageDetail> {
  const p = await db.page.findUnique({
    where: { id },
    include: {
      dossier: PAGE_ACCESS_SELECT.dossier,
      document: { include: PAGE_ACCESS_SELECT.document.select },
    },
  });
  if (p === null) throw notFound('page', id);
  assertMayReadPageRow(viewer, id, p);
  return {
    id: p.id,
    batchId: p.batchId,
    dossierId: p.dossierId,
    uploadId: p.uploadId,
    frameIndex: p.frameIndex,
    status: p.status,
    attempts: p.attempts,
    errorCode: p.errorCode,
    errorMessage: p.errorMessage,
    errorHint: p.errorHint,
    width: p.width,
    height: p.height,
    dpi:
      p.dpiX === null || p.dpiY === null
        ? null
        : { x: p.dpiX, y: p.dpiY, tag: p.dpiTag, source: p.dpiSource, suspect: p.dpiSuspect },
    colorMode: p.colorMode,
    bitsPerSample: p.bitsPerSample,
    findings: {
      rotationDeg: p.rotationDeg,
      rotationConfidence: p.rotationConfidence,
      rotationApplied: p.rotationApplied,
      skewDeg: p.skewDeg,
      isBlank: p.isBlank,
      isSeparator: p.isSeparator,
    },
    ocrText: p.ocrText,
    ocrMeanConfidence: p.ocrMeanConfidence,
    ocrWordCount: p.ocrWordCount,
    hasOcr: p.ocrSha256 !== null,
    hasCleanImage: p.imageSha256 !== null,
    document:
      p.document === null ? null : { id: p.document.documentId, position: p.document.position },
    processedAt: p.processedAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
  };
}

export interface BlobRef {
  readonly sha256: string;
  readonly mediaType: string;
  readonly fileName: string;
}

/**
 * The blob of page `id`'s image: `master` is the original upload file (all its frames, byte for
 * byte), `clean` the upright, deskewed page. Throws `page.not_found`, `page.image_missing` (404),
 * `access.forbidden`.
 */
export async function pageImage(
  db: PrismaClient,
  viewer: Viewer,
  id: string,
  variant: 'master' | 'clean',
): Promise<BlobRef> {
  const p = await db.page.findUnique({
    where: { id },
    select: {
      ...PAGE_ACCESS_SELECT,
      imageSha256: true,
      imageMediaType: true,
      upload: { select: { sha256: true, mediaType: true, originalName: true } },
    },
  });
  if (p === null) throw notFound('page', id);
  assertMayReadPageRow(viewer, id, p);
  if (variant === 'master') {
    return {
      sha256: p.upload.sha256,
      mediaType: p.upload.mediaType,
      fileName: p.upload.originalName ?? p.upload.sha256,
    };
  }
  if (p.imageSha256 === null || p.imageMediaType === null) {
    throw new HttpError(404, 'page.image_missing', {
      message: `Trang ${id} chưa có ảnh đã làm sạch (chưa xử lý xong) / Page ${id} has no clean image yet (not processed)`,
      hint: 'Chờ xử lý xong, hoặc xem ảnh gốc (variant=master) / Wait for processing, or view the master (variant=master)',
    });
  }
  const ext = p.imageMediaType === 'image/png' ? 'png' : 'jpg';
  return { sha256: p.imageSha256, mediaType: p.imageMediaType, fileName: `${id}.${ext}` };
}

/**
 * The OCR JSON blob of page `id`. Throws `page.not_found`, `page.ocr_missing` (404),
 * `access.forbidden`.
 */
export async function pageOcr(db: PrismaClient, viewer: Viewer, id: string): Promise<BlobRef> {
  const p = await db.page.findUnique({
    where: { id },
    select: { ...PAGE_ACCESS_SELECT, ocrSha256: true },
  });
  if (p === null) throw notFound('page', id);
  assertMayReadPageRow(viewer, id, p);
  if (p.ocrSha256 === null) {
    throw new HttpError(404, 'page.ocr_missing', {
      message: `Trang ${id} chưa được nhận dạng chữ (OCR) / Page ${id} has no OCR result yet`,
      hint: 'Chờ trang xử lý xong / Wait until the page is processed',
    });
  }
  return { sha256: p.ocrSha256, mediaType: 'application/json', fileName: `${id}.ocr.json` };
}

/**
 * The PDF of document `id`. Throws `document.not_found`, `document.pdf_missing` (404),
 * `access.forbidden`.
 */
export async function documentPdf(db: PrismaClient, viewer: Viewer, id: string): Promise<BlobRef> {
  const d = await db.document.findUnique({
    where: { id },
    select: {
      pdfSha256: true,
      pdfName: true,
      seq: true,
      accessModeCode: true,
      dossier: { select: { code: true, accessModeCode: true } },
    },
  });
  if (d === null) throw notFound('document', id);
  assertMayRead(
    viewer,
    { kind: 'document', id, seq: d.seq, code: d.dossier.code },
    draftModes(d.dossier.accessModeCode, d.accessModeCode),
  );
  if (d.pdfSha256 === null) {
    throw new HttpError(404, 'document.pdf_missing', {
      message: `Tài liệu ${id} chưa có tệp PDF / Document ${id} has no PDF yet`,
      hint: 'Chờ ghép hồ sơ xong / Wait until the dossier is assembled',
    });
  }
  return {
    sha256: d.pdfSha256,
    mediaType: 'application/pdf',
    fileName: d.pdfName ?? `${d.dossier.code}.${d.seq}.pdf`,
  };
}
