/**
 * `npm run eval:metadata [-- CORPUS] [--jobs N] [--no-cache] [--errors]`: how well the draft
 * metadata and the document boundaries match a corpus's truth. Every unit of the manifest (batch,
 * stand-alone document, real document with a hand reading) goes through the page stages and then
 * the document stages exactly as the worker runs them; the figures are per-field exact match and
 * character similarity, and boundary precision / recall. Prints a table per group, the acceptance
 * bars the `vn` set misses, and one JSON line of figures last.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppError } from '../core/errors.js';
import { runMain } from '../core/run-main.js';
import { loadStageConfig } from '../pipeline/config.js';
import type { DraftMetadata } from '../pipeline/domain.js';
import { planDocuments } from '../pipeline/dossier-pipeline.js';
import { forAssembly, pageRefKey, readPages } from './metadata-eval/pages.js';
import {
  missedBars,
  scoreUnit,
  summarize,
  type GroupSummary,
  type PredictedDocument,
  type UnitScore,
} from './metadata-eval/score.js';
import {
  EVAL_FIELDS,
  loadEvalUnits,
  type EvalField,
  type EvalUnit,
} from './metadata-eval/truth.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `Cách dùng / Usage: npm run eval:metadata -- [CORPUS] [--jobs N] [--no-cache] [--errors] [--out FILE]

  CORPUS      thư mục có manifest.json / folder with manifest.json (default ../shared/corpus)
  --jobs N    số trang đọc song song / pages read at once (default: CPU cores)
  --no-cache  đọc lại mọi trang / read every page again (default: reuse bench-out/eval-metadata/pages)
  --errors    in từng trường sai / print every wrong field
  --out FILE  chi tiết từng tài liệu / per-document details (default bench-out/eval-metadata/last.json)
`;

interface Args {
  corpus: string;
  jobs: number | undefined;
  cache: boolean;
  errors: boolean;
  out: string;
}

function parse(argv: string[]): Args | null {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      jobs: { type: 'string' },
      'no-cache': { type: 'boolean', default: false },
      errors: { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return null;
  let jobs: number | undefined;
  if (values.jobs !== undefined) {
    jobs = Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) {
      throw new AppError('bench.bad_args', {
        message: `--jobs phải là số nguyên dương / --jobs must be a positive integer: ${values.jobs}`,
        hint: USAGE,
        retryable: false,
      });
    }
  }
  return {
    corpus: resolve(positionals[0] ?? join(REPO, '../shared/corpus')),
    jobs,
    cache: !values['no-cache'],
    errors: values.errors,
    out: resolve(values.out ?? join(REPO, 'bench-out/eval-metadata/last.json')),
  };
}

/** The drafted values as the truth states them (page count as a string). */
function predictedFields(m: DraftMetadata, pageCount: number): PredictedDocument['fields'] {
  const out = {} as Record<EvalField, string | null>;
  for (const f of EVAL_FIELDS) {
    out[f] = m[f]?.value ?? (f === 'pageCount' ? String(pageCount) : null);
  }
  return out;
}

function predict(unit: EvalUnit, readings: Awaited<ReturnType<typeof readPages>>) {
  const pages = unit.pages.map((ref, i) => {
    const r = readings.get(pageRefKey(ref));
    if (r === undefined) throw new Error(`page ${ref.id} was not read`);
    return forAssembly(r, i);
  });
  return planDocuments(pages, 1).map((d): PredictedDocument => {
    const confidence: Partial<Record<EvalField, number>> = {};
    for (const f of EVAL_FIELDS) {
      const c = d.metadata[f]?.confidence;
      if (c !== undefined) confidence[f] = c;
    }
    return {
      pages: d.split.pages.map((ix) => unit.pages[ix]?.id ?? `#${ix}`),
      boundaryConfidence: d.split.boundaryConfidence,
      fields: predictedFields(d.metadata, d.split.pages.length),
      confidence,
    };
  });
}

const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);

