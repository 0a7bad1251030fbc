/**
 * The reference side of the bench: OCRmyPDF (Debian package) on the same files, one file at a time
 * with `-j <jobs>` (OCRmyPDF then gives Tesseract jobs ÷ pages OpenMP threads, so a one-page file
 * still uses every core), and what it did read back from its output and its log.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { z } from 'zod';
import { pageKey, type BenchInput } from './corpus.js';
import { runMeasured } from './measure.js';
import type { Observation, SystemRun } from './observation.js';

const run = promisify(execFile);

/** OCRmyPDF's exit code for "page already has text" (ocrmypdf/exceptions.py `ExitCode`). */
const EXIT_ALREADY_DONE_OCR = 6;

/** `--image-dpi` for images that carry no DPI and whose true DPI the corpus does not know. */
export const FALLBACK_IMAGE_DPI = 300;

/** The version line of `ocrmypdf --version`, or null when it is not on PATH. */
export async function ocrmypdfVersion(): Promise<string | null> {
  try {
    const { stdout } = await run('ocrmypdf', ['--version']);
    return stdout.trim();
  } catch {
    return null; // not installed: the bench runs our side only
  }
}

/** How OCRmyPDF handled one input file; stored in `runs.json` so a later bench can reuse it. */
export interface OcrmypdfFileRun {
  readonly file: string;
  /** Absolute path of its output PDF */
  readonly output: string;
  readonly args: readonly string[];
  readonly exitCode: number | null;
  /** The file already had text and was run again with `--force-ocr` */
  readonly forcedOcr: boolean;
  /** Every attempt together */
  readonly wallMs: number;
  readonly peakRssBytes: number;
  /** Largest single process of the tree (Tesseract, Ghostscript or OCRmyPDF itself) */
  readonly peakProcessRssBytes: number;
  readonly peakProcesses: number;
  readonly pages: number;
  readonly bytes: number;
  /** Last lines of its log when it failed */
  readonly failure: string | null;
  /** Its orientation decisions, read from its log */
  readonly turns: readonly OrientationTurn[];
}

export interface OrientationTurn {
  /** 1-based page of the file */
  readonly page: number;
  /** Clockwise turn of the content it found */
  readonly facingDeg: number;
  readonly confidence: number;
  /** False below `--rotate-pages-threshold`: the page was left as it was */
  readonly rotated: boolean;
}

/** What `runs.json` holds. */
export interface OcrmypdfRuns {
  readonly version: string;
  readonly jobs: number;
  readonly files: readonly OcrmypdfFileRun[];
}

const RunsJson = z.object({
  version: z.string(),
  jobs: z.number().int(),
  files: z.array(
    z.object({
      file: z.string(),
      output: z.string(),
      args: z.array(z.string()),
      exitCode: z.number().int().nullable(),
      forcedOcr: z.boolean(),
      wallMs: z.number(),
      peakRssBytes: z.number(),
      // Absent in runs.json of benches before these were measured: 0, shown as not measured.
      peakProcessRssBytes: z.number().default(0),
      peakProcesses: z.number().int().default(0),
      pages: z.number().int(),
      bytes: z.number().int(),
      failure: z.string().nullable(),
      turns: z.array(
        z.object({
          page: z.number().int(),
          facingDeg: z.number(),
          confidence: z.number(),
          rotated: z.boolean(),
        }),
      ),
    }),
  ),
});

/** Reads the `runs.json` an earlier bench wrote beside OCRmyPDF's PDFs. */
export async function readOcrmypdfRuns(path: string): Promise<OcrmypdfRuns> {
  return RunsJson.parse(JSON.parse(await readFile(path, 'utf8')));
}

export interface OcrmypdfOptions {
  readonly outDir: string;
  readonly jobs: number;
  readonly onProgress?: (line: string) => void;
}

/**
 * Runs `ocrmypdf -l vie+eng --deskew --rotate-pages --output-type pdfa-2 -j N [--image-dpi D]` on
 * each input in turn, measured. A PDF that already has a text layer is run again with
 * `--force-ocr` (both attempts count in the wall time: that is what it costs an operator). A file
 * OCRmyPDF refuses is recorded with its exit code, not thrown.
 */
export async function runOcrmypdf(
  inputs: readonly BenchInput[],
  o: OcrmypdfOptions,
): Promise<OcrmypdfFileRun[]> {
  await mkdir(o.outDir, { recursive: true });
  const files: OcrmypdfFileRun[] = [];
  for (const [i, input] of inputs.entries()) {
    const output = join(o.outDir, `${String(i + 1).padStart(3, '0')}-${basename(input.file)}.pdf`);
    const args = ['-l', 'vie+eng', '--deskew', '--rotate-pages', '--output-type', 'pdfa-2'];
    args.push('-j', String(o.jobs));
    if (input.kind === 'image') {
      const dpi = await imageDpiArgument(input);
      if (dpi !== null) args.push('--image-dpi', String(dpi));
    }
    o.onProgress?.(`[${i + 1}/${inputs.length}] ocrmypdf ${basename(input.file)}`);
    let r = await runMeasured('ocrmypdf', [...args, input.file, output]);
    let wallMs = r.wallMs;
    let peak = r.peakRssBytes;
    let peakProcess = r.peakProcessRssBytes;
    let peakProcesses = r.peakProcesses;
    let forcedOcr = false;
    if (r.code === EXIT_ALREADY_DONE_OCR) {
      forcedOcr = true;
      args.push('--force-ocr');
      r = await runMeasured('ocrmypdf', [...args, input.file, output]);
      wallMs += r.wallMs;
      peak = Math.max(peak, r.peakRssBytes);
      peakProcess = Math.max(peakProcess, r.peakProcessRssBytes);
      peakProcesses = Math.max(peakProcesses, r.peakProcesses);
    }
    const ok = r.code === 0;
    files.push({
      file: input.file,
      output,
      args,
      exitCode: r.code,
      forcedOcr,
      wallMs,
      peakRssBytes: peak,
      peakProcessRssBytes: peakProcess,
      peakProcesses,
      pages: ok ? await pdfPages(output) : 0,
      bytes: ok ? (await stat(output)).size : 0,
      failure: ok ? null : r.stderr.trim().split('\n').slice(-3).join(' | '),
      turns: parseOrientationLog(r.stderr),
    });
  }
  return files;
}

