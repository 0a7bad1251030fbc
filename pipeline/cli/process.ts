/**
 * The in-process pipeline behind `sohoa process`: every page of every file through the page stages
 * (several at once), then the document stages over all pages in the order given.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { mapLimit } from '../../core/async.js';
import { AppError, InputError } from '../../core/errors.js';
import type { loadStageConfig } from '../config.js';
import { loadSigner } from '../signer.js';
import { describeCertificate } from '../stages/pdfa/signing-identity.js';
import type {
  DraftMetadata,
  PageForAssembly,
  PreparedPage,
  SourceFile,
  SourceFormat,
} from '../domain.js';
import { assembleDocuments } from '../dossier-pipeline.js';
import { draftDossier } from '../stages/dossier-draft.js';
import { prepareFrame, recognizePage } from '../page-pipeline.js';
import { sniffSourceFormat } from '../source-format.js';
import { countFrames } from '../stages/decode.js';
import type { OcrResult } from '../domain.js';
import { createTesseractEngine } from '../stages/ocr/tesseract.js';
import { PRODUCER } from '../version.js';

const EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.tif', '.tiff', '.pdf']);

export interface PageJson {
  file: string;
  frame: number;
  rotationDeg: number | null;
  rotationConfidence: number | null;
  /** True when the page was turned back by rotationDeg */
  rotationApplied: boolean | null;
  skewDeg: number | null;
  isBlank: boolean | null;
  isSeparator: boolean | null;
  dpi: number | null;
  dpiSuspect: boolean | null;
  width: number | null;
  height: number | null;
  text: string | null;
  meanConfidence: number | null;
  error: { code: string; message: string; hint: string | null } | null;
}

export interface DocumentJson {
  pages: number[];
  pdf: string;
  boundaryConfidence: number;
  metadata: Record<
    | 'organ'
    | 'number'
    | 'symbol'
    | 'date'
    | 'place'
    | 'docType'
    | 'summary'
    | 'signerTitle'
    | 'signerName',
    string | null
  > & {
    organParent: string | null;
    docTypeCode: string | null;
    signerAuthority: string | null;
    /** Số lượng trang, digits */
    pageCount: string;
    /** TT 05 language code ("01" Tiếng Việt) */
    language: string | null;
    secrecy: string | null;
    urgency: string | null;
  };
  confidence: Record<string, number>;
}

/** The dossier draft over every document of the run (see pipeline/stages/dossier-draft.ts). */
export interface DossierJson {
  title: string | null;
  startDate: string | null;
  endDate: string | null;
  totalDocs: number;
  pageCount: number;
  confidence: { title: number; startDate: number; endDate: number };
}

export interface ProcessJson {
  producer: string;
  ocrEngine: string;
  /** Who signed the PDFs: the organization shown, and whether a development certificate was used */
  signedBy: { organization: string; subject: string; development: boolean };
  pages: PageJson[];
  dossier: DossierJson;
  documents: DocumentJson[];
}

/** One page's OCR words with their boxes (pixels of the cleaned page image), for `ocr.json`. */
export interface OcrPageJson {
  /** Index into result.json's pages */
  page: number;
  file: string;
  frame: number;
  width: number | null;
  height: number | null;
  dpi: { x: number; y: number } | null;
  words: { text: string; bbox: [number, number, number, number]; confidence: number }[];
}

export interface ProcessOptions {
  readonly config: ReturnType<typeof loadStageConfig>;
  readonly jobs: number;
  readonly dossierCode: string | undefined;
  readonly onProgress?: (done: number, total: number, label: string) => void;
}