function table(name: string, s: GroupSummary): string {
  const lines = [
    `${name}: ${s.documents} tài liệu / documents in ${s.units} đơn vị / units`,
    `  ${'trường / field'.padEnd(18)} ${'n'.padStart(4)} ${'đúng / exact'.padStart(13)} ${'giống / sim'.padStart(12)} ${'trống / empty'.padStart(14)}`,
  ];
  for (const f of s.fields) {
    lines.push(
      `  ${f.field.padEnd(18)} ${String(f.documents).padStart(4)} ${pct(f.exact).padStart(13)} ${pct(f.similarity).padStart(12)} ${pct(f.empty).padStart(14)}`,
    );
  }
  const b = s.boundaries;
  const ib = s.innerBoundaries;
  lines.push(
    `  ranh giới / boundaries: P ${pct(b.precision)} R ${pct(b.recall)} (${b.predicted} found, ${b.expected} expected, ${b.exactDocuments} documents exact); ` +
      `inside units: P ${pct(ib.precision)} R ${pct(ib.recall)} (${ib.predicted} / ${ib.expected})`,
  );
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const args = parse(argv);
  if (args === null) {
    process.stdout.write(USAGE);
    return 0;
  }
  const config = loadStageConfig(process.env);
  const units = await loadEvalUnits(args.corpus);
  const refs = units.flatMap((u) => u.pages);
  const jobs = args.jobs ?? config.ocr.workers;
  process.stderr.write(
    `eval:metadata: ${units.length} đơn vị / units, ${new Set(refs.map(pageRefKey)).size} trang / pages, ${jobs} jobs\n`,
  );
  const started = Date.now();
  const readings = await readPages(refs, {
    config,
    jobs,
    cacheDir: args.cache ? join(REPO, 'bench-out/eval-metadata/pages') : null,
    onProgress: (done, total, label, cached) => {
      process.stderr.write(`  [${done}/${total}] ${label}${cached ? ' (cache)' : ''}\n`);
    },
  });
  const pagesSeconds = (Date.now() - started) / 1000;

  const scores: UnitScore[] = [];
  const details: unknown[] = [];
  for (const unit of units) {
    const predicted = predict(unit, readings);
    scores.push(scoreUnit(unit, predicted));
    details.push({ unit: unit.id, group: unit.group, expected: unit.documents, predicted });
  }
  const groups: Record<string, GroupSummary> = {};
  for (const g of ['vn', 'real'] as const) {
    const xs = scores.filter((s) => s.group === g);
    if (xs.length > 0) groups[g] = summarize(xs);
  }
  for (const [name, s] of Object.entries(groups)) process.stdout.write(`${table(name, s)}\n\n`);

  if (args.errors) {
    for (const s of scores) {
      for (const f of s.fields) {
        if (f.exact) continue;
        process.stdout.write(
          `  ✗ ${f.document} ${f.field}: ${JSON.stringify(f.truth)} ≠ ${JSON.stringify(f.got)} (conf ${f.confidence ?? '—'})\n`,
        );
      }
    }
  }
  const vn = groups.vn;
  const missed = vn === undefined ? [] : missedBars(vn);
  process.stdout.write(
    missed.length === 0
      ? 'Đạt mọi ngưỡng nghiệm thu / Every acceptance bar met (vn)\n'
      : `Chưa đạt / Bars missed (vn): ${missed.join('; ')}\n`,
  );
  await mkdir(dirname(args.out), { recursive: true });
  await writeFile(
    args.out,
    `${JSON.stringify({ corpus: args.corpus, groups, details }, null, 1)}\n`,
  );
  process.stderr.write(`chi tiết / details: ${args.out}\n`);

  const compact = Object.fromEntries(
    Object.entries(groups).map(([g, s]) => [
      g,
      {
        documents: s.documents,
        fields: Object.fromEntries(
          s.fields.map((f) => [
            f.field,
            { exact: round(f.exact), similarity: round(f.similarity), empty: round(f.empty) },
          ]),
        ),
        boundaries: {
          precision: round(s.boundaries.precision),
          recall: round(s.boundaries.recall),
          innerPrecision: round(s.innerBoundaries.precision),
          innerRecall: round(s.innerBoundaries.recall),
          exactDocuments: s.boundaries.exactDocuments,
        },
      },
    ]),
  );
  process.stdout.write(
    `${JSON.stringify({ corpus: args.corpus, pagesSeconds: Math.round(pagesSeconds), acceptanceMissed: missed, ...compact })}\n`,
  );
  return 0;
}

const round = (x: number | null): number | null =>
  x === null ? null : Math.round(x * 10000) / 10000;

runMain(main);
