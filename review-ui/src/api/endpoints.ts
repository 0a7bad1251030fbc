/**
 * One function per api route the UI reads, so that paths and their encoding live in one place.
 * Every function throws what {@link getJson} throws.
 */
import { getJson, type RequestOptions } from './client.js';
import type {
  BatchDetail,
  CodeLists,
  DocumentDetail,
  DossierDetail,
  DossierPage,
  PageDetail,
} from './types.js';

const seg = encodeURIComponent;

/** `GET /api/dossiers`: newest activity first, `limit` per page, `cursor` from the previous page. */
export function listDossiers(
  q: { limit: number; cursor?: string | null },
  opts?: RequestOptions,
): Promise<DossierPage> {
  const params = new URLSearchParams({ limit: String(q.limit) });
  if (q.cursor !== undefined && q.cursor !== null) params.set('cursor', q.cursor);
  return getJson<DossierPage>(`/api/dossiers?${params.toString()}`, opts);
}

export const getDossier = (code: string, opts?: RequestOptions): Promise<DossierDetail> =>
  getJson<DossierDetail>(`/api/dossiers/${seg(code)}`, opts);

export const getBatch = (id: string, opts?: RequestOptions): Promise<BatchDetail> =>
  getJson<BatchDetail>(`/api/batches/${seg(id)}`, opts);

export const getDocument = (id: string, opts?: RequestOptions): Promise<DocumentDetail> =>
  getJson<DocumentDetail>(`/api/documents/${seg(id)}`, opts);

export const getPage = (id: string, opts?: RequestOptions): Promise<PageDetail> =>
  getJson<PageDetail>(`/api/pages/${seg(id)}`, opts);

export const getCodeLists = (opts?: RequestOptions): Promise<CodeLists> =>
  getJson<CodeLists>('/api/code-lists', opts);

/** URL of a page image: `clean` is the upright, deskewed image that fed OCR and the PDF. */
export const pageImageUrl = (id: string, variant: 'clean' = 'clean'): string =>
  `/api/pages/${seg(id)}/image?variant=${variant}`;

export const documentPdfUrl = (id: string): string => `/api/documents/${seg(id)}/pdf`;
