/**
 * Schemas of the managers' api: progress against the digitization target, throughput, quality,
 * pipeline health and the target settings (`/api/progress…`). Every figure of the dashboard is one
 * of these answers, so the province's own reporting tools can read the same numbers.
 *
 * Days are Vietnam days written `YYYY-MM-DD`. "As of" a day means up to the end of that day;
 * a period `from`…`to` includes both days. How each figure is counted: README, "Tiến độ".
 *
 * Over 300 lines on purpose, like api/contracts.ts: it is the one contract the dashboard reads.
 */
import { z } from '@hono/zod-openapi';
import { isDay } from '../services/progress/calendar.js';
import { isoTime, paged, PageQuery, REJECT_REASONS, uuid } from '../contracts.js';

/** A Vietnam calendar day. */
export const Day = z
  .string()
  .refine(isDay, {
    error: 'Ngày phải có dạng YYYY-MM-DD và có thật / A day must be a real YYYY-MM-DD date',
  })
  .openapi({ type: 'string', format: 'date', example: '2026-06-30' });

/** `?date=`: figures as of the end of that day (today when absent; never after today). */
export const AsOfQuery = z.object({ date: Day.optional() });

/** `?from=&to=`: a period of days, both included (the rolling window ending today by default). */
export const PeriodQuery = z.object({ from: Day.optional(), to: Day.optional() });

export const ThroughputQuery = PeriodQuery.extend({
  /** Rows per day, or per week (Monday to Sunday, cut to the period) */
  by: z.enum(['day', 'week']).default('day'),
});

export const BurnupQuery = AsOfQuery.extend({
  /** First day of the series (the first day anything was scanned by default) */
  from: Day.optional(),
  /** One fonds (mã phông); all fonds by default */
  fonds: z.string().trim().min(1).max(13).optional(),
});

// ---------------------------------------------------------------------------------------------
// Settings

/** The target and the names the semi-annual report prints. */
export const ProgressSettings = z
  .object({
    /** Share of the holdings to digitize and catalogue, percent */
    targetPercent: z.number(),
    deadline: Day.nullable(),
    /** Tên cơ quan in the report's header */
    organization: z.string().nullable(),
    /** Cơ quan chủ quản, printed above it */
    parentOrganization: z.string().nullable(),
    /** Địa danh of the report's date line */
    place: z.string().nullable(),
    /** Days of the rolling pace (PROGRESS_WINDOW_DAYS) */
    windowDays: z.int(),
    updatedAt: isoTime,
  })
  .openapi('ProgressSettings');
export type ProgressSettings = z.infer<typeof ProgressSettings>;

const optionalName = (max: number) =>
  z.string().trim().normalize('NFC').max(max).nullable().optional();

export const ProgressSettingsBody = z
  .object({
    targetPercent: z
      .number({ error: 'Chỉ tiêu phải là một số / The target must be a number' })
      .gt(0, { error: 'Chỉ tiêu phải lớn hơn 0% / The target must be above 0%' })
      .max(100, { error: 'Chỉ tiêu không quá 100% / The target cannot exceed 100%' })
      .optional(),
    deadline: Day.nullable().optional(),
    organization: optionalName(200),
    parentOrganization: optionalName(200),
    place: optionalName(100),
  })
  .strict()
  .openapi('ProgressSettingsBody');
export type ProgressSettingsBody = z.infer<typeof ProgressSettingsBody>;

// ---------------------------------------------------------------------------------------------
// Progress

/** How far pages or dossiers have come: received, processed, approved, catalogued. */
export const StageCounts = z
  .object({
    scanned: z.int(),
    processed: z.int(),
    approved: z.int(),
    catalogued: z.int(),
  })
  .openapi('StageCounts');

/** `pages`: the target is counted in pages (or sheets); `dossiers`: no page count is known. */
const Unit = z.enum(['pages', 'dossiers']);

/** Where a fonds's page total comes from. */
const PagesSource = z.enum(['manual_pages', 'manual_sheets', 'inventory']);

/** Progress of one fonds, in its unit. */
export const FondsProgress = z
  .object({
    fondsId: uuid,
    code: z.string(),
    name: z.string(),
    unit: Unit,
    holdings: z.object({
      pages: z.int().nullable(),
      pagesSource: PagesSource.nullable(),
      dossiers: z.int(),
      dossiersSource: z.enum(['manual', 'inventory']),
      shelfMetres: z.number().nullable(),
      /** Dossiers registered in the fonds (inventory import or first scan) */
      inventoryDossiers: z.int(),
      /** …of which with a page or sheet count */
      inventorySized: z.int(),
    }),
    pages: StageCounts,
    dossiers: StageCounts,
    /** Target in the unit: ceil(holdings × targetPercent / 100); null without holdings */
    target: z.int().nullable(),
    /** Catalogued, in the unit */
    done: z.int(),
    percentOfHoldings: z.number().nullable(),
    percentOfTarget: z.number().nullable(),
    highUse: z.object({
      dossiers: z.int(),
      /** Page (or sheet) count of the high-use dossiers in the inventory */
      pages: z.int(),
      cataloguedDossiers: z.int(),
      cataloguedPages: z.int(),
    }),
  })
  .openapi('FondsProgress');
