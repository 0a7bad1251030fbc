/**
 * `sohoa process [--out DIR] [--dossier CODE] FILES...`
 *
 * Runs the whole pipeline in this process, without Redis or PostgreSQL: how an archivist processes a
 * folder of existing scans, and how the benchmarks and outside checks run the pipeline. Writes
 * `DIR/result.json` and one PDF/A per document found.
 */
import { runMain } from '../../core/run-main.js';
import { loadDotEnv } from '../../core/env-file.js';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { verifyPdfSignature } from '../../core/signature/verify-pdf.js';
import { loadStageConfig } from '../config.js';
import { runProcess } from './process.js';

loadDotEnv();

const USAGE = `Cách dùng / Usage:
  sohoa process [--out DIR] [--dossier MÃ_HỒ_SƠ] FILES_OR_FOLDERS...
  sohoa verify FILE.pdf...

Xử lý các tệp quét (JPEG, PNG, TIFF, PDF) theo thứ tự, ghi DIR/result.json và một tệp PDF/A cho
mỗi tài liệu. / Processes scanned files (JPEG, PNG, TIFF, PDF) in order, writes DIR/result.json and
one PDF/A per document.

  --out DIR         thư mục kết quả / output folder (default ./sohoa-out)
  --dossier CODE    mã hồ sơ dùng đặt tên PDF / dossier code used to name the PDFs
                    (default: the first file's name)
  --jobs N          số trang xử lý song song / pages processed at once (default: CPU cores)

verify: kiểm tra chữ ký số của từng PDF (toàn vẹn, người ký, thời gian); mã thoát 1 nếu có tệp không
hợp lệ. / Verifies each PDF's digital signature (integrity, signer, time); exits 1 when any is not valid.
`;

/** `sohoa verify FILES...`: one line per file, then what is wrong with it. */
async function verify(files: string[]): Promise<number> {
  if (files.length === 0) {
    process.stderr.write(`Chưa chỉ định tệp nào / No files given.\n\n${USAGE}`);
    return 2;
  }
  let bad = 0;
  for (const file of files) {
    const r = await verifyPdfSignature(await readFile(file));
    const ok = r.valid && r.coversWholeFile;
    if (!ok) bad++;
    process.stdout.write(
      `${ok ? 'HỢP LỆ / VALID' : 'KHÔNG HỢP LỆ / NOT VALID'}  ${file}` +
        (r.signer !== null ? `\n  ${r.signer}, ${r.signedAt ?? ''}` : '') +
        r.problems.map((p) => `\n  - ${p}`).join('') +
        '\n',
    );
  }
  return bad > 0 ? 1 : 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === 'verify') return verify(rest);
  if (command !== 'process') {
    process.stderr.write(`Lệnh không hợp lệ / Unknown command: ${command}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      out: { type: 'string', default: './sohoa-out' },
      dossier: { type: 'string' },
      jobs: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length === 0) {
    process.stderr.write(`Chưa chỉ định tệp nào / No files given.\n\n${USAGE}`);
    return 2;
  }
  const config = loadStageConfig(process.env);
  const jobs = values.jobs === undefined ? config.ocr.workers : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) {
    process.stderr.write(`--jobs phải là số nguyên dương / --jobs must be a positive integer\n`);
    return 2;
  }
  const outDir = resolve(values.out);
  await mkdir(outDir, { recursive: true });
  const result = await runProcess(positionals, {
    config,
    jobs,
    dossierCode: values.dossier,
    onProgress: (done, total, label) => {
      process.stderr.write(`[${done}/${total}] ${label}\n`);
    },
  });
  for (const doc of result.pdfs) await writeFile(join(outDir, doc.name), doc.bytes);
  await writeFile(join(outDir, 'result.json'), `${JSON.stringify(result.json, null, 2)}\n`);
  // Word boxes per page: what the PDFs' text layers were built from (checked by check-pdfs).
  await writeFile(join(outDir, 'ocr.json'), `${JSON.stringify(result.words)}\n`);
  const failed = result.json.pages.filter((p) => p.error !== null).length;
  process.stderr.write(
    `Xong / Done: ${result.json.pages.length} trang / pages, ${result.json.documents.length} tài liệu / documents` +
      (failed > 0 ? `, ${failed} trang lỗi / failed pages` : '') +
      ` → ${outDir}\n`,
  );
  return failed > 0 ? 1 : 0;
}

runMain(main);
