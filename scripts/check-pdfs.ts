/**
 * `npm run check:pdfs -- DIR`: checks every PDF a `sohoa process --out DIR` run wrote, with the
 * tools an archive and its readers use, and prints the figures issue 4 asks for:
 * - PDF/A-2u clauses (../shared/tools/pdfa-check, when that folder is there) and `qpdf --check`;
 * - the signature: poppler's `pdfsig` and our verifier both find it valid over the whole file, and
 *   both report the file modified once one byte inside a page image is changed (on a copy);
 * - the text layer: `pdftotext` of each page against the OCR words of `DIR/ocr.json` (share of
 *   words missing, as a multiset), and `pdftotext -bbox` word boxes against the OCR boxes
 *   (distance as a share of the page size);
 * - bytes per page.
 * The last line is one JSON object of all figures. Exit 1 when any PDF fails a check.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runMain } from '../core/run-main.js';
import { verifyPdfSignature } from '../core/signature/verify-pdf.js';
import type { OcrPageJson, ProcessJson } from '../pipeline/cli/process.js';

const exec = promisify(execFile);
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PDFA_CHECK = resolve(REPO, '../shared/tools/pdfa-check');

/** Runs a tool; its exit code and output, never a throw for a non-zero exit. */
async function tool(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await exec(cmd, args, { maxBuffer: 256 * 1024 * 1024 });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof e.code === 'number' ? e.code : 1,
      out: (e.stdout ?? '') + (e.stderr ?? ''),
    };
  }
}

interface BoxWord {
  readonly text: string;
  readonly box: readonly [number, number, number, number];
}

async function bboxWords(pdf: string, page: number): Promise<BoxWord[]> {
  const { out } = await tool('pdftotext', [
    '-bbox',
    '-enc',
    'UTF-8',
    '-f',
    `${page}`,
    '-l',
    `${page}`,
    pdf,
    '-',
  ]);
  const re =
    /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
  return [...out.matchAll(re)].map((m) => ({
    text: m[5]!
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .normalize('NFC'),
    box: [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])],
  }));
}

const words = (text: string): string[] =>
  text
    .normalize('NFC')
    .split(/\s+/)
    .filter((w) => w !== '');

/**
 * Missing words of `want` (OCR order) in `got`, counted as a multiset. pdftotext joins a word
 * hyphenated at the end of a line with the first word of the next ("weath-" "ered" → "weathered"):
 * such a pair counts as found when the joined word is there.
 */
function missingWords(want: readonly string[], got: readonly string[]): number {
  const bag = new Map<string, number>();
  for (const w of got) bag.set(w, (bag.get(w) ?? 0) + 1);
  const take = (w: string): boolean => {
    const n = bag.get(w) ?? 0;
    if (n > 0) bag.set(w, n - 1);
    return n > 0;
  };
  let missing = 0;
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    if (take(w)) continue;
    const next = want[i + 1];
    if (w.length > 1 && w.endsWith('-') && next !== undefined && take(w.slice(0, -1) + next)) {
      i++;
      continue;
    }
    missing++;
  }
  return missing;
}

const quantile = (xs: number[], q: number): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? null;
};

