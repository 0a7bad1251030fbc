/**
 * Reads a corpus folder laid out like /work/shared/corpus (`manifest.json` beside `vn/`, `real/`):
 * which files to feed both systems, in which order, and what is true of every page of them.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { z } from 'zod';
import { AppError } from '../core/errors.js';

export type BenchSet = 'vn' | 'real' | 'all';

/** Pages whose text is scored, by the groups the report shows. */
export type TextGroup = 'vnPrinted' | 'vnTypewritten' | 'real';

/** What the corpus says about one page (one frame of one input file). */
export interface PageTruth {
  /** `<absolute file>#<frame>`: how the results of both systems are matched to the truth */
  readonly key: string;
  /** Corpus page id (`vn_s_001_p1`) or `<case id>#<page number>` for real files */
  readonly id: string;
  readonly set: 'vn' | 'real';
  readonly file: string;
  /** 0-based frame (PDF page, TIFF directory) */
  readonly frame: number;
  /** True sampling resolution when the corpus knows it */
  readonly dpi: number | null;
  /** Content turned counter-clockwise by this many degrees; null when unknown */
  readonly skewDeg: number | null;
  /** Content turned clockwise by this quarter turn; null when unknown */
  readonly rotationDeg: number | null;
  readonly isBlank: boolean;
  readonly isSeparator: boolean;
  /** Ground-truth text, null when the page has none */
  readonly gt: string | null;
  /** Where the page's text is scored; null for pages without GT, blank pages and separators */
  readonly textGroup: TextGroup | null;
}

/** One file handed to both systems. */
export interface BenchInput {
  /** Absolute path */
  readonly file: string;
  readonly kind: 'image' | 'pdf';
  readonly frames: number;
  /** True resolution of its pages when the corpus knows it (same for every frame here) */
  readonly dpi: number | null;
}

export interface BenchCorpus {
  readonly dir: string;
  readonly set: BenchSet;
  /** In scan order: batches of the `vn` set first (so document splitting sees them whole) */
  readonly inputs: readonly BenchInput[];
  readonly pages: readonly PageTruth[];
}

const VnPage = z.object({
  id: z.string(),
  image: z.string(),
  gt: z.string().nullish(),
  dpi: z.number().nullish(),
  skewDeg: z.number(),
  rotationDeg: z.number(),
  isBlank: z.boolean(),
  isSeparator: z.boolean(),
});
type VnPage = z.infer<typeof VnPage>;

const DocumentCase = z.object({
  id: z.string(),
  kind: z.literal('document'),
  dir: z.string(),
  era: z.string().nullish(),
  font: z.object({ typewriter: z.boolean().nullish() }).nullish(),
  pageDetails: z.array(VnPage).min(1),
});

const SeparatorCase = z.object({
  id: z.string(),
  kind: z.literal('separator'),
  dir: z.string(),
  page: VnPage,
});

const RealPage = z.object({
  page: z.number().int().min(1),
  skewDeg: z.number().nullish(),
  rotationDeg: z.number().nullish(),
  dpi: z.number().nullish(),
  isBlank: z.boolean().nullish(),
  isSeparator: z.boolean().nullish(),
});

const FileCase = z.object({
  id: z.string(),
  kind: z.literal('file'),
  set: z.string(),
  file: z.string(),
  gt: z.union([z.string(), z.array(z.string().nullable())]).nullish(),
  pages: z.array(RealPage).nullish(),
});

const Manifest = z.object({
  cases: z.array(z.looseObject({ id: z.string(), kind: z.string() })),
  batches: z.array(z.object({ id: z.string(), pages: z.array(z.string()) })).nullish(),
});

export interface LoadOptions {
  readonly set: BenchSet;
  /** Stop adding files once this many pages are selected (a multi-page file is kept whole) */
  readonly limit?: number | undefined;
}

/**
 * Reads `<dir>/manifest.json` and the GT files it names. The `vn` set is every `document` and
 * `separator` case (whatever its `set` is called, so a hold-out corpus works too), `real` is the
 * cases of set `real`; `bad` inputs are never benchmarked. Real pages without a declared
 * `isBlank` / `isSeparator` count as neither.
 * @throws AppError `bench.manifest_invalid` when the manifest is missing or has another shape
 */
export async function loadCorpus(dir: string, o: LoadOptions): Promise<BenchCorpus> {
  const root = resolve(dir);
  const manifestPath = join(root, 'manifest.json');
  const manifest = await readManifest(manifestPath);
  const entries: { input: BenchInput; pages: PageTruth[] }[] = [];
  if (o.set !== 'real') entries.push(...(await vnEntries(root, manifest, manifestPath)));
  if (o.set !== 'vn') entries.push(...(await realEntries(root, manifest, manifestPath)));
  const chosen: typeof entries = [];
  let pageCount = 0;
  for (const e of entries) {
    if (o.limit !== undefined && pageCount >= o.limit) break;
    chosen.push(e);
    pageCount += e.input.frames;
  }
  return {
    dir: root,
    set: o.set,
    inputs: chosen.map((e) => e.input),
    pages: chosen.flatMap((e) => e.pages),
  };
}

type ManifestData = z.infer<typeof Manifest>;

async function readManifest(path: string): Promise<ManifestData> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw invalid(path, cause instanceof Error ? cause.message : String(cause), cause);
  }
  const parsed = Manifest.safeParse(raw);
  if (!parsed.success) throw invalid(path, parsed.error.message, parsed.error);
  return parsed.data;
}

