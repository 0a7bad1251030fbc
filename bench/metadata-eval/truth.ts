/**
 * What a corpus folder (laid out like /work/shared/corpus: `manifest.json` beside the page files)
 * says a dossier's documents are: which scanned pages form each document and the printed values of
 * its fields. The units of the evaluation are the manifest's batches (pages in scan order with the
 * expected split), every document that belongs to no batch (one document expected), and the real
 * cases that carry a `meta` reading (scored apart, as `real`).
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { docTypeFor } from '../../core/domain/code-lists.js';
import { invalid } from '../corpus.js';

/** The fields scored, by their names in `DraftMetadata`. */
export const EVAL_FIELDS = [
  'organ',
  'organParent',
  'number',
  'symbol',
  'numberYear',
  'date',
  'place',
  'docType',
  'docTypeCode',
  'summary',
  'signerAuthority',
  'signerTitle',
  'signerName',
  'pageCount',
  'language',
] as const;
export type EvalField = (typeof EVAL_FIELDS)[number];

export type FieldValues = Readonly<Record<EvalField, string | null>>;

/** One frame of one file, named as the manifest names it. */
export interface PageRef {
  /** `vn_s_001_p1`, or `<case id>#<page number>` for a page of a real file */
  readonly id: string;
  /** Absolute path */
  readonly file: string;
  /** 0-based frame (PDF page, TIFF directory) */
  readonly frame: number;
}

export interface ExpectedDocument {
  readonly id: string;
  /** Page ids in scan order (blank backs included, separators never) */
  readonly pages: readonly string[];
  /** Truth of the fields; a field the manifest does not state is absent, and is not scored */
  readonly fields: Partial<FieldValues>;
}

export interface EvalUnit {
  readonly id: string;
  /** `vn`: the synthetic set (the acceptance figures); `real`: real scans with a hand reading */
  readonly group: 'vn' | 'real';
  /** In scan order */
  readonly pages: readonly PageRef[];
  readonly documents: readonly ExpectedDocument[];
}

/** A value printed as digits, which a manifest may hold as a JSON number (`numberYear: 2019`). */
const Digits = z.union([z.string(), z.number()]).transform((v) => String(v));

const Page = z.object({ id: z.string(), image: z.string() });

const DocumentCase = z.object({
  id: z.string(),
  kind: z.literal('document'),
  dir: z.string(),
  batch: z.string().nullish(),
  organ: z.string().nullish(),
  organParent: z.string().nullish(),
  number: Digits.nullish(),
  symbol: z.string().nullish(),
  numberYear: Digits.nullish(),
  date: z.string().nullish(),
  place: z.string().nullish(),
  docType: z.string().nullish(),
  summary: z.string().nullish(),
  signerBlock: z.array(z.string()).nullish(),
  signerTitle: z.string().nullish(),
  signerName: z.string().nullish(),
  pageCount: z.number().int().nullish(),
  language: z.string().nullish(),
  pageDetails: z.array(Page).min(1),
});
type DocumentCase = z.infer<typeof DocumentCase>;

const SeparatorCase = z.object({
  id: z.string(),
  kind: z.literal('separator'),
  dir: z.string(),
  page: Page,
});

const RealMeta = DocumentCase.pick({
  organ: true,
  organParent: true,
  number: true,
  symbol: true,
  date: true,
  place: true,
  docType: true,
  summary: true,
  signerBlock: true,
  signerTitle: true,
  signerName: true,
  pageCount: true,
  language: true,
}).extend({ pages: z.array(z.string()).nullish() });

const FileCase = z.object({
  id: z.string(),
  kind: z.literal('file'),
  file: z.string(),
  pages: z.array(z.object({ page: z.number().int().min(1) })).nullish(),
  meta: RealMeta.nullish(),
});

const Batch = z.object({
  id: z.string(),
  pages: z.array(z.string()).min(1),
  expectedDocuments: z.array(z.object({ doc: z.string(), pages: z.array(z.string()) })),
});

const Manifest = z.object({
  cases: z.array(z.looseObject({ id: z.string(), kind: z.string() })),
  batches: z.array(Batch).nullish(),
});

/** ISO 639 → TT 05/2025 language code (the list of core/domain/code-lists.ts starts with these). */
const LANGUAGE_CODES: Readonly<Record<string, string>> = { vi: '01', en: '02', fr: '03' };

/**
 * The signer's own authority prefix: the one nearest the name, i.e. on the last block line that
 * has one ("KT." of "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"); "T/M" → "TM.".
 */
export function authorityOf(block: readonly string[] | null | undefined): string | null {
  let found: string | null = null;
  for (const line of block ?? []) {
    const m = /^(T\/?M|K\/?T|T\/?L|TUQ|Q)\.?\s/u.exec(line);
    if (m?.[1] !== undefined) found = `${m[1].replace('/', '')}.`;
  }
  return found;
}

