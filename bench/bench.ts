/**
 * `npm run bench -- [CORPUS_DIR] [--set vn|real|all] [--limit N] [--no-ocrmypdf] [--jobs N]
 *  [--out DIR] [--reuse-ours DIR] [--reuse-ocrmypdf DIR]`
 *
 * Our pipeline beside OCRmyPDF on the same pages, one after the other on the same machine: speed,
 * peak memory, OCR error, deskew and orientation error, blank/separator detection, PDF size.
 * Progress goes to stderr; stdout gets the method, the table, and last one line of JSON.
 */
import { runMain } from '../core/run-main.js';
import { availableParallelism, loadavg } from 'node:os';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppError } from '../core/errors.js';
import { loadStageConfig } from '../pipeline/config.js';
import { loadCorpus, type BenchCorpus, type BenchSet, type PageTruth } from './corpus.js';
import type { Observation, SystemRun } from './observation.js';
import {
  ocrmypdfObservations,
  ocrmypdfVersion,
  readOcrmypdfRuns,
  runOcrmypdf,
  type OcrmypdfRuns,
} from './ocrmypdf.js';
import { observationsFromResult, readResult, runOurs, selectPages } from './ours.js';
import { measureDeskew } from './tesseract-deskew.js';
import { METHOD, USAGE } from './method.js';
import {
  ACCEPTANCE,
  meetsAcceptance,
  pageScore,
  reportJson,
  speedRatio,
  systemFigures,
  type BenchReport,
} from './report.js';
import { iiifTilesLine } from './iiif-tiles.js';
import { formatTable } from './table.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Args {
  corpus: string;
  set: BenchSet;
  limit: number | undefined;
  ocrmypdf: boolean;
  jobs: number | undefined;
  out: string;
  reuseOurs: string | undefined;
  reuseOcrmypdf: string | undefined;
}

function parse(argv: string[]): Args | null {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      set: { type: 'string', default: 'all' },
      limit: { type: 'string' },
      'no-ocrmypdf': { type: 'boolean', default: false },
      jobs: { type: 'string' },
      out: { type: 'string' },
      'reuse-ours': { type: 'string' },
      'reuse-ocrmypdf': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return null;
  const set = values.set;
  if (set !== 'vn' && set !== 'real' && set !== 'all') {
    throw usageError(`--set phải là vn, real hoặc all / --set must be vn, real or all: ${set}`);
  }
  const limit = positiveInt(values.limit, '--limit');
  const jobs = positiveInt(values.jobs, '--jobs');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return {
    corpus: resolve(positionals[0] ?? join(REPO, '../shared/corpus')),
    set,
    limit,
    ocrmypdf: !values['no-ocrmypdf'],
    jobs,
    out: resolve(values.out ?? join(REPO, 'bench-out', stamp)),
    reuseOurs: values['reuse-ours'] === undefined ? undefined : resolve(values['reuse-ours']),
    reuseOcrmypdf:
      values['reuse-ocrmypdf'] === undefined ? undefined : resolve(values['reuse-ocrmypdf']),
  };
}

function positiveInt(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    throw usageError(`${name} phải là số nguyên dương / ${name} must be a positive integer: ${v}`);
  }
  return n;
}

function usageError(message: string): AppError {
  return new AppError('bench.bad_args', { message, hint: USAGE, retryable: false });
}

const progress = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

