/**
 * The page stages for the metadata evaluation, with a cache: reading a page (decode, orientation,
 * deskew, OCR) takes seconds, drafting metadata from it milliseconds, so a change to the metadata
 * rules is measured again without OCR. A cache entry is keyed by the file's SHA-256, the frame,
 * and a hash of the page stages' settings and of the sources they are built from (everything
 * page-pipeline.ts imports), so a change to any of those misses it.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mapLimit } from '../../core/async.js';
import type { loadStageConfig } from '../../pipeline/config.js';
import type { OcrResult, PageForAssembly, PreparedPage } from '../../pipeline/domain.js';
import { prepareFrame, recognizePage } from '../../pipeline/page-pipeline.js';
import { sniffSourceFormat } from '../../pipeline/source-format.js';
import { createTesseractEngine } from '../../pipeline/stages/ocr/tesseract.js';
import type { PageRef } from './truth.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** What the document stages need of a page: everything but its encoded image. */
export interface PageReading {
  readonly prepared: Omit<PreparedPage, 'encoded'>;
  readonly ocr: OcrResult | null;
}

/**
 * Hash of the page stages' settings and of every source file pipeline/page-pipeline.ts imports,
 * directly or not (relative imports followed through the files): what a page reading depends on.
 */
async function sourcesHash(settings: unknown): Promise<string> {
  const h = createHash('sha256');
  h.update(JSON.stringify(settings));
  const seen = new Set<string>();
  const queue = [join(REPO, 'pipeline/page-pipeline.ts')];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = await readFile(file, 'utf8');
    for (const m of text.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) {
      queue.push(resolve(dirname(file), `${m[1] ?? ''}.ts`));
    }
  }
  for (const f of [...seen].sort()) {
    h.update(relative(REPO, f));
    h.update(await readFile(f));
  }
  return h.digest('hex').slice(0, 16);
}

export interface ReadPagesOptions {
  readonly config: ReturnType<typeof loadStageConfig>;
  readonly jobs: number;
  /** Folder of cached readings; null reads every page afresh and stores nothing */
  readonly cacheDir: string | null;
  readonly onProgress?: (done: number, total: number, label: string, cached: boolean) => void;
}

/**
 * Reads every page once (pages shared by several units too) and returns them by `file#frame`.
 * A page whose file cannot be read or processed throws: the evaluation needs every page.
 */
export async function readPages(
  refs: readonly PageRef[],
  o: ReadPagesOptions,
): Promise<Map<string, PageReading>> {
  const unique = [...new Map(refs.map((r) => [pageRefKey(r), r])).values()];
  const settings = { decode: o.config.decode, prepare: o.config.prepare, ocr: o.config.ocr };
  const stages = await sourcesHash({ ...settings, ocr: { ...settings.ocr, workers: 0 } });
  const out = new Map<string, PageReading>();
  // one engine, started by the first page that needs OCR (none when every page is cached); the
  // promise is shared so that pages asking at once do not start one each
  let engine: ReturnType<typeof createTesseractEngine> | null = null;
  const engineReady = (): ReturnType<typeof createTesseractEngine> => {
    engine ??= createTesseractEngine({
      languages: o.config.ocr.languages,
      variant: o.config.ocr.variant,
      workers: Math.min(o.jobs, o.config.ocr.workers),
      ...(o.config.ocr.psm !== undefined ? { psm: o.config.ocr.psm } : {}),
    });
    return engine;
  };
  let done = 0;
  try {
    await mapLimit(unique, o.jobs, async (ref) => {
      const bytes = await readFile(ref.file);
      const sha = createHash('sha256').update(bytes).digest('hex');
      const cachePath =
        o.cacheDir === null ? null : join(o.cacheDir, `${sha}.${ref.frame}.${stages}.json`);
      let reading: PageReading | null = null;
      if (cachePath !== null) {
        reading = await readFile(cachePath, 'utf8').then(
          (s) => JSON.parse(s) as PageReading,
          () => null,
        );
      }
      const cached = reading !== null;
      if (reading === null) {
        const format = sniffSourceFormat(bytes);
        if (format === null) throw new Error(`${ref.file}: not a JPEG, PNG, TIFF or PDF file`);
        const eng = await engineReady();
        const prepared = await prepareFrame(
          { bytes, format, label: ref.id },
          ref.frame,
          eng,
          o.config,
        );
        const ocr = await recognizePage(prepared, eng);
        const { encoded: _image, ...rest } = prepared;
        reading = { prepared: rest, ocr };
        if (cachePath !== null) {
          await mkdir(dirname(cachePath), { recursive: true });
          await writeFile(`${cachePath}.tmp`, JSON.stringify(reading));
          await rename(`${cachePath}.tmp`, cachePath);
        }
      }
      out.set(pageRefKey(ref), reading);
      done++;
      o.onProgress?.(done, unique.length, ref.id, cached);
    });
  } finally {
    const started = engine as ReturnType<typeof createTesseractEngine> | null;
    if (started !== null) await (await started).close();
  }
  return out;
}

export const pageRefKey = (r: PageRef): string => `${r.file}#${r.frame}`;

/** A reading as the document stages take it; the image bytes are not needed to plan documents. */
export function forAssembly(reading: PageReading, index: number): PageForAssembly {
  return { index, prepared: { ...reading.prepared, encoded: Buffer.alloc(0) }, ocr: reading.ocr };
}
