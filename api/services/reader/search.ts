/**
 * Catalogue search in PostgreSQL over `catalogue_search` (the migration's trigger keeps it from
 * the immutable records): full text over the OCR text and the metadata, diacritics matched or
 * folded, number and symbol lookups, filters by fonds, date range, type and organ, and only what
 * the viewer may read (core/domain/access.ts).
 *
 * Paging stays fast at a million records:
 * - newest / oldest: keyset on (sort_date, record_id) over a partial index of the latest versions;
 *   a page costs the same at any depth.
 * - relevance: ts_rank over the newest RANK_WINDOW matches only (bounded ranking), paged by offset
 *   inside that window; `rankWindowExceeded` tells the UI when there were more, and the date
 *   orders reach every match.
 * Matches are counted up to COUNT_LIMIT ("more than 10,000") in the date orders, and up to
 * RANK_WINDOW by the relevance query itself (no second scan).
 */
import { z } from 'zod';
import { Prisma, type PrismaClient } from '../../../core/db/client.js';
import { readableModes, type Viewer } from '../../../core/domain/access.js';
import type { SearchQuery, SearchResult } from '../../contracts/catalogue.js';
import { HttpError } from '../../errors.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { foldText, numberKey, parseQuery } from './query-text.js';
import { toRecordSummary } from './record-row.js';
import { snippet } from './snippet.js';

/** Matches ranked by relevance: the newest this many. */
export const RANK_WINDOW = 2000;
/** Matches counted: beyond this the total reads "more than". */
export const COUNT_LIMIT = 10_000;

const DateCursor = z.object({
  k: z.literal('d'),
  d: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  id: z.uuid(),
  n: z.int().min(0),
  x: z.boolean(),
});
const RankCursor = z.object({
  k: z.literal('r'),
  off: z.int().min(1),
  n: z.int().min(0),
  x: z.boolean(),
  w: z.boolean(),
});
const Cursor = z.union([DateCursor, RankCursor]);