/** `bench.manifest_invalid` naming the manifest and what is wrong with it. */
export function invalid(path: string, detail: string, cause: unknown): AppError {
  return new AppError('bench.manifest_invalid', {
    message: `Không đọc được danh mục ${path}: ${detail} / Cannot read the manifest ${path}: ${detail}`,
    hint: 'Chỉ định thư mục bộ mẫu có manifest.json / Give a corpus folder holding manifest.json',
    retryable: false,
    cause,
  });
}

function parseCase<T>(schema: z.ZodType<T>, raw: unknown, id: string, path: string): T {
  const r = schema.safeParse(raw);
  if (!r.success) throw invalid(path, `case ${id}: ${r.error.message}`, r.error);
  return r.data;
}

async function vnEntries(
  root: string,
  manifest: ManifestData,
  path: string,
): Promise<{ input: BenchInput; pages: PageTruth[] }[]> {
  const byId = new Map<string, { dir: string; page: VnPage; typewriter: boolean }>();
  const caseOrder: string[] = [];
  for (const raw of manifest.cases) {
    if (raw.kind === 'document') {
      const c = parseCase(DocumentCase, raw, raw.id, path);
      const typewriter = c.font?.typewriter ?? c.era === 'typewriter';
      for (const page of c.pageDetails) {
        byId.set(page.id, { dir: c.dir, page, typewriter });
        caseOrder.push(page.id);
      }
    } else if (raw.kind === 'separator') {
      const c = parseCase(SeparatorCase, raw, raw.id, path);
      byId.set(c.page.id, { dir: c.dir, page: c.page, typewriter: false });
      caseOrder.push(c.page.id);
    }
  }
  // Scan order of the batches first, so that our document split sees each batch as scanned.
  const order: string[] = [];
  const seen = new Set<string>();
  for (const id of [...(manifest.batches ?? []).flatMap((b) => b.pages), ...caseOrder]) {
    if (seen.has(id) || !byId.has(id)) continue;
    seen.add(id);
    order.push(id);
  }
  const out: { input: BenchInput; pages: PageTruth[] }[] = [];
  for (const id of order) {
    const { dir, page, typewriter } = byId.get(id)!;
    const file = join(root, dir, page.image);
    const gt = page.gt ? await readFile(join(root, dir, page.gt), 'utf8') : null;
    const scored = gt !== null && !page.isBlank && !page.isSeparator;
    out.push({
      input: { file, kind: kindOf(file), frames: 1, dpi: page.dpi ?? null },
      pages: [
        {
          key: pageKey(file, 0),
          id,
          set: 'vn',
          file,
          frame: 0,
          dpi: page.dpi ?? null,
          skewDeg: page.skewDeg,
          rotationDeg: page.rotationDeg,
          isBlank: page.isBlank,
          isSeparator: page.isSeparator,
          gt,
          textGroup: scored ? (typewriter ? 'vnTypewritten' : 'vnPrinted') : null,
        },
      ],
    });
  }
  return out;
}

async function realEntries(
  root: string,
  manifest: ManifestData,
  path: string,
): Promise<{ input: BenchInput; pages: PageTruth[] }[]> {
  const out: { input: BenchInput; pages: PageTruth[] }[] = [];
  for (const raw of manifest.cases) {
    if (raw.kind !== 'file') continue;
    const c = parseCase(FileCase, raw, raw.id, path);
    if (c.set !== 'real') continue;
    const file = join(root, c.file);
    const kind = kindOf(file);
    const gtFiles =
      c.gt === null || c.gt === undefined ? [] : typeof c.gt === 'string' ? [c.gt] : c.gt;
    const declared = Math.max(c.pages?.length ?? 0, gtFiles.length, 1);
    const frames = (await countFrames(file, kind)) ?? declared;
    const known = new Map((c.pages ?? []).map((p) => [p.page, p]));
    const dpis = new Set((c.pages ?? []).map((p) => p.dpi ?? null));
    const pages: PageTruth[] = [];
    for (let frame = 0; frame < frames; frame++) {
      const p = known.get(frame + 1);
      const gtFile = gtFiles[frame] ?? null;
      const gt = gtFile === null ? null : await readFile(join(root, gtFile), 'utf8');
      const isSeparator = p?.isSeparator ?? false;
      const isBlank = p?.isBlank ?? false;
      pages.push({
        key: pageKey(file, frame),
        id: `${c.id}#${frame + 1}`,
        set: 'real',
        file,
        frame,
        dpi: p?.dpi ?? null,
        skewDeg: p?.skewDeg ?? null,
        rotationDeg: p?.rotationDeg ?? null,
        isBlank,
        isSeparator,
        gt,
        textGroup: gt !== null && !isBlank && !isSeparator ? 'real' : null,
      });
    }
    const dpi = dpis.size === 1 ? ([...dpis][0] ?? null) : null;
    out.push({ input: { file, kind, frames, dpi }, pages });
  }
  return out;
}

/** The key results are matched on: the absolute path and the 0-based frame. */
export function pageKey(file: string, frame: number): string {
  return `${resolve(file)}#${frame}`;
}

function kindOf(file: string): 'image' | 'pdf' {
  return file.toLowerCase().endsWith('.pdf') ? 'pdf' : 'image';
}

/** Frames as the tools will see them; null when the file cannot be opened (the manifest decides). */
async function countFrames(file: string, kind: 'image' | 'pdf'): Promise<number | null> {
  try {
    if (kind === 'image') return (await sharp(file).metadata()).pages ?? 1;
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = getDocument({ data: new Uint8Array(await readFile(file)), verbosity: 0 });
    const n = (await doc.promise).numPages;
    await doc.destroy();
    return n;
  } catch {
    // Deliberately not rethrown: a file neither tool can open still has the page count the
    // manifest declares, and both systems' failures on it are what the bench reports.
    return null;
  }
}
