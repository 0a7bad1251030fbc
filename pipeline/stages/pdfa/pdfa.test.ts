/**
 * The archival PDF end to end: a page rendered in code with a known OCR result, built into a
 * PDF/A-2u, signed, then read back by the tools an archive and its readers use — poppler's
 * pdftotext (text and word boxes) and pdfsig, qpdf, and the PDF/A clause checker of ../shared
 * (skipped only where that folder is absent). Tampering is detected by pdfsig and by our own
 * verification.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StageError } from '../../../core/errors.js';
import { buildOcr } from '../../../tests/fixtures/ocr.js';
import { renderPage } from '../../../tests/fixtures/render.js';
import type { OcrResult } from '../../domain.js';
import { buildPdfA, type PdfMetadata } from './index.js';
import { signPdf, vietnamTime } from './sign.js';
import {
  createDevelopmentP12,
  loadSigningIdentity,
  type SigningIdentity,
} from './signing-identity.js';
import { verifyPdfSignature } from '../../../core/signature/verify-pdf.js';

const run = promisify(execFile);
const PDFA_CHECK = join(import.meta.dirname, '../../../../shared/tools/pdfa-check');
const ORG = 'TRUNG TÂM LƯU TRỮ LỊCH SỬ TỈNH HƯNG YÊN';
const DPI = 200;

const LINES = [
  { text: 'ỦY BAN NHÂN DÂN', y: 20, x: 38 },
  { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', y: 20, x: 110 },
  { text: 'Số: 146/KH-UBND', y: 33, x: 38 },
  { text: 'Hưng Yên, ngày 18 tháng 5 năm 2021', y: 33, x: 115 },
  { text: 'KẾ HOẠCH', y: 50, cx: 105, pt: 14 },
  { text: 'Số hóa tài liệu lưu trữ lịch sử của tỉnh', y: 58, cx: 105, pt: 14 },
  { text: 'Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh về công tác lưu trữ,', y: 75 },
  { text: 'Sở Nội vụ xây dựng kế hoạch số hóa tài liệu như sau: hoàn thiện', y: 83 },
  { text: 'cơ sở dữ liệu; bảo đảm chất lượng bản số hóa theo quy định.', y: 91 },
];

const META: PdfMetadata = {
  title: 'KẾ HOẠCH 146/KH-UBND: Số hóa tài liệu lưu trữ lịch sử của tỉnh',
  creator: 'ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN',
  language: 'vi',
  documentId: '0b6f3c1e-2a4d-4c8e-9f10-3b2a1c0d9e8f',
  createdAt: new Date('2026-11-21T08:00:00Z'),
  producer: 'sohoa test',
  record: { arcFileCode: 'H00.HS-2021-01', docOrdinal: 1, codeNumber: '146' },
  draft: {
    organ: { value: 'ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN', confidence: 0.95 },
    number: { value: '146', confidence: 1 },
    signerName: { value: null, confidence: 0 },
  },
};

let dir: string;
let ocr: OcrResult;
let pdfA: Buffer;
let identity: SigningIdentity;
let signed: Buffer;
const signedAt = new Date('2026-11-21T09:30:15Z');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sohoa-pdfa-'));
  const page = await renderPage({ lines: LINES.map((l) => l.text), dpi: DPI });
  ocr = buildOcr(LINES, { dpi: DPI });
  pdfA = await buildPdfA(
    [
      {
        image: page.png,
        mediaType: 'image/png',
        width: page.width,
        height: page.height,
        dpi: { x: DPI, y: DPI },
        colorMode: 'gray',
        ocr,
      },
    ],
    META,
  );
  identity = await loadSigningIdentity(createDevelopmentP12(ORG, 'pw'), 'pw');
  signed = await signPdf(pdfA, identity, { signedAt, reason: 'Số hóa tài liệu lưu trữ' });
  await writeFile(join(dir, 'a.pdf'), pdfA);
  await writeFile(join(dir, 'signed.pdf'), signed);
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Words of `pdftotext -bbox` for page 1: text and box in points, y from the top. */
async function bboxWords(file: string): Promise<{ text: string; box: number[] }[]> {
  const { stdout } = await run('pdftotext', [
    '-bbox',
    '-enc',
    'UTF-8',
    '-f',
    '1',
    '-l',
    '1',
    file,
    '-',
  ]);
  const out: { text: string; box: number[] }[] = [];
  const re =
    /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
  for (const m of stdout.matchAll(re)) {
    const text = m[5]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
    out.push({ text: text.normalize('NFC'), box: [1, 2, 3, 4].map((i) => Number(m[i])) });
  }
  return out;
}

describe('PDF/A text layer', () => {
  it('gives every OCR word back, each where the OCR found it (within 1 % of the page)', async () => {
    const words = await bboxWords(join(dir, 'a.pdf'));
    const pt = 72 / DPI;
    const pageW = (ocr.width * 72) / DPI;
    const pageH = (ocr.height * 72) / DPI;
    let missing = 0;
    const unused = [...words];
    for (const w of ocr.words) {
      const at = unused.findIndex((u) => u.text === w.text);
      if (at < 0) {
        missing++;
        continue;
      }
      const [x0, y0, x1, y1] = unused[at]!.box as [number, number, number, number];
      unused.splice(at, 1);
      expect(Math.abs(x0 - w.bbox.x0 * pt) / pageW, w.text).toBeLessThan(0.01);
      expect(Math.abs(x1 - w.bbox.x1 * pt) / pageW, w.text).toBeLessThan(0.01);
      expect(Math.abs(y0 - w.bbox.y0 * pt) / pageH, w.text).toBeLessThan(0.01);
      expect(Math.abs(y1 - w.bbox.y1 * pt) / pageH, w.text).toBeLessThan(0.01);
    }
    expect(missing / ocr.words.length).toBeLessThanOrEqual(0.005);
  });
});

