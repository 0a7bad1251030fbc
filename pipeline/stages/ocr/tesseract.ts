/**
 * The OCR engine on tesseract.js 7: a pool of recognition workers (LSTM, the configured languages)
 * and, started on first use, one orientation worker (legacy engine with the `osd` data). Each
 * tesseract.js worker is a worker thread running tesseract's wasm build, so OCR never blocks the
 * event loop.
 *
 * Language data comes only from the `@tesseract.js-data/*` npm packages, read from disk
 * (`cacheMethod: 'none'`, so nothing is written beside them and nothing is fetched).
 *
 * Settings chosen by measurement (10 `vn/` corpus pages, upright, 2 workers on 2 cores; CER =
 * character error rate against the ground truth, WER = share of ground-truth words missing, any
 * order):
 *
 * | setting                          | CER    | WER    |
 * | -------------------------------- | ------ | ------ |
 * | best_int, psm 3, grey (default)  | 0.0518 | 0.0176 |
 * | standard (4.0.0), psm 3, grey    | 0.0516 | 0.0170 |
 * | best_int, psm 4                  | 0.0519 | 0.0184 |
 * | best_int, psm 6                  | 0.0552 | 0.0197 |
 * | best_int, psm 11                 | 0.0539 | 0.0174 |
 * | best_int, psm 3, binarised 128   | 0.0550 | 0.0255 |
 *
 * The two data variants read equally well; best_int loads 2.6× less data per worker. Page
 * segmentation 3 (automatic) is best. Tesseract's binarisation beats a fixed threshold.
 */
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Worker as NodeWorker } from 'node:worker_threads';
import Tesseract from 'tesseract.js';
import { StageError } from '../../../core/errors.js';
import type { RasterImage, Resolution } from '../../domain.js';
import { detectOrientationWith } from '../orientation.js';
import type { OcrEngine, RecognizeOptions } from './engine.js';
import { ocrImage } from './image.js';
import { WorkerPool, type PoolMember } from './pool.js';
import { buildOcrResult } from './result.js';

export interface TesseractOptions {
  /** e.g. ['vie', 'eng']; each needs its `@tesseract.js-data/<code>` package */
  readonly languages: readonly string[];
  /** Which @tesseract.js-data folder: 4.0.0_best_int or 4.0.0 */
  readonly variant: 'best_int' | 'standard';
  /** Pool size (one per core by default) */
  readonly workers: number;
  /** Page segmentation mode; default 3 (fully automatic) */
  readonly psm?: number;
}

/** tesseract.js OEM values (its typings declare them as a non-const enum we cannot import). */
const OEM_LEGACY = 0;
const OEM_LSTM = 1;
const DEFAULT_PSM = 3;

/** Tesseract page segmentation modes of the per-call layouts (tesseract --help-psm). */
const LAYOUT_PSM: Readonly<Record<'sparse' | 'line', number>> = { sparse: 11, line: 7 };

const require = createRequire(import.meta.url);

/**
 * Starts the recognition workers and returns the engine once they are ready (about 1 s per worker).
 * The caller must `close()` it.
 *
 * Throws `ocr.language_unavailable` (not retryable) when a language has no installed data package
 * or the options are out of range, `ocr.start_failed` (retryable) when a worker cannot start.
 */