/** The first and last day a partial ISO date can mean. */
export function dateBounds(partial: string): { lo: string; hi: string } {
  const [y = '0001', m, d] = partial.split('-');
  if (d !== undefined) return { lo: partial, hi: partial };
  if (m !== undefined) {
    const last = new Date(Date.UTC(Number(y), Number(m), 0)).getUTCDate();
    return { lo: `${y}-${m}-01`, hi: `${y}-${m}-${String(last).padStart(2, '0')}` };
  }
  return { lo: `${y}-01-01`, hi: `${y}-12-31` };
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface SearchPlan {
  readonly where: Prisma.Sql;
  /** The tsquery (and vector column) when the query has words */
  readonly text: {
    readonly query: Prisma.Sql;
    readonly column: Prisma.Sql;
    /** The same vector column under the alias `r` (ranking) */
    readonly rankColumn: Prisma.Sql;
  } | null;
  readonly fold: boolean;
  readonly terms: readonly string[];
  readonly matchedBy: 'text' | 'number' | 'filters';
}

/**
 * The WHERE clause of a search (filters and access), shared with the exports. Throws 403
 * `catalogue.staff_only` when an anonymous reader asks for every version.
 */
export function searchPlan(
  viewer: Viewer,
  q: Omit<SearchQuery, 'limit' | 'cursor' | 'sort'>,
): SearchPlan {
  if (q.allVersions && viewer.kind === 'anonymous') {
    throw new HttpError(403, 'catalogue.staff_only', {
      message:
        'Chỉ cán bộ đã đăng nhập mới tìm được trong các phiên bản cũ / Only signed-in staff may search old versions',
      hint: 'Bỏ allVersions, hoặc đăng nhập / Leave out allVersions, or sign in',
    });
  }
  const parsed = parseQuery(q.q, q.diacritics);
  const conds: Prisma.Sql[] = [Prisma.sql`s.modes <@ ${readableModes(viewer)}::varchar[]`];
  if (!q.allVersions) conds.push(Prisma.sql`s.latest`);
  let text: SearchPlan['text'] = null;
  if (parsed.text !== null) {
    const column = parsed.fold ? Prisma.sql`s.tsv_fold` : Prisma.sql`s.tsv_exact`;
    const query = Prisma.sql`websearch_to_tsquery('simple', sohoa_search_text(${parsed.text}, ${parsed.fold}))`;
    text = {
      query,
      column,
      rankColumn: parsed.fold ? Prisma.sql`r.tsv_fold` : Prisma.sql`r.tsv_exact`,
    };
    conds.push(Prisma.sql`${column} @@ ${query}`);
  }
  const keys = [parsed.numberKey, q.number === undefined ? null : numberKey(q.number)].filter(
    (k): k is string => k !== null && k !== '',
  );
  for (const k of keys) conds.push(Prisma.sql`(s.number_key = ${k} OR s.notation_key = ${k})`);
  if (q.fonds !== undefined) conds.push(Prisma.sql`s.fonds_code = ${q.fonds.trim()}`);
  if (q.type !== undefined) conds.push(Prisma.sql`s.type_code = ${q.type}`);
  if (q.organ !== undefined && q.organ.trim() !== '') {
    conds.push(Prisma.sql`s.organ_key LIKE ${`%${escapeLike(foldText(q.organ.trim()))}%`}`);
  }
  // sort_date (= date_lo) bounds as well: they let the (fonds, sort_date) index narrow the scan. A
  // record's dates span at most a year (a date known to the year), so date_hi >= X implies
  // date_lo >= X - 366 days.
  if (q.dateFrom !== undefined) {
    const lo = dateBounds(q.dateFrom).lo;
    conds.push(Prisma.sql`s.date_hi >= ${lo}::date`);
    conds.push(Prisma.sql`s.sort_date >= ${lo}::date - 366`);
  }
  if (q.dateTo !== undefined) {
    const hi = dateBounds(q.dateTo).hi;
    conds.push(Prisma.sql`s.date_lo <= ${hi}::date`);
    conds.push(Prisma.sql`s.sort_date <= ${hi}::date`);
  }
  return {
    where: Prisma.join(conds, ' AND '),
    text,
    fold: parsed.fold,
    terms: parsed.terms,
    matchedBy: text !== null ? 'text' : keys.length > 0 ? 'number' : 'filters',
  };
}

type Total = { count: number; exact: boolean };

interface Hit {
  record_id: string;
  sort_date: Date;
}

/**
 * One page of catalogue records matching `q` that `viewer` may read. Throws 400
 * `request.invalid` for a bad cursor, 403 `catalogue.staff_only` (see searchPlan).
 */
export async function searchCatalogue(
  db: PrismaClient,
  viewer: Viewer,
  q: SearchQuery,
): Promise<SearchResult> {
  const plan = searchPlan(viewer, q);
  // Relevance needs words to rank by; without them the newest come first.
  const asked = q.sort ?? (plan.text !== null ? 'relevance' : 'newest');
  const sort = asked === 'relevance' && plan.text === null ? 'newest' : asked;
  const cursor = q.cursor === undefined ? undefined : decodeCursor(q.cursor, Cursor);
  if (cursor !== undefined && (cursor.k === 'r') !== (sort === 'relevance')) {
    throw new HttpError(400, 'request.invalid', {
      message: 'Con trỏ trang thuộc cách sắp xếp khác / The cursor belongs to another sort order',
      hint: 'Bắt đầu lại từ trang đầu / Start again from the first page',
    });
  }
  // Relevance counts its window's matches itself (up to RANK_WINDOW); the date orders count apart.
  let total: Total | null = cursor === undefined ? null : { count: cursor.n, exact: cursor.x };
  const counted = async (): Promise<Total> => (total ??= await countMatches(db, plan));
  const take = q.limit + 1;
  let ids: string[];
  let nextCursor: string | null = null;
  let windowExceeded = false;
  if (sort === 'relevance' && plan.text !== null) {
    const off = cursor?.k === 'r' ? cursor.off : 0;
    // The window takes ids and dates only (the heap, not the vectors); the vectors of the window's
    // records alone are then read back to rank them.
    const rows = await db.$queryRaw<{ record_id: string; n: bigint }[]>`
      WITH hits AS (
        SELECT s.record_id, s.sort_date FROM catalogue_search s WHERE ${plan.where}
         ORDER BY s.sort_date DESC, s.record_id DESC LIMIT ${RANK_WINDOW + 1}
      )
      SELECT r.record_id, (SELECT count(*) FROM hits) AS n
        FROM catalogue_search r
       WHERE r.record_id = ANY(ARRAY(
         SELECT record_id FROM hits ORDER BY sort_date DESC, record_id DESC LIMIT ${RANK_WINDOW}))
       ORDER BY ts_rank(${plan.text.rankColumn}, ${plan.text.query}, 1) DESC, r.sort_date DESC, r.record_id DESC
       OFFSET ${off} LIMIT ${Math.min(take, Math.max(0, RANK_WINDOW - off))}`;
    if (cursor?.k === 'r') {
      windowExceeded = cursor.w;
    } else {
      const n = Number(rows[0]?.n ?? 0);
      windowExceeded = n > RANK_WINDOW;
      // A first page with no match has no row to carry the count.
      if (rows.length > 0) total = { count: Math.min(n, RANK_WINDOW), exact: !windowExceeded };
    }
    const t = await counted();
    ids = rows.slice(0, q.limit).map((r) => r.record_id);
    if (rows.length > q.limit && off + q.limit < RANK_WINDOW) {
      nextCursor = encodeCursor({
        k: 'r',
        off: off + q.limit,
        n: t.count,
        x: t.exact,
        w: windowExceeded,
      });
    }
  } else {
    const desc = sort !== 'oldest';
    const after =
      cursor?.k === 'd'
        ? desc
          ? Prisma.sql`AND (s.sort_date, s.record_id) < (${cursor.d}::date, ${cursor.id}::uuid)`
          : Prisma.sql`AND (s.sort_date, s.record_id) > (${cursor.d}::date, ${cursor.id}::uuid)`
        : Prisma.empty;
    const order = desc
      ? Prisma.sql`ORDER BY s.sort_date DESC, s.record_id DESC`
      : Prisma.sql`ORDER BY s.sort_date ASC, s.record_id ASC`;
    const rows = await db.$queryRaw<Hit[]>`
      SELECT s.record_id, s.sort_date FROM catalogue_search s
       WHERE ${plan.where} ${after} ${order} LIMIT ${take}`;
    const t = await counted();
    ids = rows.slice(0, q.limit).map((r) => r.record_id);
    const last = rows[q.limit - 1];
    if (rows.length > q.limit && last !== undefined) {
      nextCursor = encodeCursor({
        k: 'd',
        d: last.sort_date.toISOString().slice(0, 10),
        id: last.record_id,
        n: t.count,
        x: t.exact,
      });
    }
  }
  const records = await db.catalogueRecord.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      documentId: true,
      dossierId: true,
      version: true,
      metadata: true,
      createdAt: true,
      fullText: plan.terms.length > 0,
      search: { select: { latest: true, modes: true } },
    },
  });
  const byId = new Map(records.map((r) => [r.id, r]));
  const items = ids.flatMap((id) => {
    const r = byId.get(id);
    if (r === undefined) return [];
    const summary = toRecordSummary(r);
    const opts = { fold: plan.fold };
    const found =
      plan.terms.length === 0
        ? null
        : (snippet(r.fullText ?? '', plan.terms, opts) ?? snippet(summary.title, plan.terms, opts));
    return [{ ...summary, snippet: found }];
  });
  return {
    items,
    nextCursor,
    total: await counted(),
    sort,
    folded: plan.fold,
    matchedBy: plan.matchedBy,
    rankWindowExceeded: windowExceeded,
  };
}

/** Matches counted up to COUNT_LIMIT. */
async function countMatches(
  db: PrismaClient,
  plan: SearchPlan,
): Promise<{ count: number; exact: boolean }> {
  const rows = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM (
      SELECT 1 FROM catalogue_search s WHERE ${plan.where} LIMIT ${COUNT_LIMIT + 1}
    ) m`;
  const n = Number(rows[0]?.n ?? 0);
  return { count: Math.min(n, COUNT_LIMIT), exact: n <= COUNT_LIMIT };
}
