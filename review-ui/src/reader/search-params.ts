/**
 * The search as the URL holds it (/tra-cuu?q=…&fonds=…), so that a search can be bookmarked,
 * shared and gone back to. Pure, for tests.
 */
export interface SearchQuery {
  q: string;
  diacritics: 'auto' | 'ignore' | 'match';
  fonds: string;
  type: string;
  organ: string;
  /** Four digits, or empty */
  yearFrom: string;
  yearTo: string;
  /** '' = the api's default (relevance with words, newest without) */
  sort: '' | 'relevance' | 'newest' | 'oldest';
}

export const EMPTY_QUERY: SearchQuery = {
  q: '',
  diacritics: 'auto',
  fonds: '',
  type: '',
  organ: '',
  yearFrom: '',
  yearTo: '',
  sort: '',
};

const year = (v: string | null): string => (v !== null && /^\d{4}$/.test(v.trim()) ? v.trim() : '');

/** The search a URL's query string names; anything malformed is left out. */
export function parseSearch(params: URLSearchParams): SearchQuery {
  const d = params.get('dau');
  const sort = params.get('sap');
  return {
    q: (params.get('q') ?? '').slice(0, 500),
    diacritics: d === 'ignore' || d === 'match' ? d : 'auto',
    fonds: params.get('phong') ?? '',
    type: /^\d{2}$/.test(params.get('loai') ?? '') ? (params.get('loai') ?? '') : '',
    organ: (params.get('coquan') ?? '').slice(0, 200),
    yearFrom: year(params.get('tu')),
    yearTo: year(params.get('den')),
    sort: sort === 'relevance' || sort === 'newest' || sort === 'oldest' ? sort : '',
  };
}

/** `/tra-cuu?…` for a search (Vietnamese parameter names, empty ones left out). */
export function searchPath(q: SearchQuery): string {
  const p = new URLSearchParams();
  const set = (k: string, v: string) => {
    if (v !== '') p.set(k, v);
  };
  set('q', q.q.trim());
  if (q.diacritics !== 'auto') p.set('dau', q.diacritics);
  set('phong', q.fonds);
  set('loai', q.type);
  set('coquan', q.organ.trim());
  set('tu', q.yearFrom);
  set('den', q.yearTo);
  set('sap', q.sort);
  const s = p.toString();
  return s === '' ? '/tra-cuu' : `/tra-cuu?${s}`;
}

/** Whether the search asks for anything (an empty one lists the newest records). */
export const isEmptySearch = (q: SearchQuery): boolean =>
  JSON.stringify({ ...q, diacritics: 'auto', sort: '' }) === JSON.stringify(EMPTY_QUERY);
