/**
 * A reader without an account, in a real browser against the real api and database: searches the
 * catalogue typing without diacritics, opens a public record in the viewer (page image over IIIF,
 * the signed PDF), and never sees the secret record, neither in the results nor at its address;
 * a signed-in manager searching the same words does see it, marked as restricted. Screenshots go
 * to test-output/e2e/ for a person to look at.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedCatalogue, testFonds, type SeededCatalogue } from '../../tests/fixtures/catalogue.js';
import { startStack, type Stack } from './stack.js';

const SHOTS = fileURLToPath(new URL('../../test-output/e2e/', import.meta.url));
const FONDS = testFonds('R');
const PUBLIC_TITLE = 'Quyết định 12/QĐ-UBND: Về việc phê duyệt danh mục tài liệu số hóa';
const SECRET_SUBJECT = 'Về việc bảo vệ bí mật nhà nước trong công tác lưu trữ';

let stack: Stack;
let s: SeededCatalogue;

beforeAll(async () => {
  stack = await startStack({
    databaseUrl: inject('databaseUrl'),
    redisUrl: inject('redisUrl'),
    redisPrefix: inject('redisPrefix'),
    dataDir: inject('dataDir'),
  });
  await mkdir(SHOTS, { recursive: true });
  s = await seedCatalogue(stack.h, {
    fondsCode: FONDS,
    fondsName: 'Phông Ủy ban nhân dân tỉnh Hưng Yên',
    docs: [
      {
        typeCode: '02',
        codeNumber: '12',
        codeNotation: 'QĐ-UBND',
        issuedDate: '2021-03-05',
        organName: 'Ủy ban nhân dân tỉnh Hưng Yên',
        subject: 'Về việc phê duyệt danh mục tài liệu số hóa',
        text: 'ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN\nSố: 12/QĐ-UBND\nQUYẾT ĐỊNH\nVề việc phê duyệt danh mục tài liệu số hóa.',
      },
      {
        typeCode: '02',
        codeNumber: '13',
        codeNotation: 'QĐ-UBND',
        issuedDate: '2021-03-06',
        organName: 'Ủy ban nhân dân tỉnh Hưng Yên',
        subject: SECRET_SUBJECT,
        accessModeCode: '03',
        text: `ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN\nSố: 13/QĐ-UBND\nQUYẾT ĐỊNH\n${SECRET_SUBJECT}.`,
      },
    ],
  });
});

afterAll(async () => {
  await stack?.close();
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

async function openTab(): Promise<{ page: Page; errors: string[] }> {
  const page = await stack.browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`script error: ${err.message}`));
  return { page, errors };
}

/** Types the words into the search form, as a reader does, and waits for the results. */
async function searchFor(page: Page, words: string): Promise<string[]> {
  const form = page.getByTestId('search-form');
  await form.getByLabel('Từ khóa, số và ký hiệu').fill(words);
  await form.getByLabel('Phông lưu trữ').selectOption(FONDS);
  await form.getByRole('button', { name: 'Tìm' }).click();
  await page.waitForURL(/\/tra-cuu\?q=/);
  await page.getByTestId('search-count').waitFor();
  return page
    .getByTestId('search-hit')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-document-id') ?? ''));
}

describe('reader', () => {
  it('an anonymous reader finds and reads a public record, and never sees the secret one', async () => {
    await stack.browser.clearCookies();
    const { page, errors } = await openTab();
    await page.goto(`${stack.baseUrl}/tra-cuu`);
    // no login screen in front of the catalogue, and a way in for staff
    await page.getByRole('heading', { name: 'Tra cứu tài liệu lưu trữ' }).waitFor();
    expect(await page.getByTestId('login-form').count()).toBe(0);
    expect(await page.getByTestId('staff-sign-in').isVisible()).toBe(true);
    expect(await page.getByTestId('staff-note').count()).toBe(0);

    const found = await searchFor(page, 'quyet dinh ubnd');
    expect(found).toEqual([s.records[0]?.documentId]);
    expect(await page.getByTestId('search-count').innerText()).toContain('Tìm thấy 1 tài liệu');
    // the snippet marks the words typed without diacritics in the text that has them
    const marks = await page.getByTestId('hit-snippet').locator('mark').allInnerTexts();
    expect(marks).toEqual(expect.arrayContaining(['QUYẾT', 'ĐỊNH', 'UBND']));
    expect(await page.content()).not.toContain('bí mật nhà nước');
    await shot(page, 'reader-search');

    // the viewer will draw the page from the record's IIIF image service
    const tile = page.waitForResponse(
      (r) =>
        r.url().includes(`/iiif/3/records/${s.records[0]?.recordId}~1/`) &&
        r.url().endsWith('.jpg'),
    );
    await page.getByRole('link', { name: PUBLIC_TITLE }).click();
    await page.getByTestId('record-title').waitFor();
    expect(await page.getByTestId('record-title').innerText()).toContain(PUBLIC_TITLE);
    expect(await page.getByTestId('record-facts').innerText()).toContain('12/QĐ-UBND');
    // the viewer draws the page from the record's IIIF image service
    await page.getByTestId('record-viewer').locator('canvas').first().waitFor();
    expect((await tile).status()).toBe(200);
    expect(await page.getByTestId('viewer-page').innerText()).toBe('Trang 1/1');
    const pdfHref = await page.getByTestId('record-pdf-link').getAttribute('href');
    const pdf = await page.request.get(`${stack.baseUrl}${pdfHref ?? ''}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    await shot(page, 'reader-record');

    // the secret record's own address shows nothing of it
    await page.goto(`${stack.baseUrl}/tai-lieu/${s.records[1]?.documentId}`);
    await page.getByTestId('record-not-found').waitFor();
    expect(await page.content()).not.toContain('bí mật nhà nước');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a signed-in manager searching the same words also sees the secret record, marked', async () => {
    const manager = await stack.h.login('manager');
    await stack.useSession(manager);
    const { page, errors } = await openTab();
    await page.goto(`${stack.baseUrl}/tra-cuu`);
    await page.getByTestId('user-box').waitFor();
    expect(await page.getByTestId('staff-note').isVisible()).toBe(true);
    const found = await searchFor(page, 'quyet dinh ubnd');
    expect(new Set(found)).toEqual(new Set(s.records.map((r) => r.documentId)));
    const secret = page.locator(`[data-document-id="${s.records[1]?.documentId}"]`);
    expect(await secret.getByTestId('restricted-badge').innerText()).toContain('Mật');
    await shot(page, 'reader-search-staff');
    await secret.getByRole('link').first().click();
    await page.getByTestId('record-title').waitFor();
    expect(await page.getByTestId('record-title').innerText()).toContain(SECRET_SUBJECT);
    expect(errors).toEqual([]);
    await page.close();
  });
});
