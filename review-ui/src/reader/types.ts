/**
 * The reader api's answers as the UI reads them (api/contracts/catalogue.ts), mirrored by hand
 * like api/types.ts; fields the screens can do without are optional.
 */
export interface SnippetSegment {
  text: string;
  hit: boolean;
}

export interface RecordSummary {
  documentId: string;
  recordId: string;
  version: number;
  latest: boolean;
  title: string;
  typeCode: string | null;
  typeName: string | null;
  codeNumber: string | null;
  codeNotation: string | null;
  issuedDate: string | null;
  organName: string | null;
  subject: string | null;
  fondsCode: string;
  fondsName: string | null;
  dossierId: string;
  fileCode: string | null;
  dossierTitle: string | null;
  docCode: string | null;
  pageCount: number | null;
  accessMode: string;
  catalogedAt: string;
}

export interface SearchHit extends RecordSummary {
  snippet: SnippetSegment[] | null;
}

export interface SearchResult {
  items: SearchHit[];
  nextCursor: string | null;
  total: { count: number; exact: boolean };
  sort: 'relevance' | 'newest' | 'oldest';
  folded: boolean;
  matchedBy: 'text' | 'number' | 'filters';
  rankWindowExceeded: boolean;
}

type Value = string | number | boolean | string[] | null;

export interface RecordDetail extends RecordSummary {
  document: Record<string, Value>;
  dossier: Record<string, Value>;
  other: Record<string, Value>;
  fullText: string;
  pdf: { name: string; bytes: number; sha256: string; signed: boolean };
  pages: { n: number; service: string }[];
  manifest: string;
  versions: { recordId: string; version: number; catalogedAt: string; approvedAt: string }[];
}

export interface Fonds {
  code: string;
  name: string;
}