async function main(argv: string[]): Promise<number> {
  const args = parse(argv);
  if (args === null) {
    process.stdout.write(USAGE);
    return 0;
  }
  const loadAtStart = loadavg()[0] ?? 0;
  const corpus = await loadCorpus(args.corpus, { set: args.set, limit: args.limit });
  const files = corpus.inputs.map((i) => i.file);
  const jobs = args.jobs ?? availableParallelism();
  await mkdir(args.out, { recursive: true });
  progress(
    `bench: ${corpus.pages.length} trang / pages, ${files.length} tệp / files → ${args.out}`,
  );

  progress(await iiifTilesLine());
  const ours = await runOursSide(args, files, corpus.pages);

  const reference = await runReferenceSide(args, corpus, jobs);
  const ref = reference?.run ?? null;

  const oursFigures = systemFigures(corpus.pages, ours, true);
  const refFigures = ref === null ? null : systemFigures(corpus.pages, ref, false);
  const report: BenchReport = {
    corpus: corpus.dir,
    set: corpus.set,
    pages: corpus.pages.length,
    files: files.length,
    jobs: reference?.jobs ?? jobs,
    jobsPassedToOurs: args.jobs !== undefined,
    loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
    ocrmypdfVersion: reference?.version ?? null,
    reused: { ours: args.reuseOurs ?? null, ocrmypdf: args.reuseOcrmypdf ?? null },
    ours: oursFigures,
    ocrmypdf: refFigures,
    speedRatio: speedRatio(oursFigures, refFigures),
    acceptance: {
      ...ACCEPTANCE,
      ours: meetsAcceptance(oursFigures),
      ocrmypdf: meetsAcceptance(refFigures),
    },
  };
  const perPage = corpus.pages.map((p) => ({
    id: p.id,
    file: p.file,
    frame: p.frame,
    truth: {
      skewDeg: p.skewDeg,
      rotationDeg: p.rotationDeg,
      isBlank: p.isBlank,
      isSeparator: p.isSeparator,
    },
    ours: pageScore(p, ours.observations.get(p.key)),
    ocrmypdf: ref === null ? null : pageScore(p, ref.observations.get(p.key)),
  }));
  const table = formatTable(report);
  const json = reportJson(report);
  await writeFile(join(args.out, 'pages.json'), `${JSON.stringify(perPage, null, 2)}\n`);
  await writeFile(join(args.out, 'report.txt'), `${METHOD}\n\n${table}\n`);
  await writeFile(join(args.out, 'report.json'), `${json}\n`);
  process.stdout.write(`${METHOD}\n\n${table}\n${json}\n`);
  return 0;
}

/** Our CLI's run, a reused result.json, or (when the CLI left nothing) a run where every page failed. */
async function runOursSide(
  args: Args,
  files: string[],
  pages: readonly PageTruth[],
): Promise<SystemRun> {
  // The CLI inherits this environment, so it turns pages back at this same confidence.
  const { orientationMinConfidence } = loadStageConfig(process.env).prepare;
  if (args.reuseOurs !== undefined) {
    const dir = existsSync(join(args.reuseOurs, 'result.json'))
      ? args.reuseOurs
      : join(args.reuseOurs, 'sohoa');
    const keys = new Set(pages.map((p) => p.key));
    const result = selectPages(await readResult(join(dir, 'result.json')), keys);
    return {
      wallMs: 0,
      peakRssBytes: 0,
      peakProcessRssBytes: 0,
      peakProcesses: 0,
      peakWorkerRssBytes: 0,
      exitCode: null,
      ...(await observationsFromResult(result, dir, orientationMinConfidence)),
    };
  }
  try {
    const run = await runOurs(files, {
      repo: REPO,
      outDir: join(args.out, 'sohoa'),
      jobs: args.jobs,
      orientationMinConfidence,
      onProgress: (line) => progress(`sohoa ${line}`),
    });
    const sample = await largestFiles(files, WORKER_SAMPLE_FILES);
    progress(
      `sohoa --jobs 1: ${sample.length} tệp lớn nhất, đo bộ nhớ 1 worker / largest files, one-worker memory`,
    );
    const one = await runOurs(sample, {
      repo: REPO,
      outDir: join(args.out, 'sohoa-1-worker'),
      jobs: 1,
      orientationMinConfidence,
      onProgress: (line) => progress(`sohoa --jobs 1 ${line}`),
    });
    return { ...run, peakWorkerRssBytes: one.peakRssBytes };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    // The reference figures are still worth having when our CLI is broken; ours show as failed.
    progress(`${err.code}: ${err.message}`);
    return {
      wallMs: 0,
      peakRssBytes: 0,
      peakProcessRssBytes: 0,
      peakProcesses: 0,
      peakWorkerRssBytes: 0,
      observations: new Map(),
      pages: 0,
      pdfBytes: 0,
      missingPdfs: [],
      failedPages: pages.length,
      exitCode: null,
    };
  }
}

