/**
 * What the UI makes of record statuses: their labels, their badge colour, and whether work is
 * still going on (which decides how often a screen refreshes itself).
 */
import type {
  BatchStatus,
  BatchSummary,
  DocumentStatus,
  DossierDetail,
  DossierStatus,
  DossierSummary,
  PageStatus,
} from '../api/types.js';
import type { MessageKey } from '../i18n/messages.js';

export type StatusKind = 'dossier' | 'batch' | 'page' | 'document';

/** Badge colours: `busy` work in progress, `attention` waiting for a person, `ok`, `bad`, `idle`. */
export type Tone = 'idle' | 'busy' | 'attention' | 'ok' | 'bad';

interface StatusInfo {
  readonly label: MessageKey;
  readonly tone: Tone;
}

const DOSSIER: Record<DossierStatus, StatusInfo> = {
  registered: { label: 'dossierStatus.registered', tone: 'idle' },
  scanning: { label: 'dossierStatus.scanning', tone: 'busy' },
  processing: { label: 'dossierStatus.processing', tone: 'busy' },
  in_review: { label: 'dossierStatus.in_review', tone: 'attention' },
  approved: { label: 'dossierStatus.approved', tone: 'ok' },
  rejected: { label: 'dossierStatus.rejected', tone: 'bad' },
};

const BATCH: Record<BatchStatus, StatusInfo> = {
  open: { label: 'batchStatus.open', tone: 'busy' },
  closed: { label: 'batchStatus.closed', tone: 'busy' },
  assembling: { label: 'batchStatus.assembling', tone: 'busy' },
  assembled: { label: 'batchStatus.assembled', tone: 'ok' },
  failed: { label: 'batchStatus.failed', tone: 'bad' },
};

const PAGE: Record<PageStatus, StatusInfo> = {
  queued: { label: 'pageStatus.queued', tone: 'idle' },
  processing: { label: 'pageStatus.processing', tone: 'busy' },
  done: { label: 'pageStatus.done', tone: 'ok' },
  failed: { label: 'pageStatus.failed', tone: 'bad' },
};

const DOCUMENT: Record<DocumentStatus, StatusInfo> = {
  draft: { label: 'documentStatus.draft', tone: 'idle' },
  in_review: { label: 'documentStatus.in_review', tone: 'attention' },
  approved: { label: 'documentStatus.approved', tone: 'ok' },
  rejected: { label: 'documentStatus.rejected', tone: 'bad' },
};

const TABLES: Record<StatusKind, Readonly<Record<string, StatusInfo>>> = {
  dossier: DOSSIER,
  batch: BATCH,
  page: PAGE,
  document: DOCUMENT,
};

/**
 * Label key and tone of a status, or undefined for a status this UI does not know yet (a newer
 * api): the caller then shows the raw value rather than hiding it.
 */
export function statusInfo(kind: StatusKind, status: string): StatusInfo | undefined {
  return Object.hasOwn(TABLES[kind], status) ? TABLES[kind][status] : undefined;
}

/** Every status of every kind, for tests and legends. */
export const ALL_STATUSES: Readonly<Record<StatusKind, readonly string[]>> = {
  dossier: Object.keys(DOSSIER),
  batch: Object.keys(BATCH),
  page: Object.keys(PAGE),
  document: Object.keys(DOCUMENT),
};

const ACTIVE_DOSSIER: ReadonlySet<string> = new Set<DossierStatus>(['scanning', 'processing']);
const ACTIVE_BATCH: ReadonlySet<string> = new Set<BatchStatus>(['open', 'closed', 'assembling']);

const batchBusy = (b: BatchSummary): boolean =>
  ACTIVE_BATCH.has(b.status) || b.pageCounts.queued > 0 || b.pageCounts.processing > 0;

/** Refresh periods: quick while pages move through the pipeline, slow otherwise. */
export const POLL_MS = { active: 3000, idle: 10000 } as const;

/**
 * How long the dossier list waits before refreshing. It never stops: a file dropped into the hot
 * folder creates a dossier that no item on screen announces.
 */
export const dossierListPollMs = (items: readonly DossierSummary[]): number =>
  items.some((d) => ACTIVE_DOSSIER.has(d.status)) ? POLL_MS.active : POLL_MS.idle;

/** How long a dossier's page waits before refreshing, or null once nothing can change by itself. */
export const dossierPollMs = (d: DossierDetail): number | null =>
  ACTIVE_DOSSIER.has(d.status) || d.batches.some(batchBusy) ? POLL_MS.active : null;
