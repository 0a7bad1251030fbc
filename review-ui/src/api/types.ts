/**
 * Response shapes of the sohoa api as the review UI reads them. They mirror the api's contract by
 * hand until the UI can `import type` the api's own types; fields the UI can live without are
 * optional so that an older or newer api still renders.
 */

export type DossierStatus =
  'registered' | 'scanning' | 'processing' | 'in_review' | 'approved' | 'rejected';

export type BatchStatus = 'open' | 'closed' | 'assembling' | 'assembled' | 'failed';

export type PageStatus = 'queued' | 'processing' | 'done' | 'failed';

export type DocumentStatus = 'draft' | 'in_review' | 'approved' | 'rejected';

/** The error body every failing api route returns. Message and hint are "Tiếng Việt / English". */
export interface ApiErrorBody {
  code: string;
  message: string;
  hint?: string;
}

/** Why a reviewer sent a dossier back to the operators. */
export type RejectReason = 'rescan' | 'missing_page' | 'wrong_order' | 'illegible' | 'other';

export interface DossierSummary {
  id: string;
  code: string;
  /** Null when the person's role may not read the dossier (see accessModeCode) */
  title: string | null;
  status: DossierStatus;
  /** Mức độ tiếp cận of the dossier (TT 05 `mode`): access/access.ts decides with it */
  accessModeCode?: string;
  fondsCode?: string | null;
  pageCount?: number | null;
  documentCount?: number | null;
  /** ISO 8601 instant */
  updatedAt: string;
  /** Set while the dossier is rejected */
  rejectReason?: RejectReason | null;
  rejectNote?: string | null;
  /** ISO 8601 instant */
  rejectedAt?: string | null;
  /** Who rejected it, when the api sends it */
  rejectedBy?: UserRef | null;
}

export interface DossierPage {
  items: DossierSummary[];
  /** Opaque; null on the last page */
  nextCursor: string | null;
}

export interface PageCounts {
  queued: number;
  processing: number;
  done: number;
  failed: number;
}

export interface BatchSummary {
  id: string;
  status: BatchStatus;
  /** ISO 8601 instant */
  openedAt: string;
  closedAt: string | null;
  pageCounts: PageCounts;
  errorCode?: string | null;
  errorMessage?: string | null;
}

export interface DocumentSummary {
  id: string;
  seq: number;
  status: DocumentStatus;
  typeCode: string | null;
  codeNumber: string | null;
  codeNotation: string | null;
  /** Partial ISO date: YYYY-MM-DD, YYYY-MM or YYYY */
  issuedDate: string | null;
  organName: string | null;
  subject: string | null;
  pageCount: number;
  pdfName: string | null;
  /** The document's own mức độ tiếp cận (null: its dossier's); both govern it (access/access.ts) */
  accessModeCode?: string | null;
  dossierAccessModeCode?: string;
}

export interface DossierDetail {
  id: string;
  code: string;
  title: string;
  status: DossierStatus;
  fondsCode?: string | null;
  batches: BatchSummary[];
  documents: DocumentSummary[];
}

export interface BatchPage {
  id: string;
  status: PageStatus;
  errorCode: string | null;
  errorMessage: string | null;
  errorHint: string | null;
  /** File name the scanner gave the upload, when the api sends it */
  originalName?: string | null;
  /** Frame inside a multi-page upload, from 0 */
  frameIndex?: number | null;
}

export interface BatchDetail extends BatchSummary {
  pages: BatchPage[];
}

/** Where a draft value was read: page index in the document and word boxes on that page. */
export interface DraftSource {
  page: number;
  boxes: unknown[];
}

export interface DraftField {
  value: string | null;
  /** 0–1 */
  confidence: number;
  sources: DraftSource[];
}

export type Draft = Record<string, DraftField | undefined>;

export interface DocumentPageInfo {
  id: string;
  /** Order in the document, from 0 */
  position: number;
  width: number | null;
  height: number | null;
  /** Clockwise quarter turn applied to make the page upright */
  rotationDeg: number | null;
  /** Measured skew before correction, counter-clockwise positive */
  skewDeg: number | null;
  isBlank: boolean | null;
  isSeparator: boolean | null;
  /** 0–100 (tesseract's scale) */
  ocrMeanConfidence: number | null;
}

/**
 * The TT 05/2025 fields every full view of a document reads (the metadata table and the
 * workspace's form): type, number and notation, date and place, issuing body, subject, signer.
 */
export interface DocumentMetadata {
  typeCode: string | null;
  codeNumber: string | null;
  codeNotation: string | null;
  /** Partial ISO date: YYYY-MM-DD, YYYY-MM or YYYY */
  issuedDate: string | null;
  place: string | null;
  organName: string | null;
  organParent: string | null;
  subject: string | null;
  signerAuthority: string | null;
  signerTitle: string | null;
  signerName: string | null;
}

export interface DocumentDetail extends DocumentMetadata {
  id: string;
  seq: number;
  status: DocumentStatus;
  dossierCode: string;
  pageCount: number;
  pdfName: string | null;
  pdfSha256: string | null;
  draft: Draft | null;
  pages: DocumentPageInfo[];
}

export interface PageDetail {
  id: string;
  status?: PageStatus;
  ocrText: string | null;
  /** 0–100 */
  ocrMeanConfidence: number | null;
}

export interface CodeEntry {
  code: string;
  vi: string;
  en: string;
}

export interface CodeLists {
  docType: CodeEntry[];
  [list: string]: CodeEntry[] | undefined;
}

/** The four roles of people (enum Role). */
export type Role = 'operator' | 'reviewer' | 'manager' | 'admin';

/** A person as other records name them. */
export interface UserRef {
  id: string;
  displayName: string;
}

/** The signed-in person. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

/** `POST /api/session` and `GET /api/session`. */
export interface SessionInfo {
  user: SessionUser;
  /** Sent back in `X-CSRF-Token` on every unsafe request */
  csrfToken: string;
}

/** One dossier waiting in `GET /api/review/queue`. */
export interface QueueItem {
  id: string;
  code: string;
  title: string;
  fondsCode: string | null;
  highUse: boolean;
  /** ISO 8601 instant */
  inReviewAt: string | null;
  documentCount: number;
  pageCount: number;
  /** Mean OCR confidence of the pages, 0–100 (tesseract's scale); null when none */
  ocrConfidence: number | null;
  /** Mean draft-field confidence of the documents, 0–1; null when none */
  draftConfidence: number | null;
  /** Draft fields with a value and confidence below 0.6 */
  lowConfidenceFields: number;
  assignedTo: UserRef | null;
  reviewMessage: string | null;
  /** Who has the dossier open right now */
  openBy: UserRef[];
}

export interface QueuePage {
  items: QueueItem[];
  nextCursor: string | null;
}

/** A person's account as `/api/admin/users` returns it. */
export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
  /** ISO 8601 instant */
  lastLoginAt: string | null;
  /** ISO 8601 instant */
  createdAt: string;
}

export interface Workstation {
  id: string;
  name: string;
  location: string | null;
  active: boolean;
  /** ISO 8601 instant */
  lastSeenAt: string | null;
  /** ISO 8601 instant */
  createdAt: string;
}

/** A workstation with its bearer token: the only answer that ever holds the token. */
export interface WorkstationToken {
  workstation: Workstation;
  token: string;
}

export interface ItemList<T> {
  items: T[];
}