function fieldsOf(c: z.infer<typeof RealMeta>): Partial<FieldValues> {
  const out: Partial<Record<EvalField, string | null>> = {};
  const put = (k: EvalField, v: string | null | undefined): void => {
    if (v !== undefined) out[k] = v;
  };
  put('organ', c.organ);
  put('organParent', c.organParent);
  put('number', c.number);
  put('symbol', c.symbol);
  put('date', c.date);
  put('place', c.place);
  put('docType', c.docType);
  if (c.docType !== undefined)
    put('docTypeCode', c.docType === null ? null : (docTypeFor(c.docType)?.code ?? null));
  put('summary', c.summary);
  if (c.signerBlock !== undefined) put('signerAuthority', authorityOf(c.signerBlock));
  put('signerTitle', c.signerTitle);
  put('signerName', c.signerName);
  if (c.pageCount !== undefined)
    put('pageCount', c.pageCount === null ? null : String(c.pageCount));
  if (c.language !== undefined)
    put('language', c.language === null ? null : (LANGUAGE_CODES[c.language] ?? c.language));
  return out;
}

function documentFields(c: DocumentCase): Partial<FieldValues> {
  return { ...fieldsOf(c), numberYear: c.numberYear ?? null };
}

/**
 * Reads `<dir>/manifest.json`. Every `document` and `separator` case counts, whatever its `set`
 * is called, so a hold-out corpus with the same layout works too.
 * @throws AppError `bench.manifest_invalid` when the manifest is missing, has another shape, or a
 *   batch names a page no case holds
 */
export async function loadEvalUnits(dir: string): Promise<EvalUnit[]> {
  const root = resolve(dir);
  const path = join(root, 'manifest.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw invalid(path, cause instanceof Error ? cause.message : String(cause), cause);
  }
  const parsed = Manifest.safeParse(raw);
  if (!parsed.success) throw invalid(path, parsed.error.message, parsed.error);

  const docs: DocumentCase[] = [];
  const pageFile = new Map<string, PageRef>();
  const units: EvalUnit[] = [];
  for (const c of parsed.data.cases) {
    if (c.kind === 'document') {
      const d = strict(DocumentCase, c, path);
      docs.push(d);
      for (const p of d.pageDetails)
        pageFile.set(p.id, { id: p.id, file: join(root, d.dir, p.image), frame: 0 });
    } else if (c.kind === 'separator') {
      const s = strict(SeparatorCase, c, path);
      pageFile.set(s.page.id, { id: s.page.id, file: join(root, s.dir, s.page.image), frame: 0 });
    }
  }
  const ref = (id: string): PageRef => {
    const p = pageFile.get(id);
    if (p === undefined) throw invalid(path, `page ${id} is named but no case holds it`, null);
    return p;
  };
  const byId = new Map(docs.map((d) => [d.id, d]));
  const batched = new Set<string>();
  for (const b of parsed.data.batches ?? []) {
    units.push({
      id: b.id,
      group: 'vn',
      pages: b.pages.map(ref),
      documents: b.expectedDocuments.map((e) => {
        const d = byId.get(e.doc);
        if (d === undefined) throw invalid(path, `batch ${b.id} names document ${e.doc}`, null);
        batched.add(d.id);
        return { id: d.id, pages: e.pages, fields: documentFields(d) };
      }),
    });
  }
  for (const d of docs) {
    if (batched.has(d.id)) continue;
    const pages = d.pageDetails.map((p) => ref(p.id));
    units.push({
      id: d.id,
      group: 'vn',
      pages,
      documents: [{ id: d.id, pages: pages.map((p) => p.id), fields: documentFields(d) }],
    });
  }
  units.push(...realUnits(root, parsed.data.cases, path));
  return units;
}

/**
 * Real cases with a `meta` reading. A case whose meta lists `pages` (case ids, one file each) is
 * a document over those files; otherwise it is every frame of its own file. A case whose file is
 * a page of another case's document is not a document of its own.
 */
function realUnits(
  root: string,
  cases: readonly { id: string; kind: string }[],
  path: string,
): EvalUnit[] {
  const all = cases.filter((c) => c.kind === 'file').map((c) => strict(FileCase, c, path));
  const byId = new Map(all.map((f) => [f.id, f]));
  const files = all.filter((f) => f.meta !== null && f.meta !== undefined);
  const covered = new Set(files.flatMap((f) => (f.meta?.pages ?? []).filter((p) => p !== f.id)));
  const units: EvalUnit[] = [];
  for (const f of files) {
    if (covered.has(f.id) || f.meta === null || f.meta === undefined) continue;
    const members = f.meta.pages ?? [f.id];
    const pages: PageRef[] = [];
    for (const id of members) {
      const m = byId.get(id);
      if (m === undefined) throw invalid(path, `case ${f.id} names page ${id}`, null);
      const frames = m.pages?.length ?? 1;
      for (let frame = 0; frame < frames; frame++) {
        pages.push({
          id: frames === 1 ? m.id : `${m.id}#${frame + 1}`,
          file: join(root, m.file),
          frame,
        });
      }
    }
    units.push({
      id: f.id,
      group: 'real',
      pages,
      documents: [{ id: f.id, pages: pages.map((p) => p.id), fields: fieldsOf(f.meta) }],
    });
  }
  return units;
}

function strict<S extends z.ZodType>(schema: S, v: unknown, path: string): z.infer<S> {
  const r = schema.safeParse(v);
  if (!r.success) throw invalid(path, r.error.message, r.error);
  return r.data;
}