describe('PDF/A metadata', () => {
  it('carries the draft values and their confidences in XMP, declared for PDF/A', () => {
    const text = pdfA.toString('latin1');
    const start = text.indexOf('<?xpacket begin=');
    const end = text.indexOf('<?xpacket end=', start);
    const xmp = pdfA.subarray(start, end).toString('utf8');
    expect(xmp).toContain('<sohoaDraft:organ>ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN</sohoaDraft:organ>');
    expect(xmp).toContain('<sohoaDraft:organConfidence>0.950</sohoaDraft:organConfidence>');
    expect(xmp).toContain('<sohoaDraft:numberConfidence>1.000</sohoaDraft:numberConfidence>');
    // a field not found has its confidence and no value
    expect(xmp).toContain(
      '<sohoaDraft:signerNameConfidence>0.000</sohoaDraft:signerNameConfidence>',
    );
    expect(xmp).not.toContain('<sohoaDraft:signerName>');
    // every property outside the predefined schemas is described (ISO 19005-2 §6.6.2.3)
    expect(xmp).toContain(
      '<pdfaSchema:namespaceURI>urn:sohoa:ns:draft:1.0/</pdfaSchema:namespaceURI>',
    );
    expect(xmp).toContain('<pdfaProperty:name>organConfidence</pdfaProperty:name>');
  });
});

describe('signPdf', () => {
  it('appends the signature as an incremental update: the PDF/A bytes stay as they were', () => {
    expect(signed.length).toBeGreaterThan(pdfA.length);
    expect(signed.subarray(0, pdfA.length).equals(pdfA)).toBe(true);
    expect(signed.subarray(pdfA.length).toString('latin1')).toContain('/Prev ');
  });

  it('is valid for our verifier and for poppler, covering the whole file', async () => {
    const report = await verifyPdfSignature(signed);
    expect(report).toMatchObject({
      signatures: 1,
      valid: true,
      coversWholeFile: true,
      subFilter: 'ETSI.CAdES.detached',
      problems: [],
    });
    expect(report.signer).toContain(`O=${ORG}`);
    const { stdout } = await run('pdfsig', [join(dir, 'signed.pdf')]);
    expect(stdout).toContain('Signature is Valid');
    expect(stdout).toContain('Total document signed');
    expect(stdout).toContain('ETSI.CAdES.detached');
  });

  it('keeps the file PDF/A-2u and sound', async () => {
    await run('qpdf', ['--check', join(dir, 'signed.pdf')]);
    if (existsSync(PDFA_CHECK)) {
      const { stdout } = await run(PDFA_CHECK, ['--level', '2u', join(dir, 'signed.pdf')]);
      expect(stdout).toContain('PASS');
    }
  });

  it('shows the organization and the Vietnam time at the top right of page 1, in 10 pt', async () => {
    const words = await bboxWords(join(dir, 'signed.pdf'));
    const pageW = (ocr.width * 72) / DPI;
    const time = words.find((w) => w.text === vietnamTime(signedAt));
    expect(vietnamTime(signedAt)).toBe('2026-11-21T16:30:15+07:00');
    expect(time).toBeDefined();
    const org = words.find((w) => w.text === 'HƯNG');
    expect(org).toBeDefined();
    for (const w of [time!, org!]) {
      const [x0, y0, , y1] = w.box as [number, number, number, number];
      expect(x0).toBeGreaterThan(pageW * 0.5);
      expect(y0).toBeLessThan(60);
      // A 10 pt line: poppler's box is the font's ascent to descent, about 11–12 pt.
      expect(y1 - y0).toBeGreaterThan(9);
      expect(y1 - y0).toBeLessThan(13);
    }
    // The OCR text is still all there beside it.
    expect(words.some((w) => w.text === 'KẾ')).toBe(true);
  });

  it('reports one changed byte inside the page image, as pdfsig does', async () => {
    const bad = Buffer.from(signed);
    const image = bad.indexOf('/Subtype /Image');
    const at = bad.indexOf('stream', image) + 200;
    bad[at] = bad[at]! ^ 0x01;
    await writeFile(join(dir, 'bad.pdf'), bad);
    const report = await verifyPdfSignature(bad);
    expect(report.valid).toBe(false);
    expect(report.problems.join(' ')).toMatch(/đã bị thay đổi|modified/);
    const { stdout } = await run('pdfsig', [join(dir, 'bad.pdf')]).catch(
      (e: { stdout: string }) => e,
    );
    expect(stdout).toContain('Digest Mismatch');
  });

  it('reports bytes added after signing, and a file never signed', async () => {
    const grown = Buffer.concat([signed, Buffer.from('% added later\n')]);
    const report = await verifyPdfSignature(grown);
    expect(report.coversWholeFile).toBe(false);
    expect(report.problems.length).toBeGreaterThan(0);
    expect(await verifyPdfSignature(pdfA)).toMatchObject({ signatures: 0, valid: false });
  });

  it('refuses to sign twice, and a certificate file with the wrong password', async () => {
    await expect(signPdf(signed, identity, { signedAt })).rejects.toMatchObject({
      code: 'sign.already_signed',
    });
    const p12 = createDevelopmentP12(ORG, 'right');
    const err = await loadSigningIdentity(p12, 'wrong').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StageError);
    expect(err).toMatchObject({ code: 'sign.p12_unreadable' });
  });
});
