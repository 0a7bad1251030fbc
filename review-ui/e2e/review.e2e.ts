/**
 * A reviewer's day in a real browser against the real api, database and finalize job: sign in,
 * open a dossier from the queue, correct a field, move a document boundary, approve with one key,
 * and find the corrected value and a signed PDF in the catalogue; a rejected dossier reaching the
 * operators with its reason; and what each role may not do, in the api and in the UI (an operator
 * meets a secret document as a notice, not a broken viewer). Screenshots of the main screens go to
 * test-output/e2e/ for a person to look at.
 */
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TestLogin } from '../../api/testing/harness.js';
import { verifyPdfSignature } from '../../core/signature/verify-pdf.js';
import { seedDossier } from '../../tests/fixtures/seed-page.js';
import { startStack, type Stack } from './stack.js';

const SHOTS = fileURLToPath(new URL('../../test-output/e2e/', import.meta.url));
const DRAFT_SUBJECT = 'Số hóa tài liệu lưu trữ lịch sử của tình';
const CORRECTED = 'Kế hoạch số hóa tài liệu lưu trữ lịch sử của tỉnh năm 2021';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    databaseUrl: inject('databaseUrl'),
    redisUrl: inject('redisUrl'),
    redisPrefix: inject('redisPrefix'),
    dataDir: inject('dataDir'),
  });
  await mkdir(SHOTS, { recursive: true });
});

afterAll(async () => {
  await stack?.close();
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

interface Seeded {
  code: string;
  dossierId: string;
  pageIds: string[];
  docIds: string[];
}

/**
 * A dossier as the pipeline leaves it, with one mistake of each kind a reviewer fixes: the
 * splitter started a new document at page 2, which continues document 1 (its "Điều 2 … Nơi
 * nhận"), and the draft's summary has a misread word with a low confidence.
 */
async function seedForReview(): Promise<Seeded> {
  const s = await seedDossier(stack.h, {
    groups: [[0], [1, 2]],
    documents: [
      {
        typeCode: '10',
        codeNumber: '146',
        codeNotation: 'KH-UBND',
        issuedDate: '2021-05-18',
        organName: 'Ủy ban nhân dân tỉnh Hưng Yên',
        subject: DRAFT_SUBJECT,
        boundaryConfidence: 0.9,
        draft: {
          summary: { value: DRAFT_SUBJECT, confidence: 0.41, sources: [] },
          number: { value: '146', confidence: 0.93, sources: [] },
        },
      },
      {
        typeCode: '14',
        organName: 'Sở Nội vụ tỉnh Hưng Yên',
        subject: 'Báo cáo kết quả số hóa tài liệu quý II năm 2021',
        boundaryConfidence: 0.35,
      },
    ],
  });
  // The draft's number was read from the word "146/KH-UBND" on page 1: its source box.
  const word = s.pages[0]?.uprightOcr.words.find((w) => w.text.startsWith('146'));
  if (word === undefined) throw new Error('the seeded OCR has no word "146…"');
  await stack.h.db.document.update({
    where: { id: s.docIds[0] ?? '' },
    data: {
      draft: {
        summary: { value: DRAFT_SUBJECT, confidence: 0.41, sources: [] },
        number: {
          value: '146',
          confidence: 0.93,
          sources: [{ page: 0, boxes: [{ ...word.bbox }] }],
        },
      },
    },
  });
  return { ...s, pageIds: s.pages.map((p) => p.id) };
}

/** Signs in on the login screen, as a person does. */
async function signInOnScreen(page: Page, who: TestLogin, screenshot?: string): Promise<void> {
  await stack.browser.clearCookies();
  await page.goto(stack.baseUrl);
  const form = page.getByTestId('login-form');
  await form.getByLabel('Tên đăng nhập').fill(who.user.username);
  await form.getByLabel('Mật khẩu').fill(who.password);
  if (screenshot !== undefined) await shot(page, screenshot);
  await form.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('user-box').waitFor();
}

/** Test pages that fail on a script error (an error status is expected in some tests). */
async function openTab(): Promise<{ page: Page; errors: string[] }> {
  const page = await stack.browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`script error: ${err.message}`));
  return { page, errors };
}