export type FondsProgress = z.infer<typeof FondsProgress>;

export const Forecast = z
  .object({
    remaining: z.int(),
    window: z.object({
      from: Day,
      to: Day,
      days: z.int(),
      workingDays: z.int(),
      done: z.int(),
    }),
    rate: z.object({ perWorkingDay: z.number(), perCalendarDay: z.number() }),
    finish: z.object({ working: Day.nullable(), calendar: Day.nullable() }),
    daysLeft: z.object({ working: z.int(), calendar: z.int() }).nullable(),
    required: z.object({
      perWorkingDay: z.int().nullable(),
      perCalendarDay: z.int().nullable(),
    }),
    reached: z.boolean(),
    /** The first day the catalogued total reached the target (when it has) */
    reachedOn: Day.nullable(),
    overdue: z.boolean(),
    onTrack: z.boolean().nullable(),
  })
  .openapi('Forecast');
export type Forecast = z.infer<typeof Forecast>;

/** `GET /api/progress`. */
export const Progress = z
  .object({
    asOf: Day,
    settings: ProgressSettings,
    overall: z.object({
      unit: Unit,
      /** In the unit; pages over the fonds counted in pages */
      holdings: z.int(),
      target: z.int(),
      done: z.int(),
      percentOfHoldings: z.number().nullable(),
      percentOfTarget: z.number().nullable(),
      /** Over the fonds counted in pages */
      pages: StageCounts,
      /** Over every fonds */
      dossiers: StageCounts,
      holdingsDossiers: z.int(),
      /** Fonds with no page or sheet count, left out of the page figures */
      fondsWithoutPages: z.array(z.string()),
    }),
    highUse: z.object({
      dossiers: z.int(),
      pages: z.int(),
      cataloguedDossiers: z.int(),
      cataloguedPages: z.int(),
      /** Catalogued share of the high-use pages (dossiers where no page count is known) */
      percent: z.number().nullable(),
    }),
    forecast: Forecast,
    fonds: z.array(FondsProgress),
  })
  .openapi('Progress');
export type Progress = z.infer<typeof Progress>;

/** One day of the burn-up: cumulative totals at the end of the day. */
export const BurnupPoint = z
  .object({
    day: Day,
    scannedPages: z.int(),
    processedPages: z.int(),
    approvedPages: z.int(),
    cataloguedPages: z.int(),
    cataloguedDossiers: z.int(),
  })
  .openapi('BurnupPoint');

/** `GET /api/progress/burnup`. */
export const Burnup = z
  .object({
    asOf: Day,
    fonds: z.string().nullable(),
    unit: Unit,
    holdings: z.int(),
    target: z.int(),
    deadline: Day.nullable(),
    forecast: Forecast,
    points: z.array(BurnupPoint),
  })
  .openapi('Burnup');
export type Burnup = z.infer<typeof Burnup>;

// ---------------------------------------------------------------------------------------------
// Throughput and quality

const PeriodOut = z.object({ from: Day, to: Day });

export const ThroughputRow = z
  .object({
    /** The day, or the Monday of the week */
    period: Day,
    scannedPages: z.int(),
    /** …of which pages of rescans */
    rescannedPages: z.int(),
    processedPages: z.int(),
    approvedDossiers: z.int(),
    rejectedDossiers: z.int(),
    approvedPages: z.int(),
    cataloguedDossiers: z.int(),
    cataloguedPages: z.int(),
  })
  .openapi('ThroughputRow');
export type ThroughputRow = z.infer<typeof ThroughputRow>;

export const Throughput = z
  .object({ period: PeriodOut, by: z.enum(['day', 'week']), rows: z.array(ThroughputRow) })
  .openapi('Throughput');
export type Throughput = z.infer<typeof Throughput>;

const ScanFigures = {
  batches: z.int(),
  pages: z.int(),
  rescannedPages: z.int(),
  /** rescannedPages / pages, 0–1; null without pages */
  rescanShare: z.number().nullable(),
  rejections: z.int(),
};

export const OperatorRow = z
  .object({ operator: z.string().nullable(), ...ScanFigures })
  .openapi('OperatorRow');
export const WorkstationRow = z
  .object({ workstationId: uuid.nullable(), workstation: z.string().nullable(), ...ScanFigures })
  .openapi('WorkstationRow');
export const OperatorWorkstationRow = z
  .object({
    operator: z.string().nullable(),
    workstationId: uuid.nullable(),
    workstation: z.string().nullable(),
    ...ScanFigures,
  })
  .openapi('OperatorWorkstationRow');