/** Expands folders (natural order of names) and keeps the files we can read. */
export async function expandInputs(inputs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });
  for (const input of inputs) {
    const s = await stat(input).catch((err: unknown) => {
      throw new InputError('cli.input_unreadable', {
        message: `Không đọc được ${input} / Cannot read ${input}: ${(err as Error).message}`,
        hint: 'Kiểm tra đường dẫn và quyền đọc / Check the path and read permission',
        cause: err,
      });
    });
    if (s.isDirectory()) {
      const names = (await readdir(input))
        .filter((n) => !n.startsWith('.') && EXTENSIONS.has(extname(n).toLowerCase()))
        .sort(collator.compare);
      out.push(...names.map((n) => join(input, n)));
    } else {
      out.push(input);
    }
  }
  if (out.length === 0) {
    throw new InputError('cli.no_images', {
      message: `Không có tệp ảnh nào trong ${inputs.join(', ')} / No image files in ${inputs.join(', ')}`,
      hint: `Các đuôi tệp được nhận / Accepted extensions: ${[...EXTENSIONS].join(' ')}`,
    });
  }
  return out;
}

interface Slot {
  file: string;
  frame: number;
  src: SourceFile;
}

const errorJson = (err: unknown): PageJson['error'] =>
  err instanceof AppError
    ? { code: err.code, message: err.message, hint: err.hint ?? null }
    : { code: 'internal', message: err instanceof Error ? err.message : String(err), hint: null };

