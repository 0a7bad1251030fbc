import { describe, expect, it } from 'vitest';
import type { BatchSummary, DossierDetail, DossierSummary } from '../api/types.js';
import { translate } from '../i18n/i18n.js';
import {
  ALL_STATUSES,
  POLL_MS,
  dossierListPollMs,
  dossierPollMs,
  statusInfo,
  type StatusKind,
} from './status.js';

const summary = (status: DossierSummary['status']): DossierSummary => ({
  id: status,
  code: status,
  title: status,
  status,
  updatedAt: '2025-07-01T00:00:00Z',
});

const batch = (over: Partial<BatchSummary>): BatchSummary => ({
  id: 'b1',
  status: 'assembled',
  openedAt: '2025-07-01T00:00:00Z',
  closedAt: '2025-07-01T01:00:00Z',
  pageCounts: { queued: 0, processing: 0, done: 10, failed: 0 },
  ...over,
});

const detail = (over: Partial<DossierDetail>): DossierDetail => ({
  id: 'd1',
  code: 'H49.1',
  title: 'Hồ sơ',
  status: 'in_review',
  batches: [batch({})],
  documents: [],
  ...over,
});

describe('statusInfo', () => {
  it('labels every status of every kind in both languages', () => {
    for (const kind of Object.keys(ALL_STATUSES) as StatusKind[]) {
      for (const s of ALL_STATUSES[kind]) {
        const info = statusInfo(kind, s);
        expect(info, `${kind} ${s}`).toBeDefined();
        if (info === undefined) continue;
        expect(translate('vi', info.label)).not.toBe('');
        expect(translate('en', info.label)).not.toBe('');
      }
    }
  });

  it('knows nothing of statuses a newer api may add, or of inherited names', () => {
    expect(statusInfo('dossier', 'archived')).toBeUndefined();
    expect(statusInfo('page', 'toString')).toBeUndefined();
  });

  it('separates work in progress from failures', () => {
    expect(statusInfo('dossier', 'processing')?.tone).toBe('busy');
    expect(statusInfo('page', 'failed')?.tone).toBe('bad');
    expect(statusInfo('dossier', 'in_review')?.tone).toBe('attention');
  });
});

describe('refresh periods', () => {
  it('refreshes the list quickly while a dossier is scanned or processed', () => {
    expect(dossierListPollMs([summary('approved'), summary('processing')])).toBe(POLL_MS.active);
    expect(dossierListPollMs([summary('scanning')])).toBe(POLL_MS.active);
  });

  it('keeps refreshing the list slowly otherwise, so new dossiers appear', () => {
    expect(dossierListPollMs([summary('approved'), summary('in_review')])).toBe(POLL_MS.idle);
    expect(dossierListPollMs([])).toBe(POLL_MS.idle);
    expect(POLL_MS.idle).toBeGreaterThan(POLL_MS.active);
  });

  it('refreshes a dossier while pages or batches still move', () => {
    expect(dossierPollMs(detail({ status: 'processing' }))).toBe(POLL_MS.active);
    expect(dossierPollMs(detail({ batches: [batch({ status: 'open' })] }))).toBe(POLL_MS.active);
    const queued = batch({ pageCounts: { queued: 1, processing: 0, done: 9, failed: 0 } });
    expect(dossierPollMs(detail({ batches: [queued] }))).toBe(POLL_MS.active);
  });

  it('stops refreshing a dossier once nothing changes by itself', () => {
    expect(dossierPollMs(detail({}))).toBeNull();
    const failed = batch({
      status: 'failed',
      pageCounts: { queued: 0, processing: 0, done: 3, failed: 2 },
    });
    expect(dossierPollMs(detail({ status: 'in_review', batches: [failed] }))).toBeNull();
  });
});