/**
 * OCRmyPDF's runs as observations of the selected inputs: text per page from
 * `pdftotext -raw -f N -l N`, the content turn it found where it acted on it (0 where it did not).
 * Inputs without a run (a reused `runs.json` of another selection) have no observations. Skew is
 * left null for `measureDeskew` to fill in, since OCRmyPDF does not report it.
 */
export async function ocrmypdfObservations(
  inputs: readonly BenchInput[],
  runs: readonly OcrmypdfFileRun[],
): Promise<SystemRun> {
  const byFile = new Map(runs.map((r) => [r.file, r]));
  const observations = new Map<string, Observation>();
  const used: OcrmypdfFileRun[] = [];
  for (const input of inputs) {
    const r = byFile.get(input.file);
    if (r === undefined) continue;
    used.push(r);
    const ok = r.exitCode === 0;
    for (let frame = 0; frame < Math.max(input.frames, r.pages); frame++) {
      const turn = r.turns.find((t) => t.page === frame + 1);
      observations.set(pageKey(input.file, frame), {
        text: ok && frame < r.pages ? await pageText(r.output, frame + 1) : null,
        skewDeg: null,
        rotationDeg: turn === undefined ? null : turn.rotated ? turn.facingDeg : 0,
        isBlank: null,
        isSeparator: null,
        error: ok ? null : `ocrmypdf exit ${r.exitCode ?? 'signal'}: ${r.failure ?? ''}`,
      });
    }
  }
  return {
    wallMs: used.reduce((n, r) => n + r.wallMs, 0),
    peakRssBytes: Math.max(0, ...used.map((r) => r.peakRssBytes)),
    peakProcessRssBytes: Math.max(0, ...used.map((r) => r.peakProcessRssBytes)),
    peakProcesses: Math.max(0, ...used.map((r) => r.peakProcesses)),
    // Each OCRmyPDF worker is a process (with Tesseract or Ghostscript children of its own).
    peakWorkerRssBytes: Math.max(0, ...used.map((r) => r.peakProcessRssBytes)),
    observations,
    pages: used.reduce((n, r) => n + r.pages, 0),
    pdfBytes: used.reduce((n, r) => n + r.bytes, 0),
    missingPdfs: [],
    failedPages: [...observations.values()].filter((v) => v.error !== null).length,
    exitCode: used.at(-1)?.exitCode ?? null,
  };
}

/**
 * The `--image-dpi` to pass: the corpus's true DPI when the file says something else or nothing,
 * `FALLBACK_IMAGE_DPI` when neither knows, null when the file's own value is right.
 */
export async function imageDpiArgument(input: BenchInput): Promise<number | null> {
  const meta = await sharp(input.file).metadata();
  // libvips reports 72 for an image that carries no resolution at all, which OCRmyPDF refuses
  // ("no resolution (DPI) in its metadata", exit 2): read 72 as "none" (no scan is 72 dpi).
  const density = meta.density === 72 ? undefined : meta.density;
  if (input.dpi !== null) {
    return density !== undefined && Math.abs(density - input.dpi) < 1 ? null : input.dpi;
  }
  return density === undefined ? FALLBACK_IMAGE_DPI : null;
}

async function pdfPages(pdf: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [pdf]);
  const m = /^Pages:\s+(\d+)/m.exec(stdout);
  return m ? Number(m[1]) : 0;
}

/**
 * The text layer in the order it was written, which is Tesseract's reading order, as our side's
 * text is. Without `-raw`, pdftotext rebuilds lines from the positions of OCRmyPDF's invisible
 * GlyphLessFont words and, on the corpus, breaks most pages into one word per line in another
 * order: vn_s_023_p1 scored 72 % CER that way and 4.8 % read raw, with 3 % of its words missing
 * either way.
 */
async function pageText(pdf: string, page: number): Promise<string> {
  const args = ['-raw', '-f', String(page), '-l', String(page), pdf, '-'];
  const { stdout } = await run('pdftotext', args, {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

const FACING: Readonly<Record<string, number>> = { '⇧': 0, '⇨': 90, '⇩': 180, '⇦': 270 };

/**
 * Reads OCRmyPDF's orientation lines (`    2 page is facing ⇨, confidence 18.43 - will rotate ⬏`):
 * per page, the clockwise turn of the content it found and whether it acted on it.
 */
export function parseOrientationLog(log: string): OrientationTurn[] {
  const out = new Map<number, OrientationTurn>();
  const re = /^\s*(\d+)\s.*?page is facing (\S), confidence ([\d.]+) - (.*)$/gmu;
  for (const m of log.matchAll(re)) {
    const facingDeg = FACING[m[2]!];
    if (facingDeg === undefined) continue;
    const page = Number(m[1]);
    out.set(page, {
      page,
      facingDeg,
      confidence: Number(m[3]),
      rotated: m[4]!.startsWith('will rotate'),
    });
  }
  return [...out.values()].sort((a, b) => a.page - b.page);
}