/** `GET /api/progress/operators`: null operator: the agent sent no name ("không rõ"). */
export const Operators = z
  .object({
    period: PeriodOut,
    operators: z.array(OperatorRow),
    workstations: z.array(WorkstationRow),
    pairs: z.array(OperatorWorkstationRow),
  })
  .openapi('Operators');
export type Operators = z.infer<typeof Operators>;

export const ReviewerRow = z
  .object({
    userId: z.string(),
    username: z.string().nullable(),
    displayName: z.string().nullable(),
    /** Decisions: approved + rejected */
    reviewed: z.int(),
    approved: z.int(),
    rejected: z.int(),
    /** Distinct fields (per document or dossier) the reviewer changed */
    fieldsCorrected: z.int(),
  })
  .openapi('ReviewerRow');

export const Reviewers = z
  .object({ period: PeriodOut, reviewers: z.array(ReviewerRow) })
  .openapi('Reviewers');
export type Reviewers = z.infer<typeof Reviewers>;

export const Quality = z
  .object({
    period: PeriodOut,
    ocr: z.object({
      /** Text pages finished in the period (blank and separator sheets left out) */
      pages: z.int(),
      mean: z.number().nullable(),
      /** Ten buckets of 10 points: [0,10) … [90,100] */
      buckets: z.array(z.object({ from: z.int(), to: z.int(), pages: z.int() })),
    }),
    corrections: z.object({
      /** Documents of dossiers approved in the period */
      documents: z.int(),
      /** documents × the fields the pipeline drafts */
      draftedFields: z.int(),
      corrected: z.int(),
      share: z.number().nullable(),
      byField: z.array(z.object({ field: z.string(), corrected: z.int() })),
    }),
    rejections: z.object({
      total: z.int(),
      byReason: z.array(z.object({ reason: z.enum(REJECT_REASONS), count: z.int() })),
    }),
    rescans: z.object({ pages: z.int(), scannedPages: z.int(), share: z.number().nullable() }),
  })
  .openapi('Quality');
export type Quality = z.infer<typeof Quality>;

// ---------------------------------------------------------------------------------------------
// Pipeline health

export const QueueDepth = z
  .object({
    queue: z.string(),
    waiting: z.int(),
    active: z.int(),
    delayed: z.int(),
    failed: z.int(),
  })
  .openapi('QueueDepth');

export const StuckItem = z
  .object({
    kind: z.enum(['job_active', 'batch_open', 'batch_unassembled', 'dossier_uncatalogued']),
    /** Job id, batch id or dossier id */
    id: z.string(),
    queue: z.string().nullable(),
    dossierCode: z.string().nullable(),
    since: isoTime,
    minutes: z.int(),
  })
  .openapi('StuckItem');

export const PipelineHealth = z
  .object({
    at: isoTime,
    /** Jobs running longer than this, and batches or dossiers waiting longer, are stuck */
    stuckMinutes: z.int(),
    queues: z.array(QueueDepth),
    /** null: Redis did not answer (the message says why) */
    queuesError: z.string().nullable(),
    pages: z.object({ queued: z.int(), processing: z.int(), failed: z.int() }),
    failedByCode: z.array(z.object({ code: z.string(), pages: z.int() })),
    stuck: z.array(StuckItem),
  })
  .openapi('PipelineHealth');
export type PipelineHealth = z.infer<typeof PipelineHealth>;

export const FailedPagesQuery = PageQuery.extend({ code: z.string().max(80).optional() });

export const FailedPage = z
  .object({
    id: uuid,
    dossierCode: z.string(),
    batchId: uuid,
    operator: z.string().nullable(),
    workstation: z.string().nullable(),
    fileName: z.string().nullable(),
    frameIndex: z.int(),
    attempts: z.int(),
    errorCode: z.string().nullable(),
    errorMessage: z.string().nullable(),
    errorHint: z.string().nullable(),
    createdAt: isoTime,
  })
  .openapi('FailedPage');
export type FailedPage = z.infer<typeof FailedPage>;

export const FailedPages = paged(FailedPage, 'FailedPages');
export type FailedPages = z.infer<typeof FailedPages>;

export const RetryResult = z
  .object({ id: uuid, status: z.literal('queued') })
  .openapi('RetryResult');

// ---------------------------------------------------------------------------------------------
// Exports

/** The tables the dashboard shows, each downloadable as CSV. */
export const EXPORT_TABLES = [
  'fonds',
  'throughput',
  'operators',
  'workstations',
  'reviewers',
  'ocr',
  'corrections',
  'rejections',
  'failed-pages',
  'holdings',
] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

export const ExportParam = z.object({ table: z.enum(EXPORT_TABLES) });
export const ExportQuery = PeriodQuery.extend({
  date: Day.optional(),
  by: z.enum(['day', 'week']).default('day'),
});
