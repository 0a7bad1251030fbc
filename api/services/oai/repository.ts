/**
 * The OAI-PMH repository of the catalogue: what an anonymous harvester may see (the access
 * decision of core/domain/access.ts for an anonymous viewer), each document's latest version as
 * one item, identified `oai:<repository>:<document id>`, stamped with the time its version was
 * catalogued, grouped in sets by fonds.
 */
import { Prisma, type PrismaClient } from '../../../core/db/client.js';
import { ANONYMOUS, readableModes } from '../../../core/domain/access.js';
import type { RecordSummary } from '../../contracts/catalogue.js';
import {
  RecordMetadata,
  toRecordSummary,
  type RecordMetadata as Metadata,
} from '../reader/record-row.js';
import type { ListState } from './protocol.js';

/** Records per ListIdentifiers / ListRecords answer. */
export const OAI_PAGE = 100;

export interface OaiItem {
  readonly summary: RecordSummary;
  readonly metadata: Metadata;
  readonly datestamp: Date;
}

/** `oai:<repository>:<document id>` and back. */
export const oaiIdentifier = (repo: string, documentId: string): string =>
  `oai:${repo}:${documentId}`;

export function documentIdOf(repo: string, identifier: string): string | null {
  const m = /^oai:([^:]+):([0-9a-f-]{36})$/i.exec(identifier);
  return m !== null && m[1] === repo ? (m[2] ?? null) : null;
}

const PUBLIC = readableModes(ANONYMOUS);

/** When the oldest harvestable record was catalogued, or null when there is none. */
export async function earliestDatestamp(db: PrismaClient): Promise<Date | null> {
  const rows = await db.$queryRaw<{ at: Date | null }[]>`
    SELECT min(datestamp) AS at FROM catalogue_search WHERE latest AND modes <@ ${PUBLIC}::varchar[]`;
  return rows[0]?.at ?? null;
}

/** The fonds with harvestable records: the sets. */
export async function listSets(db: PrismaClient): Promise<{ code: string; name: string }[]> {
  return db.$queryRaw<{ code: string; name: string }[]>`
    SELECT f.code, f.name FROM fonds f
     WHERE EXISTS (SELECT 1 FROM catalogue_search s
                    WHERE s.fonds_code = f.code AND s.latest AND s.modes <@ ${PUBLIC}::varchar[])
     ORDER BY f.code`;
}

/** Whether any fonds is named `set`. */
export async function setExists(db: PrismaClient, set: string): Promise<boolean> {
  return (await db.fonds.count({ where: { code: set } })) > 0;
}

/** One page of the list `state` selects, in (datestamp, record id) order, and whether more follow. */
export async function listItems(
  db: PrismaClient,
  state: ListState,
): Promise<{ items: OaiItem[]; last: { at: number; id: string } | null; more: boolean }> {
  const conds: Prisma.Sql[] = [Prisma.sql`s.latest`, Prisma.sql`s.modes <@ ${PUBLIC}::varchar[]`];
  if (state.from !== null) conds.push(Prisma.sql`s.datestamp >= ${new Date(state.from)}`);
  if (state.until !== null) conds.push(Prisma.sql`s.datestamp < ${new Date(state.until)}`);
  if (state.set !== null) conds.push(Prisma.sql`s.fonds_code = ${state.set}`);
  if (state.after !== null) {
    conds.push(
      Prisma.sql`(s.datestamp, s.record_id) > (${new Date(state.after.at)}, ${state.after.id}::uuid)`,
    );
  }
  const rows = await db.$queryRaw<{ record_id: string; datestamp: Date }[]>`
    SELECT s.record_id, s.datestamp FROM catalogue_search s
     WHERE ${Prisma.join(conds, ' AND ')}
     ORDER BY s.datestamp, s.record_id LIMIT ${OAI_PAGE + 1}`;
  const page = rows.slice(0, OAI_PAGE);
  const items = await itemsOf(
    db,
    page.map((r) => r.record_id),
  );
  const last = page[page.length - 1];
  return {
    items,
    last: last === undefined ? null : { at: last.datestamp.getTime(), id: last.record_id },
    more: rows.length > OAI_PAGE,
  };
}

/** The harvestable item of document `documentId`, or null (missing, or not public). */
export async function getItem(db: PrismaClient, documentId: string): Promise<OaiItem | null> {
  const row = await db.catalogueSearch.findFirst({
    where: { documentId, latest: true },
    select: { recordId: true, modes: true },
  });
  if (row === null || !row.modes.every((m) => PUBLIC.includes(m))) return null;
  return (await itemsOf(db, [row.recordId]))[0] ?? null;
}

async function itemsOf(db: PrismaClient, recordIds: string[]): Promise<OaiItem[]> {
  const records = await db.catalogueRecord.findMany({
    where: { id: { in: recordIds } },
    select: {
      id: true,
      documentId: true,
      dossierId: true,
      version: true,
      metadata: true,
      createdAt: true,
      search: { select: { latest: true, modes: true, datestamp: true } },
    },
  });
  const byId = new Map(records.map((r) => [r.id, r]));
  return recordIds.flatMap((id) => {
    const r = byId.get(id);
    if (r === undefined) return [];
    return [
      {
        summary: toRecordSummary(r),
        metadata: RecordMetadata.parse(r.metadata ?? {}),
        datestamp: r.search?.datestamp ?? r.createdAt,
      },
    ];
  });
}
