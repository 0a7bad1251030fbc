/**
 * Schemas of the holdings api (`/api/holdings…`): what each fonds holds (entered by a manager and
 * summed from its inventory), the inventory of a fonds dossier by dossier, and importing a mục lục
 * hồ sơ (CSV or XLSX) with a preview first.
 */
import { z } from '@hono/zod-openapi';
import {
  DOSSIER_STATUSES,
  DossierCode,
  ErrorBody,
  isoTime,
  paged,
  PageQuery,
  uuid,
} from '../contracts.js';
import { FondsProgress } from './progress.js';

const FondsCode = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9._-]{1,13}$/,
    'Mã phông: 1–13 chữ, số, . _ - / Fonds code: 1–13 letters, digits, . _ -',
  )
  .openapi({ example: 'PHONG01' });

export const FondsCodeParam = z.object({ fondsCode: FondsCode });

/** One fonds: its figures as the progress gives them, and what was entered by hand. */
export const FondsHoldings = z
  .object({
    fonds: FondsProgress,
    manual: z.object({
      dossiers: z.int().nullable(),
      pages: z.int().nullable(),
      sheets: z.int().nullable(),
      shelfMetres: z.number().nullable(),
      note: z.string().nullable(),
      updatedAt: isoTime.nullable(),
    }),
  })
  .openapi('FondsHoldings');
export type FondsHoldings = z.infer<typeof FondsHoldings>;

export const HoldingsList = z.object({ items: z.array(FondsHoldings) }).openapi('HoldingsList');
export type HoldingsList = z.infer<typeof HoldingsList>;

const count = (vi: string, en: string) =>
  z
    .int({ error: `${vi} phải là số nguyên / ${en} must be a whole number` })
    .min(0, { error: `${vi} không được âm / ${en} must not be negative` })
    .max(2_000_000_000, { error: `${vi} quá lớn / ${en} is too large` })
    .nullable()
    .optional();

/** `PUT /api/holdings/{fondsCode}`: a field left out is left alone, null clears it. */
export const HoldingsBody = z
  .object({
    /** Tên phông; required to create a fonds that does not exist yet */
    name: z.string().trim().normalize('NFC').min(1).max(200).optional(),
    dossiers: count('Số hồ sơ', 'Dossiers'),
    pages: count('Số trang', 'Pages'),
    sheets: count('Số tờ', 'Sheets'),
    shelfMetres: z
      .number({ error: 'Số mét giá phải là số / Shelf metres must be a number' })
      .min(0, { error: 'Số mét giá không được âm / Shelf metres must not be negative' })
      .max(1_000_000)
      .nullable()
      .optional(),
    note: z.string().trim().normalize('NFC').max(1000).nullable().optional(),
  })
  .strict()
  .openapi('HoldingsBody');
export type HoldingsBody = z.infer<typeof HoldingsBody>;

export const InventoryQuery = PageQuery.extend({
  /** Part of the code or the title, diacritics ignored */
  q: z.string().trim().max(200).optional(),
});

export const InventoryDossier = z
  .object({
    id: uuid,
    code: z.string(),
    title: z.string().nullable(),
    boxNo: z.string().nullable(),
    fileNo: z.string().nullable(),
    status: z.enum(DOSSIER_STATUSES),
    expectedPages: z.int().nullable(),
    expectedSheets: z.int().nullable(),
    highUse: z.boolean(),
    /** Pages in its documents (null before assembly) */
    pageCount: z.int().nullable(),
    inventoryAt: isoTime.nullable(),
  })
  .openapi('InventoryDossier');
export type InventoryDossier = z.infer<typeof InventoryDossier>;

export const InventoryPage = paged(InventoryDossier, 'InventoryPage');
export type InventoryPage = z.infer<typeof InventoryPage>;

export const InventoryCodeParam = z.object({ code: DossierCode });

/** `PATCH /api/holdings/dossiers/{code}`: the planning figures of one dossier. */
export const InventoryDossierBody = z
  .object({
    expectedPages: z.int().min(0).max(100_000).nullable().optional(),
    expectedSheets: z.int().min(0).max(100_000).nullable().optional(),
    highUse: z.boolean().optional(),
  })
  .strict()
  .openapi('InventoryDossierBody');
export type InventoryDossierBody = z.infer<typeof InventoryDossierBody>;

export const ImportQuery = z.object({
  /** 1: write; 0 (default): preview only */
  commit: z.enum(['0', '1']).default('0'),
});

export const ImportForm = z.object({
  file: z.any().openapi({ type: 'string', format: 'binary' }),
});

const RowErrorSchema = z.object({
  /** Row number as the spreadsheet shows it */
  row: z.int(),
  /** Column letter; null for the whole row */
  column: z.string().nullable(),
  header: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});

/** What an import did (or would do). */
export const InventoryResult = z
  .object({
    fondsCode: z.string(),
    fileName: z.string().nullable(),
    sha256: z.string(),
    format: z.enum(['csv', 'xlsx']),
    headerRow: z.int(),
    columns: z.array(
      z.object({ column: z.string(), header: z.string(), field: z.string().nullable() }),
    ),
    rowsRead: z.int(),
    errors: z.array(RowErrorSchema),
    skipped: z.array(z.object({ row: z.int(), reason: z.string() })),
    summary: z.object({
      create: z.int(),
      update: z.int(),
      unchanged: z.int(),
      /** Rows with fields left as scanning or review made them */
      kept: z.int(),
      errors: z.int(),
    }),
    /** Row by row (the first 2000) */
    items: z.array(
      z.object({
        row: z.int(),
        code: z.string(),
        action: z.enum(['create', 'update', 'unchanged']),
        status: z.enum(DOSSIER_STATUSES).nullable(),
        changed: z.array(z.string()),
        kept: z.array(z.string()),
      }),
    ),
    committed: z.boolean(),
  })
  .openapi('InventoryResult');
export type InventoryResult = z.infer<typeof InventoryResult>;

/** 422 `inventory.invalid`: the commit was refused; `result` lists the errors. */
export const InventoryInvalidBody = ErrorBody.extend({ result: InventoryResult }).openapi(
  'InventoryInvalid',
);
