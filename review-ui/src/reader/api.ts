/** The reader api: search, one record, the fonds list. Every function throws what getJson throws. */
import { getJson, type RequestOptions } from '../api/client.js';
import type { SearchQuery } from './search-params.js';
import type { Fonds, RecordDetail, SearchResult } from './types.js';

const seg = encodeURIComponent;

/** `GET /api/catalogue/search` with the query's parameters and the cursor of a next page. */
export const searchCatalogue = (
  q: SearchQuery,
  cursor: string | null,
  opts?: RequestOptions,
): Promise<SearchResult> => {
  const params = toSearchParams(q);
  if (cursor !== null) params.set('cursor', cursor);
  return getJson<SearchResult>(`/api/catalogue/search?${params.toString()}`, opts);
};

/** The api parameters of a search (years become partial dates). */
export function toSearchParams(q: SearchQuery): URLSearchParams {
  const p = new URLSearchParams();
  if (q.q !== '') p.set('q', q.q);
  if (q.diacritics !== 'auto') p.set('diacritics', q.diacritics);
  if (q.fonds !== '') p.set('fonds', q.fonds);
  if (q.type !== '') p.set('type', q.type);
  if (q.organ !== '') p.set('organ', q.organ);
  if (q.yearFrom !== '') p.set('dateFrom', q.yearFrom);
  if (q.yearTo !== '') p.set('dateTo', q.yearTo);
  if (q.sort !== '') p.set('sort', q.sort);
  return p;
}

export const getRecord = (
  id: string,
  version: number | null,
  opts?: RequestOptions,
): Promise<RecordDetail> =>
  getJson<RecordDetail>(
    `/api/catalogue/records/${seg(id)}${version === null ? '' : `?version=${version}`}`,
    opts,
  );

export const listFonds = (opts?: RequestOptions): Promise<{ items: Fonds[] }> =>
  getJson<{ items: Fonds[] }>('/api/catalogue/fonds', opts);

export const recordPdfUrl = (id: string, version: number): string =>
  `/api/catalogue/records/${seg(id)}/pdf?version=${version}`;