export async function createTesseractEngine(opts: TesseractOptions): Promise<OcrEngine> {
  const psm = opts.psm ?? DEFAULT_PSM;
  if (
    !Number.isInteger(psm) ||
    psm < 0 ||
    psm > 13 ||
    !Number.isInteger(opts.workers) ||
    opts.workers < 1
  ) {
    throw new StageError('ocr.language_unavailable', {
      message: `Thiết lập OCR không hợp lệ: psm ${psm}, ${opts.workers} luồng / Invalid OCR settings: psm ${psm}, ${opts.workers} workers`,
      retryable: false,
    });
  }
  const languages = opts.languages.length > 0 ? opts.languages : ['eng'];
  const folder = opts.variant === 'best_int' ? '4.0.0_best_int' : '4.0.0';
  const files = languages.map((lang) => dataFile(lang, folder));
  // tesseract.js reads every language from one folder; each package has its own, so the run
  // gets a folder of links to the packages' files.
  const langPath = await mkdtemp(join(tmpdir(), 'sohoa-tessdata-'));
  const version = (require('tesseract.js/package.json') as { version: string }).version;
  const description = `tesseract.js ${version} ${languages.join('+')} ${opts.variant} psm ${psm}`;
  let ocr: WorkerPool<Tesseract.Worker>;
  try {
    await Promise.all(
      files.map((f, i) => symlink(f, join(langPath, `${languages[i]}.traineddata.gz`))),
    );
    ocr = await WorkerPool.start(
      () =>
        startWorker(
          languages.join('+'),
          OEM_LSTM,
          { langPath },
          { tessedit_pageseg_mode: String(psm) },
        ),
      opts.workers,
      'OCR',
    );
  } catch (err) {
    await rm(langPath, { recursive: true, force: true });
    throw err;
  }

  let osd: Promise<WorkerPool<Tesseract.Worker>> | null = null;
  const osdPool = (): Promise<WorkerPool<Tesseract.Worker>> => {
    osd ??= WorkerPool.start(
      () =>
        startWorker('osd', OEM_LEGACY, {
          langPath: dirname(dataFile('osd', '4.0.0')),
          legacyCore: true,
          legacyLang: true,
        }),
      1,
      'OSD',
    ).catch((err: unknown) => {
      osd = null;
      throw err;
    });
    return osd;
  };
  let closed = false;

  return {
    description,

    async recognize(image: Buffer | RasterImage, o: RecognizeOptions) {
      const img = await ocrImage(image, o.dpi);
      const mode = o.layout === undefined || o.layout === 'page' ? psm : LAYOUT_PSM[o.layout];
      const page = await ocr.run((w) =>
        w.recognize(
          img.bytes,
          {
            user_defined_dpi: String(Math.round(img.dpi)),
            tessedit_pageseg_mode: String(mode),
          } as Partial<Tesseract.RecognizeOptions>,
          { blocks: true, text: false },
        ),
      );
      return buildOcrResult(page.data.blocks, {
        width: img.width,
        height: img.height,
        scale: img.scale,
        engine: description,
      });
    },

    async detectOrientation(image: RasterImage, dpi: Resolution) {
      const pool = await osdPool();
      return detectOrientationWith(image, dpi, {
        async osd(png) {
          const d = (await pool.run((w) => w.detect(png))).data;
          if (d.orientation_degrees === null || d.orientation_confidence === null) return null;
          // Tesseract reports the counter-clockwise turn that makes the page upright, which is
          // the clockwise turn the content has: 90 and 270 swap.
          const rotationDeg = ((360 - d.orientation_degrees) % 360) as 0 | 90 | 180 | 270;
          return { rotationDeg, score: d.orientation_confidence };
        },
        async readText(png) {
          const page = await ocr.run((w) =>
            w.recognize(
              png,
              { tessedit_pageseg_mode: '6' } as Partial<Tesseract.RecognizeOptions>,
              { blocks: true, text: false },
            ),
          );
          return buildOcrResult(page.data.blocks, {
            width: 1,
            height: 1,
            scale: 1,
            engine: description,
          });
        },
      });
    },

    async close() {
      if (closed) return;
      closed = true;
      const pools: Promise<unknown>[] = [ocr.close()];
      if (osd !== null) pools.push(osd.then((p) => p.close()).catch(() => undefined));
      await Promise.allSettled(pools);
      await rm(langPath, { recursive: true, force: true });
    },
  };
}

/** Absolute path of `<lang>.traineddata.gz` in its npm package. */
function dataFile(lang: string, folder: string): string {
  let pkg: string;
  try {
    if (!/^[a-z_]{3,16}$/.test(lang)) throw new Error(`bad language code ${lang}`);
    pkg = dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
  } catch (cause) {
    throw new StageError('ocr.language_unavailable', {
      message: `Không có dữ liệu ngôn ngữ "${lang}" cho OCR / No OCR language data for "${lang}"`,
      hint: `Cài gói npm @tesseract.js-data/${lang}, hoặc sửa OCR_LANGUAGES / Install the npm package @tesseract.js-data/${lang}, or fix OCR_LANGUAGES`,
      retryable: false,
      cause,
    });
  }
  return join(pkg, folder, `${lang}.traineddata.gz`);
}

async function startWorker(
  langs: string,
  oem: number,
  options: Partial<Tesseract.WorkerOptions>,
  params: Record<string, string> = {},
): Promise<PoolMember<Tesseract.Worker>> {
  let worker: Tesseract.Worker;
  try {
    worker = await Tesseract.createWorker(langs, oem, {
      ...options,
      cacheMethod: 'none',
      gzip: true,
      // Without a handler tesseract.js rethrows a failed job inside its message listener, which
      // would crash the process; the job's promise carries the error anyway.
      errorHandler: () => undefined,
      logger: () => undefined,
    });
  } catch (cause) {
    throw new StageError('ocr.start_failed', {
      message: `Không khởi động được tesseract (${langs}): ${String(cause)} / tesseract (${langs}) did not start: ${String(cause)}`,
      retryable: true,
      cause,
    });
  }
  // tesseract prints notes ("Too few characters…") to the process's stdout, where the JSON logs go.
  await worker.setParameters({
    ...params,
    debug_file: '/dev/null',
  });
  const thread = (worker as unknown as { worker: NodeWorker }).worker;
  const died = new Promise<never>((_, reject) => {
    thread.once('exit', (code) =>
      reject(new Error(`tesseract worker thread exited with code ${code}`)),
    );
    // A listener must stay: an 'error' event with none would crash the process.
    thread.on('error', (err) => reject(err));
  });
  return {
    worker,
    died,
    async terminate() {
      await worker.terminate();
    },
  };
}
