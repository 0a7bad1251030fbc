/**
 * A manager's day in a real browser against the real api, database and finalize job, on a
 * database of this file's own (the progress figures sum whole tables): import an inventory file
 * and see it previewed and committed, see the fonds's progress move once a dossier is approved and
 * catalogued, download the semi-annual report and read its figures back with pdftotext, retry a
 * failed page; and the screens refused to a reviewer. Screenshots go to test-output/e2e/.
 */
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import type { TestLogin } from '../../api/testing/harness.js';
import { dropDatabase } from '../../api/testing/own-database.js';
import { ensureDatabase, migrate } from '../../core/db/migrate.js';
import { seedDossier, type SeededDossier } from '../../tests/fixtures/seed-page.js';
import { startStack, type Stack } from './stack.js';

const SHOTS = fileURLToPath(new URL('../../test-output/e2e/', import.meta.url));
const MIGRATIONS = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

let stack: Stack;
let databaseUrl: string;

beforeAll(async () => {
  databaseUrl = `${inject('databaseUrl')}_e2e_progress`;
  await dropDatabase(databaseUrl);
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl, MIGRATIONS);
  stack = await startStack({
    databaseUrl,
    redisUrl: inject('redisUrl'),
    redisPrefix: inject('redisPrefix'),
    dataDir: inject('dataDir'),
  });
  await mkdir(SHOTS, { recursive: true });
});