describe('review workspace', () => {
  it('signs a corrected, re-split dossier off into the catalogue with a signed PDF', async () => {
    const s = await seedForReview();
    const reviewer = await stack.h.login('reviewer', { displayName: 'Trần Thị Duyệt' });
    const { page, errors } = await openTab();
    await page.setViewportSize({ width: 1600, height: 1000 });

    await signInOnScreen(page, reviewer, '01-dang-nhap');
    // Reviewers land on the queue; the dossier is there, flagged for its doubtful fields.
    const row = page.locator(`[data-testid=queue-row][data-code="${s.code}"]`);
    await row.waitFor();
    await shot(page, '02-hang-doi-duyet');
    await row.getByRole('link', { name: s.code, exact: true }).click();
    await page.waitForURL(`${stack.baseUrl}/review/${encodeURIComponent(s.code)}`);
    const workspace = page.getByTestId('workspace');
    await workspace.waitFor();
    await page.getByTestId('viewer').and(page.locator('[data-page-id]')).waitFor();
    await shot(page, '03-ban-duyet-ho-so');

    // The OCR words lie over the page; focusing a field outlines the words it was read from.
    await expect
      .poll(() => page.getByTestId('ocr-boxes').locator('rect').count())
      .toBeGreaterThan(20);
    const form = page.getByTestId('document-form');
    expect(await page.getByTestId('source-box').count()).toBe(0);
    await form.getByLabel('Số của tài liệu').focus();
    await expect.poll(() => page.getByTestId('source-box').count()).toBe(1);
    await shot(page, '03b-nguon-cua-truong');

    // Correct the summary of document 1 and save it.
    const subject = form.getByLabel('Trích yếu nội dung');
    await expect.poll(() => subject.inputValue()).toBe(DRAFT_SUBJECT);
    await subject.fill(CORRECTED);
    await page.getByTestId('document-form-save').click();
    await expect
      .poll(
        async () =>
          (await stack.h.db.document.findUniqueOrThrow({ where: { id: s.docIds[0] } })).subject,
      )
      .toBe(CORRECTED);

    // Move the boundary: page 2 belongs to document 1.
    await page.getByTestId(`thumb-${s.pageIds[1]}`).click();
    await page.getByTestId('action-to-prev-doc').click();
    await page.getByTestId('doc-1').getByTestId(`thumb-${s.pageIds[1]}`).waitFor();
    await expect
      .poll(async () =>
        (
          await stack.h.db.documentPage.findMany({
            where: { documentId: s.docIds[0] },
            orderBy: { position: 'asc' },
          })
        ).map((p) => p.pageId),
      )
      .toEqual([s.pageIds[0], s.pageIds[1]]);
    await shot(page, '04-sau-khi-sua');

    // One key press approves the record (focus outside the form fields).
    await page.getByTestId('workspace').locator('h1').first().click();
    await page.keyboard.press('a');
    await page.getByTestId('done-banner').waitFor();
    await page.locator('[data-testid=catalogue-status][data-catalogued=true]').waitFor({
      timeout: 120_000,
    });
    await shot(page, '05-da-duyet');

    // The catalogue holds the corrected value and a signed PDF of the two pages.
    const record = await stack.h.db.catalogueRecord.findFirstOrThrow({
      where: { documentId: s.docIds[0] },
    });
    expect(record.version).toBe(1);
    expect(JSON.stringify(record.metadata)).toContain(CORRECTED);
    expect(JSON.stringify(record.metadata)).not.toContain(DRAFT_SUBJECT);
    expect(record.signed).toBe(true);
    const pdf = await stack.h.blobs.read(record.pdfSha256);
    const sig = await verifyPdfSignature(pdf);
    expect(sig).toMatchObject({ valid: true });
    expect((await PDFDocument.load(pdf)).getPageCount()).toBe(2);
    const second = await stack.h.db.catalogueRecord.findFirstOrThrow({
      where: { documentId: s.docIds[1] },
    });
    expect((await stack.h.blobs.read(second.pdfSha256)).length).toBeGreaterThan(0);
    const dossier = await stack.h.db.dossier.findUniqueOrThrow({ where: { id: s.dossierId } });
    expect(dossier).toMatchObject({ status: 'approved', approvedById: reviewer.user.id });

    // Every change is in the audit log under the reviewer's name, and shown on the record.
    const events = await stack.h.db.auditEvent.findMany({
      where: { actorId: reviewer.user.id },
      orderBy: { id: 'asc' },
    });
    const actions = events.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['document.update', 'dossier.approve']));
    expect(actions.some((a) => a.startsWith('dossier.structure'))).toBe(true);
    const audit = page.getByTestId('audit-panel');
    await audit.locator('summary').click();
    await expect.poll(async () => (await audit.textContent()) ?? '').toContain(CORRECTED);
    await shot(page, '06-lich-su-thay-doi');

    expect(errors).toEqual([]);
    await page.close();
  });

  it('sends a rejected dossier back to the operators with its reason', async () => {
    const s = await seedForReview();
    const reviewer = await stack.h.login('reviewer');
    const operator = await stack.h.login('operator', { displayName: 'Lê Văn Quét' });
    const { page, errors } = await openTab();
    await page.setViewportSize({ width: 1600, height: 1000 });
    await signInOnScreen(page, reviewer);
    await page.goto(`${stack.baseUrl}/review/${encodeURIComponent(s.code)}`);
    await page.getByTestId('workspace').waitFor();
    await page.getByTestId('action-reject').click();
    const dialog = page.getByTestId('reject-dialog');
    await dialog.getByTestId('reason-missing_page').check();
    await dialog.locator('textarea').fill('Thiếu trang 2 của báo cáo');
    await shot(page, '07-tra-lai-ho-so');
    await dialog.getByTestId('reject-submit').click();
    await page.locator('[data-testid=done-banner][data-status=rejected]').waitFor();

    await signInOnScreen(page, operator);
    await page.goto(`${stack.baseUrl}/returns`);
    const row = page.locator(`[data-testid=returns-row][data-code="${s.code}"]`);
    await row.waitFor();
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('Thiếu trang');
    expect(await row.textContent()).toContain('Thiếu trang 2 của báo cáo');
    await shot(page, '08-ho-so-bi-tra-lai');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('marks a page whose file is byte-identical to an earlier one on its thumbnail', async () => {
    const s = await seedForReview();
    // Page 3's file repeats page 1's bytes: what the api records for the same file sent at
    // another seq (a copied file, a sheet scanned twice); both are kept, the copy is flagged.
    const pages = await stack.h.db.page.findMany({
      where: { id: { in: [s.pageIds[0] ?? '', s.pageIds[2] ?? ''] } },
      select: { id: true, uploadId: true },
    });
    const uploadOf = (id: string | undefined) => pages.find((p) => p.id === id)?.uploadId ?? '';
    await stack.h.db.upload.update({
      where: { id: uploadOf(s.pageIds[2]) },
      data: { identicalToId: uploadOf(s.pageIds[0]) },
    });
    const reviewer = await stack.h.login('reviewer');
    const { page, errors } = await openTab();
    await page.setViewportSize({ width: 1600, height: 1000 });
    await signInOnScreen(page, reviewer);
    await page.goto(`${stack.baseUrl}/review/${encodeURIComponent(s.code)}`);
    await page.getByTestId('workspace').waitFor();
    const badge = page.getByTestId(`twin-${s.pageIds[2]}`);
    await badge.waitFor();
    expect(await badge.textContent()).toBe('Giống hệt trang quét số 1');
    expect(await page.getByTestId(`twin-${s.pageIds[0]}`).count()).toBe(0);
    await shot(page, '09-trang-giong-het');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('roles', () => {
  it('refuses reviewers on admin and manager routes, and operators on approval (api and UI)', async () => {
    const s = await seedForReview();
    const { h } = stack;
    const reviewer = await h.login('reviewer');
    const operator = await h.login('operator');
    for (const path of ['/api/admin/users', '/api/admin/workstations', '/api/fixity']) {
      expect((await h.app.request(path, { headers: reviewer.headers })).status, path).toBe(403);
    }
    const { version } = await h.db.dossier.findUniqueOrThrow({ where: { id: s.dossierId } });
    const approve = await h.app.request(`/api/dossiers/${encodeURIComponent(s.code)}/approve`, {
      method: 'POST',
      headers: { ...operator.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ version }),
    });
    expect(approve.status).toBe(403);
    expect(((await approve.json()) as { code: string }).code).toBe('auth.forbidden');

    const { page, errors } = await openTab();
    await page.setViewportSize({ width: 1600, height: 1000 });
    await signInOnScreen(page, reviewer);
    // No admin entries in a reviewer's menu, and the address typed by hand is refused.
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    expect(await nav.getByRole('link', { name: 'Người dùng' }).count()).toBe(0);
    await page.goto(`${stack.baseUrl}/admin/users`);
    await page.getByTestId('forbidden').waitFor();
    await shot(page, '09-khong-co-quyen');

    // The operator sees the dossier but cannot approve it, by button or by key.
    await signInOnScreen(page, operator);
    await page.goto(`${stack.baseUrl}/review/${encodeURIComponent(s.code)}`);
    await page.getByTestId('workspace').waitFor();
    expect(await page.getByTestId('action-approve').isDisabled()).toBe(true);
    await page.keyboard.press('a');
    await page.waitForTimeout(500);
    expect((await h.db.dossier.findUniqueOrThrow({ where: { id: s.dossierId } })).status).toBe(
      'in_review',
    );

    // Document 2 made secret: the operator gets a notice instead of its pages and fields, and
    // the UI asks for none of its images or text (a refused load would be a console error).
    await h.db.document.update({ where: { id: s.docIds[1] }, data: { accessModeCode: '03' } });
    await page.reload();
    await page.getByTestId(`thumb-restricted-${s.pageIds[1]}`).waitFor();
    await page.getByTestId(`thumb-${s.pageIds[1]}`).click();
    const notice = page.getByTestId('viewer-restricted');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Tài liệu số 2 có mức độ tiếp cận «Mật»');
    expect(await page.getByTestId('form-restricted').count()).toBe(1);
    await shot(page, '12-tai-lieu-mat-nhan-vien-quet');
    await page.goto(`${stack.baseUrl}/dossiers/${encodeURIComponent(s.code)}`);
    const row = page.getByTestId('restricted-document');
    await row.waitFor();
    expect(await row.textContent()).toContain('Hạn chế tiếp cận: Mật');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lets an admin register a workstation and shows its token once', async () => {
    const admin = await stack.h.login('admin', { displayName: 'Quản trị viên' });
    const { page, errors } = await openTab();
    await page.setViewportSize({ width: 1400, height: 900 });
    await signInOnScreen(page, admin);
    await page.goto(`${stack.baseUrl}/admin/users`);
    await page.locator(`[data-testid=user-row][data-username="${admin.user.username}"]`).waitFor();
    await shot(page, '10-quan-tri-nguoi-dung');
    await page.goto(`${stack.baseUrl}/admin/workstations`);
    const create = page.getByTestId('create-workstation');
    const name = `Máy quét phòng ${randomUUID().slice(0, 4)}`;
    await create.getByLabel('Tên máy trạm').fill(name);
    await create.getByLabel('Vị trí').fill('Kho 1, tầng 2');
    await create.getByRole('button', { name: 'Tạo máy trạm' }).click();
    const token = (await page.getByTestId('workstation-token-value').textContent())?.trim() ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await shot(page, '11-ma-may-tram');
    // The token works for the agent's api.
    const res = await stack.h.app.request('/api/batches', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ dossierCode: `HS.WS.${randomUUID().slice(0, 6)}` }),
    });
    expect(res.status).toBe(201);
    expect(errors).toEqual([]);
    await page.close();
  });
});