export async function runProcess(
  inputs: readonly string[],
  o: ProcessOptions,
): Promise<{ json: ProcessJson; pdfs: { name: string; bytes: Buffer }[]; words: OcrPageJson[] }> {
  const files = await expandInputs(inputs);
  if (files.length === 0) {
    throw new AppError('cli.no_files', {
      message: 'Không có tệp ảnh hoặc PDF nào / No image or PDF files found',
      hint: 'Chỉ định tệp .jpg .png .tif .pdf hoặc thư mục chứa chúng / Give .jpg .png .tif .pdf files or folders holding them',
      retryable: false,
    });
  }
  // Before any page: a certificate that cannot be read stops the run at once.
  const identity = await loadSigner(o.config.signing, null);
  const engine = await createTesseractEngine({
    languages: o.config.ocr.languages,
    variant: o.config.ocr.variant,
    workers: Math.min(o.jobs, o.config.ocr.workers),
    ...(o.config.ocr.psm !== undefined ? { psm: o.config.ocr.psm } : {}),
  });
  try {
    const slots: (Slot | { file: string; frame: number; error: PageJson['error'] })[] = [];
    for (const file of files) {
      const bytes = await readFile(file);
      const format: SourceFormat | null = sniffSourceFormat(bytes);
      if (format === null) {
        slots.push({
          file,
          frame: 0,
          error: {
            code: 'decode.unsupported_type',
            message: `${file}: không phải JPEG, PNG, TIFF hay PDF / not a JPEG, PNG, TIFF or PDF file`,
            hint: null,
          },
        });
        continue;
      }
      const src: SourceFile = { bytes, format, label: basename(file) };
      try {
        const n = await countFrames(src, o.config.decode);
        for (let frame = 0; frame < n; frame++) slots.push({ file, frame, src });
      } catch (err) {
        slots.push({ file, frame: 0, error: errorJson(err) });
      }
    }
    let done = 0;
    const results = await mapLimit(slots, o.jobs, async (slot) => {
      const base: PageJson = {
        file: slot.file,
        frame: slot.frame,
        rotationDeg: null,
        rotationConfidence: null,
        rotationApplied: null,
        skewDeg: null,
        isBlank: null,
        isSeparator: null,
        dpi: null,
        dpiSuspect: null,
        width: null,
        height: null,
        text: null,
        meanConfidence: null,
        error: null,
      };
      let prepared: PreparedPage | null = null;
      let ocr: OcrResult | null = null;
      if ('error' in slot) {
        base.error = slot.error;
      } else {
        try {
          prepared = await prepareFrame(slot.src, slot.frame, engine, o.config);
          ocr = await recognizePage(prepared, engine);
          const f = prepared.findings;
          Object.assign(base, {
            rotationDeg: f.rotationDeg,
            rotationConfidence: f.rotationConfidence,
            rotationApplied: f.rotationApplied,
            skewDeg: f.skewDeg,
            isBlank: f.isBlank,
            isSeparator: f.isSeparator,
            dpi: prepared.dpi.x,
            dpiSuspect: prepared.dpi.suspect,
            width: prepared.width,
            height: prepared.height,
            text: ocr?.text ?? '',
            meanConfidence: ocr?.meanConfidence ?? 0,
          });
        } catch (err) {
          base.error = errorJson(err);
        }
      }
      done++;
      o.onProgress?.(done, slots.length, `${basename(slot.file)}#${slot.frame + 1}`);
      return { json: base, prepared, ocr };
    });

    const forAssembly: PageForAssembly[] = [];
    results.forEach((r, index) => {
      if (r.prepared !== null) forAssembly.push({ index, prepared: r.prepared, ocr: r.ocr });
    });
    const dossierCode = o.dossierCode ?? basename(files[0] ?? 'sohoa', extname(files[0] ?? ''));
    const docs = await assembleDocuments(forAssembly, {
      dossierCode,
      firstSeq: 1,
      archive: o.config.archive,
      producer: PRODUCER,
      documentId: () => randomUUID(),
      now: new Date(),
      signature: {
        identity,
        reason: o.config.signing.reason,
        location: o.config.signing.location,
      },
    });
    const dd = draftDossier(
      docs.map((d) => ({ metadata: d.metadata, pageCount: d.split.pages.length })),
    );
    const json: ProcessJson = {
      producer: PRODUCER,
      ocrEngine: engine.description,
      signedBy: {
        organization: identity.organization,
        subject: describeCertificate(identity.certificate).subject,
        development: identity.development,
      },
      pages: results.map((r) => r.json),
      dossier: {
        title: dd.title.value,
        startDate: dd.startDate.value,
        endDate: dd.endDate.value,
        totalDocs: dd.totalDocs,
        pageCount: dd.pageCount,
        confidence: {
          title: dd.title.confidence,
          startDate: dd.startDate.confidence,
          endDate: dd.endDate.confidence,
        },
      },
      documents: docs.map((d) => {
        const m = d.metadata;
        return {
          pages: [...d.split.pages],
          pdf: d.pdfName,
          boundaryConfidence: d.split.boundaryConfidence,
          metadata: {
            organ: m.organ.value,
            organParent: m.organParent.value,
            number: m.number.value,
            symbol: m.symbol.value,
            numberYear: m.numberYear?.value ?? null,
            date: m.date.value,
            place: m.place.value,
            docType: m.docType.value,
            docTypeCode: m.docTypeCode.value,
            summary: m.summary.value,
            signerAuthority: m.signerAuthority.value,
            signerTitle: m.signerTitle.value,
            signerName: m.signerName.value,
            pageCount: m.pageCount?.value ?? String(d.split.pages.length),
            language: m.language.value,
            secrecy: m.secrecy.value,
            urgency: m.urgency.value,
          },
          confidence: Object.fromEntries(
            (Object.keys(m) as (keyof DraftMetadata)[]).flatMap((k) => {
              const f = m[k];
              return f === undefined ? [] : [[k, f.confidence]];
            }),
          ),
        };
      }),
    };
    const words: OcrPageJson[] = results.map((r, page) => ({
      page,
      file: r.json.file,
      frame: r.json.frame,
      width: r.prepared?.width ?? null,
      height: r.prepared?.height ?? null,
      dpi: r.prepared === null ? null : { x: r.prepared.dpi.x, y: r.prepared.dpi.y },
      words: (r.ocr?.words ?? []).map((w) => ({
        text: w.text,
        bbox: [w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1],
        confidence: Math.round(w.confidence * 10) / 10,
      })),
    }));
    return { json, pdfs: docs.map((d) => ({ name: d.pdfName, bytes: d.pdf })), words };
  } finally {
    await engine.close();
  }
}
