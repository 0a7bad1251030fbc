/**
 * Shapes of the review api as the dossier workspace reads and writes them, written by hand from
 * the team plan (/work/review-plan.md, issue 6) while the api is being written. When the api's
 * contracts land, these should become `import type` of `api/contracts/review.ts`.
 */
import type {
  DossierStatus,
  DocumentMetadata,
  DocumentStatus,
  Draft,
  PageStatus,
  RejectReason,
  UserRef,
} from '../api/types.js';

export type { RejectReason, UserRef };

export interface ReviewerUser extends UserRef {
  username: string;
  role: string;
}

/** A drafted dossier field: value and confidence 0–1 (no sources: it comes from the documents). */
export interface DossierDraftField {
  value: string | null;
  confidence: number;
}

export interface DossierDraft {
  title: DossierDraftField;
  startDate: DossierDraftField;
  endDate: DossierDraftField;
  totalDocs: number;
  pageCount: number;
}

export const REJECT_REASONS: readonly RejectReason[] = [
  'rescan',
  'missing_page',
  'wrong_order',
  'illegible',
  'other',
];

export interface WorkspaceDossier {
  id: string;
  code: string;
  title: string;
  fondsCode: string | null;
  fondsName: string | null;
  status: DossierStatus;
  /** Bumped by every change in the dossier; every write sends the one last seen */
  version: number;
  highUse: boolean;
  expectedPages: number | null;
  inventoryNo: string | null;
  boxNo: string | null;
  fileNo: string | null;
  maintenanceCode: string | null;
  accessModeCode: string | null;
  languageCodes: string[];
  /** Partial ISO dates: YYYY, YYYY-MM or YYYY-MM-DD */
  startDate: string | null;
  endDate: string | null;
  keywords: string | null;
  totalDocs: number | null;
  sheetCount: number | null;
  pageCount: number | null;
  physicalConditionCode: string | null;
  description: string | null;
  draft: DossierDraft | null;
  assignedTo: UserRef | null;
  reviewMessage: string | null;
  rejectReason: RejectReason | null;
  rejectNote: string | null;
  rejectedAt: string | null;
  approvedAt: string | null;
  approvedBy: UserRef | null;
  /** Set when the catalogue records and signed PDFs of the approved version exist */
  cataloguedAt: string | null;
  lastEditor: UserRef | null;
}

/** The editable TT 05 fields of a document, as the workspace sends them. */
export interface DocumentFields extends DocumentMetadata {
  secrecyCode: string | null;
  urgencyCode: string | null;
  languageCodes: string[];
  pageCount: number | null;
  accessModeCode: string | null;
  maintenanceCode: string | null;
  keywords: string | null;
  autograph: string | null;
  physicalConditionCode: string | null;
  description: string | null;
  inforSign: string | null;
}

export interface WorkspaceDocument {
  id: string;
  seq: number;
  version: number;
  status: DocumentStatus;
  boundaryConfidence: number | null;
  draft: Draft | null;
  /** Pages in document order */
  pageIds: string[];
  fields: DocumentFields;
  pdfName: string | null;
  hasPdf: boolean;
}

export type Rotation = 0 | 90 | 180 | 270;

export interface WorkspacePage {
  id: string;
  /** Scan order across the dossier's batches */
  index: number;
  width: number | null;
  height: number | null;
  rotationDeg: number | null;
  /** Reviewer's extra clockwise quarter turn, applied by the IIIF service */
  reviewRotation: Rotation;
  /** Effective: the reviewer's mark, else the pipeline's finding */
  isBlank: boolean;
  isSeparator: boolean;
  /** 0–100 */
  ocrMeanConfidence: number | null;
  ocrWordCount: number | null;
  status: PageStatus;
  documentId: string | null;
  /** The page this one is byte-identical to (same bytes at another seq of the batch), or null */
  identicalToPageId: string | null;
}

/** `GET /api/dossiers/{code}/workspace`, and the answer of every write of the workspace. */
export interface Workspace {
  dossier: WorkspaceDossier;
  documents: WorkspaceDocument[];
  pages: WorkspacePage[];
  /** Draft fields below this confidence (0–1) need checking */
  lowConfidence: number;
  twoPersonRule: boolean;
}

/** Body of `PUT /api/dossiers/{code}/structure`. */
export interface StructureBody {
  version: number;
  documents: { id: string | null; pageIds: string[] }[];
  pages?: PageOverride[];
}

export interface PageOverride {
  id: string;
  reviewRotation?: Rotation;
  blank?: boolean | null;
  separator?: boolean | null;
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface OcrWord {
  text: string;
  bbox: Box;
  /** 0–100 */
  confidence: number;
  line: number;
}

/** `GET /api/pages/{id}/ocr` (the parts the viewer reads). Boxes are in clean-image pixels. */
export interface PageOcr {
  width: number;
  height: number;
  words: OcrWord[];
}

export interface PresenceAnswer {
  others: (UserRef & { since: string })[];
}

export interface AuditItem {
  id: string;
  at: string;
  actor: { type: string; id: string | null; name: string | null } | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  /** True when the event is about a document the person may not read: no values */
  restricted?: boolean;
}

export interface AuditPage {
  items: AuditItem[];
  nextCursor: string | null;
}
