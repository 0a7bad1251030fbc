/**
 * Our side of the bench: the `sohoa process` CLI run exactly as outside checks run it, over every
 * selected file in one process, and its `result.json` turned into per-page observations.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { pageKey } from './corpus.js';
import { runMeasured } from './measure.js';
import type { Observation, SystemRun } from './observation.js';

const PageJson = z.object({
  file: z.string(),
  frame: z.number().int().min(0),
  rotationDeg: z.number().nullish(),
  rotationConfidence: z.number().nullish(),
  rotationApplied: z.boolean().nullish(),
  skewDeg: z.number().nullish(),
  isBlank: z.boolean().nullish(),
  isSeparator: z.boolean().nullish(),
  text: z.string().nullish(),
  error: z.object({ code: z.string(), message: z.string() }).loose().nullish(),
});

const ResultJson = z.object({
  pages: z.array(PageJson),
  documents: z.array(z.object({ pages: z.array(z.number()), pdf: z.string() }).loose()),
});

export type ResultJson = z.infer<typeof ResultJson>;

export interface OursOptions {
  /** Repository root: the CLI is `pipeline/cli/main.ts` under it */
  readonly repo: string;
  readonly outDir: string;
  /** Passed as `--jobs` only when set, so the default run is the one outside checks make */
  readonly jobs: number | undefined;
  /** The CLI's `ORIENTATION_MIN_CONFIDENCE`: below it a found turn was not applied */
  readonly orientationMinConfidence: number;
  readonly onProgress?: (line: string) => void;
}

/**
 * Runs `node --import tsx pipeline/cli/main.ts process --out DIR FILES...` and reads what it wrote.
 * A non-zero exit with a result.json is normal (the CLI exits 1 when some page failed); the pages'
 * errors are in the observations.
 * @throws AppError `bench.ours_failed` when the CLI left no readable result.json
 */
export async function runOurs(files: readonly string[], o: OursOptions): Promise<SystemRun> {
  const args = ['--import', 'tsx', join(o.repo, 'pipeline/cli/main.ts'), 'process'];
  args.push('--out', o.outDir);
  if (o.jobs !== undefined) args.push('--jobs', String(o.jobs));
  args.push(...files);
  let tail = '';
  const run = await runMeasured(process.execPath, args, {
    cwd: o.repo,
    onStderr: (chunk) => {
      tail = (tail + chunk).slice(-4000);
      for (const line of chunk.split('\n')) if (line.trim() !== '') o.onProgress?.(line.trim());
    },
  });
  let result: ResultJson;
  try {
    result = await readResult(join(o.outDir, 'result.json'));
  } catch (cause) {
    throw new AppError('bench.ours_failed', {
      message:
        `CLI sohoa kết thúc với mã ${run.code ?? run.signal} và không ghi result.json đọc được / ` +
        `The sohoa CLI exited with ${run.code ?? run.signal} and left no readable result.json\n${tail}`,
      hint: 'Chạy lại lệnh trên để xem lỗi / Run the command above to see the error',
      retryable: false,
      cause,
    });
  }
  return {
    wallMs: run.wallMs,
    peakRssBytes: run.peakRssBytes,
    peakProcessRssBytes: run.peakProcessRssBytes,
    peakProcesses: run.peakProcesses,
    // Measured by a separate one-worker run (bench.ts), when one is made.
    peakWorkerRssBytes: 0,
    ...(await observationsFromResult(result, o.outDir, o.orientationMinConfidence)),
    exitCode: run.code,
  };
}

/**
 * A reused result.json cut down to the pages of this bench's selection (by page key), and to the
 * documents lying wholly inside it, so that a run over `--set all` can be scored as `--set vn`.
 * A document crossing the edge of the selection is dropped with its PDF bytes.
 */
export function selectPages(result: ResultJson, keys: ReadonlySet<string>): ResultJson {
  const keep = result.pages.map((p) => keys.has(pageKey(p.file, p.frame)));
  return {
    pages: result.pages.filter((_, i) => keep[i]),
    documents: result.documents.filter((d) => d.pages.every((i) => keep[i] === true)),
  };
}

/** Parses a result.json file written by `sohoa process`. */
export async function readResult(path: string): Promise<ResultJson> {
  return ResultJson.parse(JSON.parse(await readFile(path, 'utf8')));
}

/**
 * Observations per page key from a result.json, and the bytes of the PDFs it names.
 * `rotationDeg` in result.json is the clockwise turn of the CONTENT the orientation detector found
 * (`OrientationResult.rotationDeg`, copied by `preparePage`), already the corpus convention; the
 * page was turned back only when `rotationConfidence` reached `orientationMinConfidence`, so below
 * it the page left the pipeline as it came in and counts as 0 (OCRmyPDF is scored the same way).
 * The README and `PageFindings` call the value "the turn applied", which would be its opposite; the
 * corpus settles it: read that way, every 90° and 270° page came out swapped while its text read
 * right.
 */
export async function observationsFromResult(
  result: ResultJson,
  outDir: string,
  orientationMinConfidence: number,
): Promise<Pick<SystemRun, 'observations' | 'pages' | 'pdfBytes' | 'missingPdfs' | 'failedPages'>> {
  const observations = new Map<string, Observation>();
  for (const p of result.pages) {
    const failed = p.error !== null && p.error !== undefined;
    const found = p.rotationDeg ?? null;
    // The recorded decision; a result.json without it uses the threshold, and one without
    // confidences predates them: its turns were all applied.
    const applied = p.rotationApplied ?? (p.rotationConfidence ?? 1) >= orientationMinConfidence;
    observations.set(pageKey(p.file, p.frame), {
      text: p.text ?? null,
      skewDeg: p.skewDeg ?? null,
      rotationDeg: found === null ? null : applied ? found : 0,
      isBlank: p.isBlank ?? null,
      isSeparator: p.isSeparator ?? null,
      error: failed ? `${p.error?.code}: ${p.error?.message}` : null,
    });
  }
  let pdfBytes = 0;
  const missingPdfs: string[] = [];
  for (const d of result.documents) {
    // A named PDF that is not there is a finding of the run, not a reason to lose its figures.
    const size = await stat(join(outDir, d.pdf)).then(
      (s) => s.size,
      () => null,
    );
    if (size === null) missingPdfs.push(d.pdf);
    else pdfBytes += size;
  }
  return {
    observations,
    pages: result.pages.length,
    pdfBytes,
    missingPdfs,
    failedPages: result.pages.filter((p) => p.error !== null && p.error !== undefined).length,
  };
}