/**
 * Files in the one-worker run that measures the memory of a single worker. The largest files hold
 * the largest pages (a worker's peak is set by the biggest page it decodes and reads); a handful
 * keeps the extra run to a minute or two.
 */
const WORKER_SAMPLE_FILES = 6;

/** The `n` largest of `files` by size on disk, in their original order. */
async function largestFiles(files: readonly string[], n: number): Promise<string[]> {
  const sizes = await Promise.all(files.map(async (f) => ({ f, size: (await stat(f)).size })));
  const keep = new Set(
    [...sizes]
      .sort((a, b) => b.size - a.size)
      .slice(0, n)
      .map((x) => x.f),
  );
  return files.filter((f) => keep.has(f));
}

/**
 * OCRmyPDF's side: run now, or read from an earlier bench (`--reuse-ocrmypdf`), then scored with
 * the skew its Tesseract call finds. Null when it is not run.
 */
async function runReferenceSide(
  args: Args,
  corpus: BenchCorpus,
  jobs: number,
): Promise<{ run: SystemRun; version: string; jobs: number } | null> {
  const outDir = join(args.out, 'ocrmypdf');
  let runs: OcrmypdfRuns;
  let known = new Map<string, number | null>();
  if (args.reuseOcrmypdf !== undefined) {
    const dir = existsSync(join(args.reuseOcrmypdf, 'runs.json'))
      ? args.reuseOcrmypdf
      : join(args.reuseOcrmypdf, 'ocrmypdf');
    runs = await readOcrmypdfRuns(join(dir, 'runs.json'));
    if (existsSync(join(dir, 'deskew.json'))) {
      const saved = JSON.parse(await readFile(join(dir, 'deskew.json'), 'utf8')) as Record<
        string,
        number | null
      >;
      known = new Map(Object.entries(saved));
    }
  } else {
    if (!args.ocrmypdf) return null;
    const version = await ocrmypdfVersion();
    if (version === null) {
      progress('ocrmypdf không có trong PATH, bỏ qua / ocrmypdf is not on PATH, skipped');
      return null;
    }
    const files = await runOcrmypdf(corpus.inputs, { outDir, jobs, onProgress: progress });
    runs = { version, jobs, files };
  }
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'runs.json'), `${JSON.stringify(runs, null, 2)}\n`);
  const base = await ocrmypdfObservations(corpus.inputs, runs.files);
  const skews = await measureSkews(corpus.pages, base.observations, outDir, jobs, known);
  await writeFile(join(outDir, 'deskew.json'), `${JSON.stringify(Object.fromEntries(skews))}\n`);
  const observations = new Map(base.observations);
  for (const [key, skewDeg] of skews) {
    const o = observations.get(key);
    if (o !== undefined) observations.set(key, { ...o, skewDeg });
  }
  return { run: { ...base, observations }, version: runs.version, jobs: runs.jobs };
}

/**
 * The skew OCRmyPDF's Tesseract call finds on each page with a known skew, by page key; `known`
 * values (from a reused run) are not measured again. A page OCRmyPDF failed on was never
 * deskewed: it is left out and counts as uncorrected.
 */
async function measureSkews(
  pages: readonly PageTruth[],
  observations: ReadonlyMap<string, Observation>,
  outDir: string,
  jobs: number,
  known: ReadonlyMap<string, number | null>,
): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  const todo: PageTruth[] = [];
  for (const p of pages) {
    if (p.skewDeg === null || p.isBlank || observations.get(p.key)?.error !== null) continue;
    if (known.has(p.key)) out.set(p.key, known.get(p.key) ?? null);
    else todo.push(p);
  }
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < todo.length) {
      const p = todo[next++]!;
      const skewDeg = await measureDeskew(p, join(outDir, 'deskew-ref'));
      out.set(p.key, skewDeg);
      done++;
      progress(
        `[${done}/${todo.length}] tesseract --psm 2 ${p.id}: ${skewDeg?.toFixed(3) ?? '—'}°`,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, todo.length) }, worker));
  return out;
}

runMain(main);
