/**
 * Every figure of the managers' dashboard computed by the api from a seeded history
 * (api/testing/progress-history.ts, on a database of this file's own) and compared with values
 * worked out by hand in the comments, the clock fixed at Tuesday 30/06/2026 10:00 (Vietnam).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import type {
  Burnup,
  Operators,
  PipelineHealth,
  Progress,
  Quality,
  Reviewers,
  Throughput,
} from './contracts/progress.js';
import { signIn, type TestLogin } from './testing/harness.js';
import { ownDatabase, type OwnDatabase } from './testing/own-database.js';
import { NOW, seedHistory, type History } from './testing/progress-history.js';
import { createUser } from './services/users.js';

let own: OwnDatabase;
let app: ReturnType<typeof createApp>;
let history: History;
let manager: TestLogin;

beforeAll(async () => {
  own = await ownDatabase('progress');
  history = await seedHistory(own.h.db);
  app = createApp({ ...own.h.deps, now: () => NOW });
  await createUser(
    own.h.db,
    { username: 'ql', displayName: 'Quản Lý', role: 'manager', password: 'mật khẩu quản lý 1' },
    null,
  );
  manager = await signIn(app, 'ql', 'mật khẩu quản lý 1');
});

afterAll(async () => {
  await own?.drop();
});

async function get<T>(path: string, as: TestLogin = manager): Promise<T> {
  const res = await app.request(path, { headers: as.headers });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

describe('GET /api/progress', () => {
  it('counts each fonds in its unit against the target', async () => {
    const p = await get<Progress>('/api/progress');
    expect(p.asOf).toBe('2026-06-30');
    const [pa, pb, pc] = p.fonds;
    // PA: 1000 pages entered → target 500. Catalogued A1 40 + A2 32 = 72.
    expect(pa).toMatchObject({
      code: 'PA',
      unit: 'pages',
      holdings: {
        pages: 1000,
        pagesSource: 'manual_pages',
        dossiers: 5,
        dossiersSource: 'inventory',
        inventoryDossiers: 5,
        inventorySized: 5,
      },
      // received 40+30+32+50+20; finished 40+30+32+48+20; approved A1 40 + A2 32 + A5 20
      pages: { scanned: 172, processed: 170, approved: 92, catalogued: 72 },
      // A4 never scanned; A3 assembled but in review; A5 approved, not catalogued
      dossiers: { scanned: 4, processed: 4, approved: 3, catalogued: 2 },
      target: 500,
      done: 72,
      highUse: { dossiers: 1, pages: 40, cataloguedDossiers: 1, cataloguedPages: 40 },
    });
    expect(pa?.percentOfHoldings).toBeCloseTo(7.2, 10);
    expect(pa?.percentOfTarget).toBeCloseTo(14.4, 10);
    // PB: inventory B1 100 pages + B2 60 sheets (B3 unsized) = 160 → target 80; B1 98 catalogued.
    expect(pb).toMatchObject({
      unit: 'pages',
      holdings: { pages: 160, pagesSource: 'inventory', dossiers: 3, inventorySized: 2 },
      pages: { scanned: 120, processed: 100, approved: 98, catalogued: 98 },
      dossiers: { scanned: 2, processed: 1, approved: 1, catalogued: 1 },
      target: 80,
      done: 98,
    });
    expect(pb?.percentOfHoldings).toBeCloseTo(61.25, 10);
    expect(pb?.percentOfTarget).toBeCloseTo(122.5, 10);
    // PC: no page count, 10 dossiers entered → counted in dossiers, target 5, C1 catalogued.
    expect(pc).toMatchObject({
      unit: 'dossiers',
      holdings: { pages: null, pagesSource: null, dossiers: 10, dossiersSource: 'manual' },
      target: 5,
      done: 1,
      pages: { catalogued: 10 },
    });
    expect(pc?.percentOfTarget).toBeCloseTo(20, 10);
  });

  it('sums the fonds counted in pages, with high-use progress apart', async () => {
    const p = await get<Progress>('/api/progress');
    // PA 1000 + PB 160 = 1160 pages → target 580; catalogued 72 + 98 = 170.
    expect(p.overall).toMatchObject({
      unit: 'pages',
      holdings: 1160,
      target: 580,
      done: 170,
      pages: { scanned: 292, processed: 270, approved: 190, catalogued: 170 },
      dossiers: { scanned: 7, processed: 6, approved: 5, catalogued: 4 },
      holdingsDossiers: 18,
      fondsWithoutPages: ['PC'],
    });
    expect(p.overall.percentOfHoldings).toBeCloseTo((170 / 1160) * 100, 10);
    expect(p.overall.percentOfTarget).toBeCloseTo((170 / 580) * 100, 10);
    // A1 (40 expected, 40 catalogued) and B1 (100 expected, 98 catalogued).
    expect(p.highUse).toMatchObject({
      dossiers: 2,
      pages: 140,
      cataloguedDossiers: 2,
      cataloguedPages: 138,
    });
    expect(p.highUse.percent).toBeCloseTo((138 / 140) * 100, 10);
  });

  it('forecasts the finish at the 28-day pace and the output the deadline needs', async () => {
    const { forecast: f } = await get<Progress>('/api/progress');
    // Window 03/06 … 30/06: 28 days, 20 working days. Catalogued in it: A2 32 (15/06) + B1 98
    // (26/06) = 130 pages (A1 on 02/06 is outside, C1 is counted in dossiers).
    expect(f.window).toEqual({
      from: '2026-06-03',
      to: '2026-06-30',
      days: 28,
      workingDays: 20,
      done: 130,
    });
    expect(f.rate.perWorkingDay).toBeCloseTo(6.5, 10);
    expect(f.rate.perCalendarDay).toBeCloseTo(130 / 28, 10);
    // 580 − 170 = 410 remain. Working days: ceil(410 × 20 / 130) = ceil(63.08) = 64 after Tuesday
    // 30/06: 12 weeks → Tuesday 22/09, then 23, 24, 25/09 and Monday 28/09.
    // Calendar: ceil(410 × 28 / 130) = ceil(88.3) = 89 days after 30/06 → 27/09.
    expect(f.remaining).toBe(410);
    expect(f.finish).toEqual({ working: '2026-09-28', calendar: '2026-09-27' });
    // 01/07 … 31/12: 184 days = 26 weeks (130 working days) + Wednesday 30 and Thursday 31/12.
    expect(f.daysLeft).toEqual({ working: 132, calendar: 184 });
    // ceil(410 / 132) = 4 pages a working day; ceil(410 / 184) = 3 a calendar day.
    expect(f.required).toEqual({ perWorkingDay: 4, perCalendarDay: 3 });
    expect(f).toMatchObject({ reached: false, reachedOn: null, overdue: false, onTrack: true });
  });

  it('gives the figures as of an earlier day', async () => {
    const p = await get<Progress>('/api/progress?date=2026-06-14');
    // Only A1 (40 pages) was catalogued by then; A2's rescan had been received (30 + 32).
    expect(p.overall).toMatchObject({
      done: 40,
      pages: { scanned: 102, processed: 102, approved: 40, catalogued: 40 },
    });
    // Window 18/05 … 14/06: A1's 40 pages in 20 working days → 2 a day; 540 remain → 270
    // working days; deadline: 15/06 … 31/12 = 200 days, 144 working days → ceil(540/144) = 4.
    expect(p.forecast.window).toMatchObject({ from: '2026-05-18', done: 40, workingDays: 20 });
    expect(p.forecast.required).toEqual({ perWorkingDay: 4, perCalendarDay: 3 });
    expect(
      (await app.request('/api/progress?date=2026-07-01', { headers: manager.headers })).status,
    ).toBe(400);
  });
});

describe('GET /api/progress/burnup', () => {
  it('accumulates each stage day by day beside the target', async () => {
    const b = await get<Burnup>('/api/progress/burnup');
    expect(b).toMatchObject({ unit: 'pages', holdings: 1160, target: 580, deadline: '2026-12-31' });
    // Starts on the first day anything of PA or PB was received (01/06; C1 is not in pages).
    expect(b.points[0]).toEqual({
      day: '2026-06-01',
      scannedPages: 40,
      processedPages: 40,
      approvedPages: 0,
      cataloguedPages: 0,
      cataloguedDossiers: 0,
    });
    const on = (d: string) => b.points.find((p) => p.day === d);
    expect(on('2026-06-02')).toMatchObject({ approvedPages: 40, cataloguedPages: 40 });
    expect(on('2026-06-15')).toMatchObject({
      scannedPages: 102,
      cataloguedPages: 72,
      cataloguedDossiers: 2,
    });
    expect(on('2026-06-21')).toMatchObject({ scannedPages: 152, processedPages: 150 });
    expect(b.points.at(-1)).toEqual({
      day: '2026-06-30',
      scannedPages: 292,
      processedPages: 270,
      approvedPages: 190,
      cataloguedPages: 170,
      cataloguedDossiers: 3,
    });
    expect(b.points).toHaveLength(30);
    const pc = await get<Burnup>('/api/progress/burnup?fonds=PC&from=2026-06-01');
    // PC alone, in dossiers: C1 catalogued before the series starts, carried in.
    expect(pc).toMatchObject({ fonds: 'PC', unit: 'dossiers', holdings: 10, target: 5 });
    expect(pc.points[0]).toMatchObject({
      day: '2026-06-01',
      cataloguedDossiers: 1,
      cataloguedPages: 10,
    });
  });
});

describe('GET /api/progress/throughput', () => {
  it('gives output per day and per week by stage', async () => {
    const d = await get<Throughput>('/api/progress/throughput?from=2026-06-01&to=2026-06-30');
    expect(d.rows).toHaveLength(30);
    const day = (x: string) => d.rows.find((r) => r.period === x);
    expect(day('2026-06-11')).toMatchObject({ rejectedDossiers: 1, scannedPages: 0 });
    expect(day('2026-06-12')).toMatchObject({
      scannedPages: 32,
      rescannedPages: 32,
      processedPages: 32,
    });
    expect(day('2026-06-21')).toMatchObject({ scannedPages: 0, processedPages: 48 });
    // B2 (20 received, not finished) and A5 (20 received, finished, approved with 20 pages)
    expect(day('2026-06-29')).toEqual({
      period: '2026-06-29',
      scannedPages: 40,
      rescannedPages: 0,
      processedPages: 20,
      approvedDossiers: 1,
      rejectedDossiers: 0,
      approvedPages: 20,
      cataloguedDossiers: 0,
      cataloguedPages: 0,
    });
    const w = await get<Throughput>(
      '/api/progress/throughput?from=2026-06-01&to=2026-06-30&by=week',
    );
    expect(w.rows.map((r) => r.period)).toEqual([
      '2026-06-01',
      '2026-06-08',
      '2026-06-15',
      '2026-06-22',
      '2026-06-29',
    ]);
    expect(w.rows[1]).toMatchObject({
      scannedPages: 62,
      rescannedPages: 32,
      processedPages: 62,
      rejectedDossiers: 1,
    });
    expect(w.rows[2]).toMatchObject({
      scannedPages: 50,
      processedPages: 48,
      approvedDossiers: 1,
      approvedPages: 32,
      cataloguedPages: 32,
    });
    expect(w.rows[3]).toMatchObject({
      scannedPages: 100,
      approvedPages: 98,
      cataloguedDossiers: 1,
      cataloguedPages: 98,
    });
  });
});

describe('GET /api/progress/operators and /reviewers', () => {
  it('charges pages, rescans and rejections to operators and workstations', async () => {
    const o = await get<Operators>('/api/progress/operators?from=2026-06-01&to=2026-06-30');
    const op = (name: string | null) => o.operators.find((x) => x.operator === name);
    // An: A1 40, A2's rescan 32 (after the rejection of 11/06), A5 20. C1 (May) is outside.
    expect(op('Nguyễn Văn An')).toEqual({
      operator: 'Nguyễn Văn An',
      batches: 3,
      pages: 92,
      rescannedPages: 32,
      rescanShare: 32 / 92,
      rejections: 0,
    });
    // Bình: A2's first scan (the rejected one) and B1.
    expect(op('Trần Thị Bình')).toEqual({
      operator: 'Trần Thị Bình',
      batches: 2,
      pages: 130,
      rescannedPages: 0,
      rescanShare: 0,
      rejections: 1,
    });
    expect(op('Lê Văn Cường')).toMatchObject({ batches: 1, pages: 20 });
    expect(op(null)).toMatchObject({ batches: 1, pages: 50, rejections: 0 });
    expect(o.operators).toHaveLength(4);
    const ws = (name: string | null) => o.workstations.find((x) => x.workstation === name);
    expect(ws('Máy quét 1')).toMatchObject({
      workstationId: history.workstations.WS1,
      batches: 4,
      pages: 142,
      rescannedPages: 32,
      rejections: 0,
    });
    expect(ws('Máy quét 2')).toMatchObject({ batches: 2, pages: 130, rejections: 1 });
    expect(ws(null)).toMatchObject({ workstationId: null, batches: 1, pages: 20 });
    expect(o.pairs).toHaveLength(4);
  });

  it("counts reviewers' decisions and distinct fields corrected", async () => {
    const r = await get<Reviewers>('/api/progress/reviewers?from=2026-06-01&to=2026-06-30');
    const by = (id: string) => r.reviewers.find((x) => x.userId === id);
    // R1: approved A1 and A2; corrected A2's title and its document's subject (twice) and organ.
    expect(by(history.users.R1)).toEqual({
      userId: history.users.R1,
      username: 'r1',
      displayName: 'Phạm Thị Duyệt',
      reviewed: 2,
      approved: 2,
      rejected: 0,
      fieldsCorrected: 3,
    });
    // R2: rejected A2, approved B1 and A5; corrected B1's number and keywords.
    expect(by(history.users.R2)).toMatchObject({
      reviewed: 3,
      approved: 2,
      rejected: 1,
      fieldsCorrected: 2,
    });
    expect(r.reviewers).toHaveLength(2);
  });
});

describe('GET /api/progress/quality', () => {
  it('gives the OCR distribution, corrected drafts, rejection reasons and rescans', async () => {
    const q = await get<Quality>('/api/progress/quality?from=2026-06-01&to=2026-06-30');
    // Text pages finished in June: 40@85, 30@55, 32@92, 48@75, 98@65, 20@95 (B1's 2 blank
    // pages and C1's May pages left out) = 268 pages, sum 19 864.
    expect(q.ocr.pages).toBe(268);
    expect(q.ocr.mean).toBeCloseTo(19864 / 268, 10);
    expect(q.ocr.buckets.map((b) => b.pages)).toEqual([0, 0, 0, 0, 0, 30, 98, 48, 40, 52]);
    // Approved in June: A1 (2 documents), A2 (1), A5 (1), B1 (2) = 6 × 13 drafted fields = 78.
    // Corrected: A2's subject and organ, B1's number (keywords is not drafted) = 3.
    expect(q.corrections).toMatchObject({ documents: 6, draftedFields: 78, corrected: 3 });
    expect(q.corrections.share).toBeCloseTo(3 / 78, 10);
    expect(q.corrections.byField).toEqual([
      { field: 'codeNumber', corrected: 1 },
      { field: 'organName', corrected: 1 },
      { field: 'subject', corrected: 1 },
    ]);
    expect(q.rejections).toEqual({ total: 1, byReason: [{ reason: 'missing_page', count: 1 }] });
    expect(q.rescans).toEqual({ pages: 32, scannedPages: 292, share: 32 / 292 });
  });
});

describe('pipeline health', () => {
  it('lists failed pages with their code and hint, stuck work, and retries a page', async () => {
    const p = await get<PipelineHealth>('/api/progress/pipeline');
    expect(p.pages).toEqual({ queued: 20, processing: 0, failed: 2 });
    expect(p.failedByCode).toEqual([{ code: 'decode.truncated', pages: 2 }]);
    expect(p.queuesError).toBeNull();
    expect(p.queues.map((q) => q.queue)).toContain('page.process');
    // B2's batch open since 29/06 08:00 (26 h); A5 approved 29/06 15:00 and not catalogued.
    expect(p.stuck.map((s) => [s.kind, s.dossierCode, s.minutes])).toEqual([
      ['batch_open', 'B2', 26 * 60],
      ['dossier_uncatalogued', 'A5', 19 * 60],
    ]);
    const failed = await get<{
      items: { id: string; errorCode: string; errorHint: string; dossierCode: string }[];
    }>('/api/progress/failed-pages?limit=1');
    expect(failed.items[0]).toMatchObject({
      dossierCode: 'A3',
      errorCode: 'decode.truncated',
      errorHint: 'Quét lại trang / Scan the page again',
    });
    const id = history.failedPageIds[0] ?? '';
    const retry = await app.request(`/api/pages/${id}/retry`, {
      method: 'POST',
      headers: manager.headers,
    });
    expect(retry.status).toBe(202);
    expect(await own.h.db.page.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'queued',
      errorCode: null,
    });
    expect(await own.h.queues.pageProcess.getJob(id)).toBeDefined();
    const event = await own.h.db.auditEvent.findFirstOrThrow({
      where: { action: 'page.retry', entityId: id },
    });
    expect(event.before).toMatchObject({ errorCode: 'decode.truncated' });
    const again = await app.request(`/api/pages/${id}/retry`, {
      method: 'POST',
      headers: manager.headers,
    });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe('page.not_failed');
    // Put it back as it was for the tests after this one.
    await own.h.db.page.update({
      where: { id },
      data: { status: 'failed', errorCode: 'decode.truncated' },
    });
    await own.h.queues.pageProcess.obliterate({ force: true });
  });
});

describe('CSV exports', () => {
  it('exports every table with Vietnamese-first headers and the same figures', async () => {
    const res = await app.request('/api/progress/export/operators?from=2026-06-01&to=2026-06-30', {
      headers: manager.headers,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM: Excel reads UTF-8
    const text = bytes.toString('utf8');
    expect(text.startsWith('\uFEFFNgười quét / Operator,Số lô / Batches')).toBe(true);
    expect(text).toContain('Nguyễn Văn An,3,92,32,');
    expect(text).toContain('không rõ / unknown,1,50,0,0,0');
    for (const table of [
      'fonds',
      'throughput',
      'workstations',
      'reviewers',
      'ocr',
      'corrections',
      'rejections',
      'failed-pages',
      'holdings',
    ]) {
      const r = await app.request(`/api/progress/export/${table}?from=2026-06-01&to=2026-06-30`, {
        headers: manager.headers,
      });
      expect(r.status, table).toBe(200);
      expect((await r.text()).split('\n').length, table).toBeGreaterThan(1);
    }
    const fonds = await (
      await app.request('/api/progress/export/fonds', { headers: manager.headers })
    ).text();
    expect(fonds).toContain('PB,Phông Sở Nội vụ,pages,160,80,98,61.25,122.5,120,100,98,98,');
  });
});

describe('semi-annual report', () => {
  it('writes the report of 30 June as a PDF whose text gives the figures back', async () => {
    const res = await app.request('/api/reports/semiannual?year=2026&half=1', {
      headers: manager.headers,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const dir = await mkdtemp(join(tmpdir(), 'sohoa-report-'));
    const file = join(dir, 'bc.pdf');
    await writeFile(file, Buffer.from(await res.arrayBuffer()));
    const { stdout } = await promisify(execFile)('pdftotext', [file, '-']);
    const text = stdout.replace(/\s+/g, ' ');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Kết quả số hóa tài liệu lưu trữ 6 tháng đầu năm 2026');
    // The organ's name wraps in its column, beside the national motto.
    expect(text).toMatch(/TRUNG TÂM LƯU TRỮ LỊCH SỬ .*TỈNH HƯNG YÊN/);
    expect(text).toContain('Hưng Yên, ngày 30 tháng 6 năm 2026');
    expect(text).toContain(
      'Tổng khối lượng: 1.160 trang (18 hồ sơ) thuộc 3 phông; chỉ tiêu tương ứng: 580 trang.',
    );
    expect(text).toContain(
      'Đã số hóa và biên mục: 170 trang, đạt 14,7% tổng khối lượng và 29,3% chỉ tiêu.',
    );
    expect(text).toContain('Dự kiến hoàn thành chỉ tiêu: ngày 28/09/2026');
    expect(text).toContain(
      'cần bình quân 4 trang/ngày làm việc (3 trang/ngày), còn 132 ngày làm việc',
    );
    expect(text).toContain('Thiếu trang: 1');
    expect(text).toContain('Nguyễn Văn An');
  });

  it('writes the same figures into a workbook, and refuses a period not begun', async () => {
    const res = await app.request('/api/reports/semiannual?year=2026&half=1&format=xlsx', {
      headers: manager.headers,
    });
    expect(res.status).toBe(200);
    const rows = (await readSheet(
      Buffer.from(await res.arrayBuffer()),
      'Tổng hợp',
    )) as unknown as unknown[][];
    const value = (label: string) => rows.find((r) => r[0] === label)?.[1];
    expect(value('Tổng khối lượng')).toBe(1160);
    expect(value('Đã số hóa và biên mục (lũy kế)')).toBe(170);
    expect(value('Dự kiến hoàn thành (ngày làm việc)')).toBe('28/09/2026');
    expect(value('Cần mỗi ngày làm việc để kịp hạn')).toBe(4);
    expect(value('Trong kỳ: trang quét lại')).toBe(32);
    const h2 = await app.request('/api/reports/semiannual?year=2026&half=2', {
      headers: manager.headers,
    });
    expect(h2.status).toBe(400);
    expect(((await h2.json()) as { code: string }).code).toBe('report.future_period');
  });
});

describe('roles', () => {
  it('refuses reviewers and operators, and lets admins in', async () => {
    for (const [role, status] of [
      ['reviewer', 403],
      ['operator', 403],
      ['admin', 200],
    ] as const) {
      const password = `mật khẩu thử vai trò ${status}`;
      await createUser(
        own.h.db,
        { username: `u-${role}`, displayName: role, role, password },
        null,
      );
      const who = await signIn(app, `u-${role}`, password);
      for (const path of [
        '/api/progress',
        '/api/progress/pipeline',
        '/api/holdings',
        '/api/progress/export/fonds',
        '/api/reports/semiannual?year=2026&half=1',
      ]) {
        const res = await app.request(path, { headers: who.headers });
        expect(res.status, `${role} ${path}`).toBe(status);
        if (status === 403)
          expect(((await res.json()) as { code: string }).code).toBe('auth.forbidden');
      }
    }
  });
});

describe('target settings', () => {
  it('changes the target and deadline, audited, and the figures follow', async () => {
    const put = (body: unknown) =>
      app.request('/api/progress/settings', {
        method: 'PUT',
        headers: { ...manager.headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const res = await put({ targetPercent: 40, deadline: null });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ targetPercent: 40, deadline: null, windowDays: 28 });
    const p = await get<Progress>('/api/progress');
    // ceil(1160 × 40 %) = 464; without a deadline there is no required output.
    expect(p.overall.target).toBe(464);
    expect(p.forecast.required).toEqual({ perWorkingDay: null, perCalendarDay: null });
    const event = await own.h.db.auditEvent.findFirstOrThrow({
      where: { action: 'progress.settings' },
    });
    expect(event).toMatchObject({
      actorId: manager.user.id,
      before: { targetPercent: 50, deadline: '2026-12-31' },
      after: { targetPercent: 40, deadline: null },
    });
    const bad = await put({ targetPercent: 0 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain(
      'Chỉ tiêu phải lớn hơn 0%',
    );
    expect((await put({ targetPercent: 50, deadline: '2026-12-31' })).status).toBe(200);
  });
});

describe('corrections rollup', () => {
  it('records the fields a reviewer corrects through the api, once per document and field', async () => {
    const a3 = history.dossiers['A3'] ?? '';
    const batch = await own.h.db.scanBatch.findFirstOrThrow({ where: { dossierId: a3 } });
    const doc = await own.h.db.document.create({
      data: { dossierId: a3, batchId: batch.id, seq: 1, pageCount: 1, subject: 'Nháp' },
    });
    const password = 'mật khẩu người duyệt thử';
    await createUser(
      own.h.db,
      { username: 'duyet-thu', displayName: 'Người duyệt thử', role: 'reviewer', password },
      null,
    );
    const reviewer = await signIn(app, 'duyet-thu', password);
    for (const subject of ['Kế hoạch năm 2026', 'Kế hoạch số hóa năm 2026']) {
      const { version } = await own.h.db.dossier.findUniqueOrThrow({ where: { id: a3 } });
      const res = await app.request(`/api/documents/${doc.id}`, {
        method: 'PATCH',
        headers: { ...reviewer.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ version, fields: { subject } }),
      });
      expect(res.status).toBe(200);
    }
    const rows = await own.h.db.documentCorrection.findMany({ where: { documentId: doc.id } });
    expect(rows).toMatchObject([{ field: 'subject', dossierId: a3 }]);
    await own.h.db.document.delete({ where: { id: doc.id } });
    expect(await own.h.db.documentCorrection.count({ where: { documentId: doc.id } })).toBe(0);
  });
});
