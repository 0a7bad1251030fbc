/**
 * The raw counts behind the progress figures, per fonds, as of the end of a day: holdings (entered
 * by hand and summed from the inventory) and how far pages and dossiers have come. Two queries
 * over the dossier and batch tables and the daily page rollup, never the page table itself, so
 * they cost the same with millions of pages (bench/dashboard.ts measures them).
 *
 * - scanned pages / processed pages: pages received / finished by the pipeline (page_daily), up
 *   to the day; rescanned pages count again (they are work done).
 * - scanned dossiers: a batch was opened for them; processed: a batch was assembled.
 * - approved: the dossier's current approval is dated up to the end of the day; its pages are the
 *   pages of its documents (dossier.page_count, kept by assembly and structure edits).
 * - catalogued: approved and every document of that approval catalogued by the end of the day.
 */
import { Prisma, type PrismaClient } from '../../../core/db/client.js';
import type { AsOf } from './period.js';

export interface FondsCounts {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  /** Entered by hand (null: not known) */
  readonly manual: {
    readonly dossiers: number | null;
    readonly pages: number | null;
    readonly sheets: number | null;
    readonly shelfMetres: number | null;
  };
  /** Dossiers of the fonds, with a page (or sheet) count, and the sum of those counts */
  readonly inventory: { readonly dossiers: number; readonly sized: number; readonly pages: number };
  readonly highUse: {
    readonly dossiers: number;
    readonly pages: number;
    readonly cataloguedDossiers: number;
    readonly cataloguedPages: number;
  };
  readonly dossiers: Stages;
  readonly pages: Stages;
}

export interface Stages {
  readonly scanned: number;
  readonly processed: number;
  readonly approved: number;
  readonly catalogued: number;
}

interface Row {
  id: string;
  code: string;
  name: string;
  m_dossiers: number | null;
  m_pages: number | null;
  m_sheets: number | null;
  m_shelf: number | null;
  inv_dossiers: number | null;
  inv_sized: number | null;
  inv_pages: number | null;
  hu_dossiers: number | null;
  hu_pages: number | null;
  hu_cat_dossiers: number | null;
  hu_cat_pages: number | null;
  d_scanned: number | null;
  d_processed: number | null;
  d_approved: number | null;
  d_catalogued: number | null;
  p_scanned: number | null;
  p_processed: number | null;
  p_approved: number | null;
  p_catalogued: number | null;
}

const n = (v: number | null): number => v ?? 0;

/** A dossier counts as catalogued as of `end` (SQL over the alias `d`). */
export const cataloguedBy = (end: Date): Prisma.Sql =>
  Prisma.sql`(d.status = 'approved' AND d.approved_at < ${end}
              AND d.catalogued_at >= d.approved_at AND d.catalogued_at < ${end})`;

/** Every fonds with its counts as of `asOf`, in code order. */
export async function fondsCounts(db: PrismaClient, asOf: AsOf): Promise<FondsCounts[]> {
  const { end } = asOf;
  const rows = await db.$queryRaw<Row[]>`
    WITH b AS (
      SELECT dossier_id, bool_or(opened_at < ${end}) AS scanned,
             bool_or(assembled_at < ${end}) AS processed
      FROM scan_batch GROUP BY dossier_id
    ), pd AS (
      SELECT dossier_id, sum(scanned)::int AS scanned, sum(processed)::int AS processed
      FROM page_daily WHERE day <= ${asOf.day}::date
      GROUP BY dossier_id
    ), x AS (
      SELECT d.fonds_id, d.high_use, coalesce(d.expected_pages, d.expected_sheets) AS size,
             coalesce(d.page_count, 0) AS pages,
             coalesce(b.scanned, false) AS scanned, coalesce(b.processed, false) AS processed,
             (d.status = 'approved' AND d.approved_at < ${end}) AS approved,
             ${cataloguedBy(end)} AS catalogued,
             coalesce(pd.scanned, 0) AS ps, coalesce(pd.processed, 0) AS pp
      FROM dossier d
      LEFT JOIN b ON b.dossier_id = d.id
      LEFT JOIN pd ON pd.dossier_id = d.id
    ), agg AS (
      SELECT fonds_id,
             count(*)::int AS inv_dossiers, count(size)::int AS inv_sized,
             coalesce(sum(size), 0)::int AS inv_pages,
             (count(*) FILTER (WHERE high_use))::int AS hu_dossiers,
             coalesce(sum(size) FILTER (WHERE high_use), 0)::int AS hu_pages,
             (count(*) FILTER (WHERE high_use AND catalogued))::int AS hu_cat_dossiers,
             coalesce(sum(pages) FILTER (WHERE high_use AND catalogued), 0)::int AS hu_cat_pages,
             (count(*) FILTER (WHERE scanned))::int AS d_scanned,
             (count(*) FILTER (WHERE processed))::int AS d_processed,
             (count(*) FILTER (WHERE approved))::int AS d_approved,
             (count(*) FILTER (WHERE catalogued))::int AS d_catalogued,
             sum(ps)::int AS p_scanned, sum(pp)::int AS p_processed,
             coalesce(sum(pages) FILTER (WHERE approved), 0)::int AS p_approved,
             coalesce(sum(pages) FILTER (WHERE catalogued), 0)::int AS p_catalogued
      FROM x GROUP BY fonds_id
    )
    SELECT f.id::text AS id, f.code, f.name,
           h.dossiers AS m_dossiers, h.pages AS m_pages, h.sheets AS m_sheets,
           h.shelf_metres AS m_shelf, agg.*
    FROM fonds f
    LEFT JOIN fonds_holdings h ON h.fonds_id = f.id
    LEFT JOIN agg ON agg.fonds_id = f.id
    ORDER BY f.code`;
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    manual: {
      dossiers: r.m_dossiers,
      pages: r.m_pages,
      sheets: r.m_sheets,
      shelfMetres: r.m_shelf,
    },
    inventory: { dossiers: n(r.inv_dossiers), sized: n(r.inv_sized), pages: n(r.inv_pages) },
    highUse: {
      dossiers: n(r.hu_dossiers),
      pages: n(r.hu_pages),
      cataloguedDossiers: n(r.hu_cat_dossiers),
      cataloguedPages: n(r.hu_cat_pages),
    },
    dossiers: {
      scanned: n(r.d_scanned),
      processed: n(r.d_processed),
      approved: n(r.d_approved),
      catalogued: n(r.d_catalogued),
    },
    pages: {
      scanned: n(r.p_scanned),
      processed: n(r.p_processed),
      approved: n(r.p_approved),
      catalogued: n(r.p_catalogued),
    },
  }));
}

export interface CataloguedDay {
  readonly fondsId: string;
  readonly day: string;
  readonly pages: number;
  readonly dossiers: number;
}

/** Pages and dossiers catalogued per fonds and day, up to the end of `asOf`, in day order. */
export async function cataloguedPerDay(db: PrismaClient, asOf: AsOf): Promise<CataloguedDay[]> {
  const rows = await db.$queryRaw<
    { fonds_id: string; day: string; pages: number; dossiers: number }[]
  >`
    SELECT d.fonds_id::text AS fonds_id, vn_day(d.catalogued_at)::text AS day,
           sum(coalesce(d.page_count, 0))::int AS pages, count(*)::int AS dossiers
    FROM dossier d
    WHERE ${cataloguedBy(asOf.end)}
    GROUP BY 1, 2
    ORDER BY 2`;
  return rows.map((r) => ({
    fondsId: r.fonds_id,
    day: r.day,
    pages: r.pages,
    dossiers: r.dossiers,
  }));
}
