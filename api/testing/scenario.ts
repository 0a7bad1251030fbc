/**
 * Test support for the api's integration tests: a dossier scanned through the api, and the rows
 * and blobs the dossier assembly would write, so read routes can be tested without the workers.
 */
import { randomUUID } from 'node:crypto';
import type { Batch, UploadResult } from '../contracts.js';
import { grayPng } from './files.js';
import { contentDigest, type Harness } from './harness.js';

export interface Scanned {
  batch: Batch;
  upload: UploadResult;
  png: Buffer;
  code: string;
}

/** A dossier with one batch and one uploaded page. */
export async function scanned(
  h: Harness,
  code = `HS.${randomUUID().slice(0, 8)}`,
): Promise<Scanned> {
  const res = await h.app.request('/api/batches', {
    method: 'POST',
    headers: { ...h.auth, 'content-type': 'application/json' },
    body: JSON.stringify({ dossierCode: code }),
  });
  const batch = (await res.json()) as Batch;
  const png = grayPng(40, 30, code.length);
  const up = await h.app.request(`/api/batches/${batch.id}/uploads/0`, {
    method: 'PUT',
    headers: { ...h.auth, 'content-type': 'image/png', 'content-digest': contentDigest(png) },
    body: new Uint8Array(png),
  });
  return { batch, upload: (await up.json()) as UploadResult, png, code };
}

/** What the assembly would write: a document over the page, with a draft and a PDF blob. */
export async function assembled(h: Harness, s: Scanned, pdf?: Buffer) {
  const pageId = s.upload.pageIds[0] ?? '';
  await h.db.page.update({
    where: { id: pageId },
    data: {
      status: 'done',
      width: 40,
      height: 30,
      dpiX: 300,
      dpiY: 300,
      skewDeg: 1.5,
      rotationDeg: 0,
      isBlank: false,
      isSeparator: false,
      ocrMeanConfidence: 91,
    },
  });
  const stored = pdf === undefined ? null : await h.blobs.put(pdf);
  return h.db.document.create({
    data: {
      dossierId: s.batch.dossierId,
      batchId: s.batch.id,
      seq: 1,
      typeCode: '10',
      codeNumber: '146',
      codeNotation: 'KH-UBND',
      subject: 'Kế hoạch số hóa tài liệu lưu trữ',
      pageCount: 1,
      draft: {
        number: {
          value: '146',
          confidence: 0.93,
          sources: [{ page: 0, boxes: [{ x0: 1, y0: 2, x1: 3, y1: 4 }] }],
        },
      },
      pdfSha256: stored?.sha256 ?? null,
      pdfBytes: stored?.bytes ?? null,
      pdfName: stored === null ? null : `${s.code}.1.pdf`,
      pages: { create: [{ pageId, position: 1 }] },
    },
  });
}

/** Opens a batch for a new dossier through the api. */
export async function openBatch(h: Harness, dossierCode = `HS-${randomUUID()}`): Promise<Batch> {
  const res = await h.app.request('/api/batches', {
    method: 'POST',
    headers: { ...h.auth, 'content-type': 'application/json' },
    body: JSON.stringify({ dossierCode }),
  });
  if (res.status !== 201) throw new Error(`opening a batch answered ${res.status}`);
  return (await res.json()) as Batch;
}

export interface PutOptions {
  type?: string;
  digest?: string;
  name?: string;
  headers?: Record<string, string>;
  app?: Harness['app'];
}

/** `PUT /api/batches/{id}/uploads/{seq}` as the agent sends it: right digest unless told otherwise. */
export async function putUpload(
  h: Harness,
  batchId: string,
  seq: number,
  bytes: Buffer,
  o: PutOptions = {},
): Promise<Response> {
  return (o.app ?? h.app).request(`/api/batches/${batchId}/uploads/${seq}`, {
    method: 'PUT',
    headers: {
      ...h.auth,
      'content-type': o.type ?? 'image/png',
      'content-digest': o.digest ?? contentDigest(bytes),
      ...(o.name === undefined ? {} : { 'x-file-name': o.name }),
      ...o.headers,
    },
    body: new Uint8Array(bytes),
  });
}