async function main(argv: string[]): Promise<number> {
  const dir = argv[0];
  if (dir === undefined) {
    process.stderr.write(
      'Cách dùng / Usage: npm run check:pdfs -- DIR (the --out of sohoa process)\n',
    );
    return 2;
  }
  const result = JSON.parse(await readFile(join(dir, 'result.json'), 'utf8')) as ProcessJson;
  const ocr = JSON.parse(await readFile(join(dir, 'ocr.json'), 'utf8')) as OcrPageJson[];
  const tmp = await mkdtemp(join(tmpdir(), 'sohoa-check-'));
  const hasPdfaCheck = existsSync(PDFA_CHECK);
  const failures: string[] = [];
  let pdfaPass = 0;
  let qpdfPass = 0;
  let pdfsigValid = 0;
  let oursValid = 0;
  let tamperPdfsig = 0;
  let tamperOurs = 0;
  let ocrWords = 0;
  let missing = 0;
  const pageMissing: number[] = [];
  const deviations: number[] = [];
  let bytes = 0;
  let pages = 0;
  let n = 0;
  for (const doc of result.documents) {
    n++;
    const pdf = join(dir, doc.pdf);
    const data = await readFile(pdf);
    bytes += data.length;
    pages += doc.pages.length;
    const fail = (what: string): void => {
      failures.push(`${doc.pdf}: ${what}`);
    };
    if (hasPdfaCheck) {
      const r = await tool(PDFA_CHECK, ['--level', '2u', pdf]);
      if (r.code === 0) pdfaPass++;
      else fail(`pdfa-check: ${r.out.trim()}`);
    }
    const q = await tool('qpdf', ['--check', pdf]);
    if (q.code === 0) qpdfPass++;
    else fail(`qpdf --check exit ${q.code}`);
    const sig = await tool('pdfsig', [pdf]);
    if (sig.out.includes('Signature is Valid') && sig.out.includes('Total document signed'))
      pdfsigValid++;
    else fail('pdfsig: not valid or not total');
    const ours = await verifyPdfSignature(data);
    if (ours.valid && ours.coversWholeFile) oursValid++;
    else fail(`verify: ${ours.problems.join('; ')}`);

    const bad = Buffer.from(data);
    const at = bad.indexOf('stream', bad.indexOf('/Subtype /Image')) + 64;
    bad[at] = bad[at]! ^ 0x01;
    const badPath = join(tmp, 'tampered.pdf');
    await writeFile(badPath, bad);
    if ((await tool('pdfsig', [badPath])).out.includes('Digest Mismatch')) tamperPdfsig++;
    else fail('pdfsig did not notice a changed image byte');
    if (!(await verifyPdfSignature(bad)).valid) tamperOurs++;
    else fail('verify did not notice a changed image byte');

    for (const [k, index] of doc.pages.entries()) {
      const page = ocr[index];
      if (page === undefined || page.dpi === null || page.width === null || page.height === null)
        continue;
      const want = page.words.flatMap((w) => words(w.text));
      const got = words(
        (await tool('pdftotext', ['-enc', 'UTF-8', '-f', `${k + 1}`, '-l', `${k + 1}`, pdf, '-']))
          .out,
      );
      const miss = missingWords(want, got);
      ocrWords += want.length;
      missing += miss;
      if (want.length > 0) pageMissing.push(miss / want.length);
      const boxes = await bboxWords(pdf, k + 1);
      const wPt = (page.width * 72) / page.dpi.x;
      const hPt = (page.height * 72) / page.dpi.y;
      // Each OCR word is paired with a pdftotext word of the same text, nearest pairs first, so a
      // word repeated on the page ("-", "và") is paired with the copy where it is.
      const pairs: { o: number; b: number; d: number }[] = [];
      page.words.forEach((w, o) => {
        const [x0, y0, x1, y1] = [
          (w.bbox[0] * 72) / page.dpi!.x,
          (w.bbox[1] * 72) / page.dpi!.y,
          (w.bbox[2] * 72) / page.dpi!.x,
          (w.bbox[3] * 72) / page.dpi!.y,
        ];
        const text = w.text.normalize('NFC');
        boxes.forEach((b, i) => {
          if (b.text !== text) return;
          const d = Math.max(
            Math.abs(b.box[0] - x0) / wPt,
            Math.abs(b.box[2] - x1) / wPt,
            Math.abs(b.box[1] - y0) / hPt,
            Math.abs(b.box[3] - y1) / hPt,
          );
          pairs.push({ o, b: i, d });
        });
      });
      pairs.sort((a, b) => a.d - b.d);
      const usedO = new Set<number>();
      const usedB = new Set<number>();
      for (const p of pairs) {
        if (usedO.has(p.o) || usedB.has(p.b)) continue;
        usedO.add(p.o);
        usedB.add(p.b);
        deviations.push(p.d);
      }
    }
    process.stderr.write(`[${n}/${result.documents.length}] ${doc.pdf}\n`);
  }
  await rm(tmp, { recursive: true, force: true });
  const pct = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(2)} %`);
  const figures = {
    pdfs: result.documents.length,
    pages,
    pdfaCheckPass: hasPdfaCheck ? pdfaPass : null,
    qpdfPass,
    pdfsigValidWhole: pdfsigValid,
    verifierValidWhole: oursValid,
    tamperNoticedPdfsig: tamperPdfsig,
    tamperNoticedVerifier: tamperOurs,
    wordsMissingPooled: ocrWords === 0 ? null : missing / ocrWords,
    wordsMissingPageMax: pageMissing.length === 0 ? null : Math.max(...pageMissing),
    bboxDeviationMedian: quantile(deviations, 0.5),
    bboxDeviationP99: quantile(deviations, 0.99),
    bboxDeviationMax: deviations.length === 0 ? null : Math.max(...deviations),
    bboxWordsBeyond1pct: deviations.filter((d) => d > 0.01).length,
    bboxWordsMatched: deviations.length,
    bytesPerPage: pages === 0 ? null : Math.round(bytes / pages),
    failures: failures.length,
  };
  const rows: [string, string][] = [
    ['PDF / PDFs', `${figures.pdfs} (${pages} trang / pages)`],
    [
      'pdfa-check --level 2u',
      hasPdfaCheck ? `${pdfaPass}/${figures.pdfs}` : 'không có / not available',
    ],
    ['qpdf --check', `${qpdfPass}/${figures.pdfs}`],
    ['pdfsig: hợp lệ, toàn bộ tệp / valid, whole file', `${pdfsigValid}/${figures.pdfs}`],
    ['sohoa verify: hợp lệ / valid', `${oursValid}/${figures.pdfs}`],
    [
      'Sửa 1 byte ảnh bị phát hiện / one image byte changed, noticed: pdfsig, sohoa',
      `${tamperPdfsig}, ${tamperOurs}`,
    ],
    [
      'Từ OCR thiếu trong pdftotext / OCR words missing from pdftotext',
      `${pct(figures.wordsMissingPooled)} (trang tệ nhất / worst page ${pct(figures.wordsMissingPageMax)})`,
    ],
    [
      'Lệch hộp từ / word box deviation median, p99, max (of page size)',
      `${pct(figures.bboxDeviationMedian)}, ${pct(figures.bboxDeviationP99)}, ${pct(figures.bboxDeviationMax)}`,
    ],
    [
      'Từ lệch > 1 % / words beyond 1 %',
      `${figures.bboxWordsBeyond1pct} / ${figures.bboxWordsMatched}`,
    ],
    ['Byte/trang / bytes per page', `${figures.bytesPerPage ?? '—'}`],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`);
  for (const f of failures.slice(0, 20)) process.stdout.write(`  - ${f}\n`);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  return failures.length > 0 ? 1 : 0;
}

runMain(main);
