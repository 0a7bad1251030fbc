/**
 * The stable CLI contract end to end, as outside checks run it: `sohoa process` over pages rendered
 * in code (two documents split by a Patch T sheet), its result.json, ocr.json and signed PDFs;
 * `sohoa verify` on them and on a tampered copy; and `check:pdfs` over the whole output.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OcrPageJson, ProcessJson } from '../../pipeline/cli/process.js';
import { ADMIN_FIRST_PAGE, renderPage, renderPatchSheet } from '../fixtures/render.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const tsx = (script: string, args: string[]) =>
  run(process.execPath, ['--import', 'tsx', join(ROOT, script), ...args], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, LOG_LEVEL: 'silent' },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

let dir: string;
let out: string;
let result: ProcessJson;
let words: OcrPageJson[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sohoa-cli-'));
  out = join(dir, 'out');
  const pages = [
    await renderPage({ lines: ADMIN_FIRST_PAGE, dpi: 200, skewDeg: 2.5 }),
    await renderPage({ lines: ADMIN_FIRST_PAGE.slice(6), dpi: 200 }),
    await renderPatchSheet({ dpi: 200 }),
    await renderPage({ lines: ADMIN_FIRST_PAGE, dpi: 200 }),
  ];
  const files: string[] = [];
  for (const [i, p] of pages.entries()) {
    const f = join(dir, `p${i + 1}.png`);
    await writeFile(f, p.png);
    files.push(f);
  }
  const r = await tsx('pipeline/cli/main.ts', [
    'process',
    '--out',
    out,
    '--dossier',
    'HS-CLI',
    ...files,
  ]);
  expect(r.code, r.stderr).toBe(0);
  result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8')) as ProcessJson;
  words = JSON.parse(await readFile(join(out, 'ocr.json'), 'utf8')) as OcrPageJson[];
}, 300_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sohoa process', () => {
  it('splits at the separator sheet and names the PDFs <dossier>.<n>.pdf', async () => {
    expect(result.pages).toHaveLength(4);
    expect(result.pages[2]?.isSeparator).toBe(true);
    expect(result.documents.map((d) => d.pages)).toEqual([[0, 1], [3]]);
    expect(result.documents.map((d) => d.pdf)).toEqual(['HS-CLI.1.pdf', 'HS-CLI.2.pdf']);
    expect((await readdir(out)).filter((f) => f.endsWith('.pdf')).sort()).toEqual([
      'HS-CLI.1.pdf',
      'HS-CLI.2.pdf',
    ]);
    expect(Math.abs((result.pages[0]?.skewDeg ?? 0) - 2.5)).toBeLessThan(0.1);
  });

  it('drafts the dossier from its documents: a series title, dates and totals', () => {
    expect(result.documents.map((d) => d.metadata.pageCount)).toEqual(['2', '1']);
    expect(result.documents[0]?.metadata.number).toBe('146');
    expect(result.dossier).toMatchObject({
      totalDocs: 2,
      pageCount: 3,
      startDate: '2021-05-18',
      endDate: '2021-05-18',
    });
    // two plans of one organ: kept together as a series, a suggestion the reviewer confirms
    expect(result.dossier.title).toMatch(/^Tập lưu kế hoạch của .+ năm 2021$/u);
    expect(result.dossier.confidence.title).toBeLessThan(0.7);
  });

  it('signs with a development certificate when none is configured, and says so', () => {
    expect(result.signedBy.development).toBe(true);
    expect(result.signedBy.subject).toContain('sohoa development certificate');
  });

  it('writes each page’s OCR words with boxes inside the page', () => {
    expect(words.map((w) => w.page)).toEqual([0, 1, 2, 3]);
    const first = words[0]!;
    expect(first.words.map((w) => w.text).join(' ')).toContain('KẾ HOẠCH');
    for (const w of first.words) {
      expect(w.bbox[0]).toBeGreaterThanOrEqual(0);
      expect(w.bbox[2]).toBeLessThanOrEqual(first.width ?? 0);
      expect(w.bbox[3]).toBeLessThanOrEqual(first.height ?? 0);
    }
  });
});

describe('sohoa verify and check:pdfs', () => {
  it('finds the PDFs valid, and a copy with one changed image byte not', async () => {
    const pdfs = result.documents.map((d) => join(out, d.pdf));
    const ok = await tsx('pipeline/cli/main.ts', ['verify', ...pdfs]);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toContain('HỢP LỆ / VALID');

    const bytes = await readFile(pdfs[0]!);
    const at = bytes.indexOf('stream', bytes.indexOf('/Subtype /Image')) + 100;
    bytes[at] = bytes[at]! ^ 0x01;
    const bad = join(dir, 'tampered.pdf');
    await writeFile(bad, bytes);
    const no = await tsx('pipeline/cli/main.ts', ['verify', bad]);
    expect(no.code).toBe(1);
    expect(no.stdout).toContain('KHÔNG HỢP LỆ / NOT VALID');
  });

  it('passes every check over the output: PDF/A, qpdf, pdfsig, tampering, text and word boxes', async () => {
    const r = await tsx('scripts/check-pdfs.ts', [out]);
    expect(r.code, r.stdout).toBe(0);
    const figures = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as Record<
      string,
      number | null
    >;
    expect(figures).toMatchObject({
      pdfs: 2,
      qpdfPass: 2,
      pdfsigValidWhole: 2,
      verifierValidWhole: 2,
      tamperNoticedPdfsig: 2,
      tamperNoticedVerifier: 2,
      failures: 0,
      bboxWordsBeyond1pct: 0,
    });
    expect(figures['wordsMissingPooled']).toBeLessThanOrEqual(0.005);
  });
});