afterAll(async () => {
  await stack?.close();
  if (databaseUrl !== undefined) await dropDatabase(databaseUrl);
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

async function signInOnScreen(page: Page, who: TestLogin): Promise<void> {
  await stack.browser.clearCookies();
  await page.goto(stack.baseUrl);
  const form = page.getByTestId('login-form');
  await form.getByLabel('Tên đăng nhập').fill(who.user.username);
  await form.getByLabel('Mật khẩu').fill(who.password);
  await form.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('user-box').waitFor();
}

/** A dossier in review with the three seeded pages in one document whose required fields are filled. */
const inReview = (): Promise<SeededDossier> =>
  seedDossier(stack.h, {
    groups: [[0, 1, 2]],
    documents: [
      {
        typeCode: '10',
        codeNumber: '146',
        codeNotation: 'KH-UBND',
        issuedDate: '2021-05-18',
        organName: 'Ủy ban nhân dân tỉnh Hưng Yên',
        subject: 'Kế hoạch số hóa tài liệu lưu trữ năm 2021',
      },
    ],
  });

describe('manager', () => {
  it('imports an inventory, sees progress move after an approval, and downloads the report', async () => {
    const { h } = stack;
    const seeded = await inReview();
    const manager = await h.login('manager', { displayName: 'Nguyễn Thị Quản Lý' });
    const reviewer = await h.login('reviewer');
    const page = await stack.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.setViewportSize({ width: 1400, height: 1000 });

    // Managers start on the progress screen.
    await signInOnScreen(page, manager);
    await page.waitForURL(`${stack.baseUrl}/progress`);
    await page.getByRole('heading', { name: 'Tiến độ số hóa' }).waitFor();

    // The inventory of the default fonds: the seeded dossier (3 pages, high use) and two more.
    const file = await writeXlsxFile(
      [
        ['MỤC LỤC HỒ SƠ', null, null, null, null],
        ['Mã hồ sơ', 'Tiêu đề hồ sơ', 'Hộp số', 'Số trang', 'Sử dụng nhiều'],
        [seeded.code, 'Kế hoạch số hóa', '1', 3, 'x'],
        ['HS.MUCLUC.2', 'Hồ sơ hội nghị', '1', 7, null],
        ['HS.MUCLUC.3', 'Hồ sơ xây dựng', '2', 10, null],
      ].map((r) => r.map((v) => (v === null ? null : { value: v }))),
    ).toBuffer();
    await page.getByRole('link', { name: 'Khối lượng & chỉ tiêu' }).click();
    await page.waitForURL(`${stack.baseUrl}/holdings`);
    const importer = page.getByTestId('inventory-import');
    await importer.getByLabel('Tệp mục lục').setInputFiles({
      name: 'muc-luc.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: file,
    });
    await importer.getByTestId('import-preview').click();
    const preview = page.getByTestId('inventory-preview');
    await expect
      .poll(async () => (await preview.textContent()) ?? '')
      .toContain('2 hồ sơ mới, 1 cập nhật');
    await shot(page, '20-xem-truoc-muc-luc');
    await importer.getByTestId('import-commit').click();
    await expect
      .poll(async () => (await importer.getByTestId('notice').textContent()) ?? '')
      .toContain('Đã nhập: 2 hồ sơ mới, 1 cập nhật');
    expect(await h.db.dossier.findUniqueOrThrow({ where: { code: seeded.code } })).toMatchObject({
      expectedPages: 3,
      highUse: true,
      status: 'in_review',
    });
    await page
      .getByTestId('inventory-list')
      .locator(`[data-testid=inventory-row][data-code="HS.MUCLUC.3"]`)
      .waitFor();
    await shot(page, '21-khoi-luong-va-muc-luc');

    // 20 pages in the inventory → target 10; nothing catalogued yet.
    await page.getByRole('link', { name: 'Tiến độ' }).click();
    const row = page.locator('[data-testid=fonds-row][data-code="PHONG01"]');
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('20 trang');
    expect(await row.getByTestId('fonds-done').textContent()).toBe('0');

    // A reviewer approves the dossier; the finalize job catalogues it.
    const { version } = await h.db.dossier.findUniqueOrThrow({ where: { id: seeded.dossierId } });
    const approve = await h.app.request(
      `/api/dossiers/${encodeURIComponent(seeded.code)}/approve`,
      {
        method: 'POST',
        headers: { ...reviewer.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ version }),
      },
    );
    expect(approve.status).toBe(202);
    await expect
      .poll(
        async () =>
          (await h.db.dossier.findUniqueOrThrow({ where: { id: seeded.dossierId } })).cataloguedAt,
        { timeout: 120_000 },
      )
      .not.toBeNull();
    await page.reload();
    await expect
      .poll(async () => (await row.getByTestId('fonds-done').textContent()) ?? '')
      .toBe('3');
    expect(await row.textContent()).toContain('15,0 %');
    expect(await page.getByTestId('done-figure').textContent()).toBe('3 / 10 trang');
    expect(await page.getByTestId('card-high-use').textContent()).toContain('3 / 3 trang');
    await page.getByTestId('burnup-chart').waitFor();
    await shot(page, '22-tien-do');

    // The semi-annual report of the running half-year, read back with pdftotext.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('report-pdf').click(),
    ]);
    const pdf = join(SHOTS, 'bao-cao-6-thang.pdf');
    await download.saveAs(pdf);
    expect(download.suggestedFilename()).toMatch(
      /^bao-cao-so-hoa-\d{4}-6-thang-(dau|cuoi)-nam\.pdf$/,
    );
    const { stdout } = await promisify(execFile)('pdftotext', [pdf, '-']);
    const text = stdout.replace(/\s+/g, ' ');
    expect(text).toContain(
      'Tổng khối lượng: 20 trang (3 hồ sơ) thuộc 1 phông; chỉ tiêu tương ứng: 10 trang.',
    );
    expect(text).toContain(
      'Đã số hóa và biên mục: 3 trang, đạt 15,0% tổng khối lượng và 30,0% chỉ tiêu.',
    );
    expect(text).toContain('Tài liệu sử dụng nhiều: đã biên mục 3/3 trang (100,0%)');
    expect(text).toMatch(/Hồ sơ đã duyệt: 1 \(3 trang\)/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('retries a failed page from the pipeline screen', async () => {
    const { h } = stack;
    const seeded = await inReview();
    const failed = seeded.pages[1]?.id ?? '';
    await h.db.page.update({
      where: { id: failed },
      data: {
        status: 'failed',
        errorCode: 'decode.truncated',
        errorMessage: 'Tệp bị cắt cụt / The file is truncated',
        errorHint: 'Quét lại trang / Scan the page again',
      },
    });
    const manager = await h.login('manager');
    const page = await stack.browser.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    await signInOnScreen(page, manager);
    await page.getByRole('link', { name: 'Tình trạng xử lý' }).click();
    const row = page.locator(`[data-testid=failed-row][data-page="${failed}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Quét lại trang');
    await shot(page, '23-tinh-trang-xu-ly');
    await row.getByRole('button', { name: 'Xử lý lại' }).click();
    await expect
      .poll(async () => (await h.db.page.findUniqueOrThrow({ where: { id: failed } })).status)
      .toBe('queued');
    await row.waitFor({ state: 'detached' });
    await page.close();
  });

  it("keeps the managers' screens from reviewers", async () => {
    const reviewer = await stack.h.login('reviewer');
    const page = await stack.browser.newPage();
    await signInOnScreen(page, reviewer);
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    expect(await nav.getByRole('link', { name: 'Tiến độ' }).count()).toBe(0);
    await page.goto(`${stack.baseUrl}/progress`);
    await page.getByTestId('forbidden').waitFor();
    expect((await stack.h.app.request('/api/progress', { headers: reviewer.headers })).status).toBe(
      403,
    );
    await page.close();
  });
});
