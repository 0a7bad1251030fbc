/**
 * The dossier lookup of scanning workstations: the operator picks the folder in hand from the
 * dossiers registered from the inventory (with their expected page count), or types its code.
 *
 * A workstation is read as an operator by the access decision (core/domain/access.ts): a dossier
 * whose access mode operators may not read (Mật) is listed by its code, status and counts, with
 * no title, and its title is not searched: the operator has the folder in hand and its code.
 */
import { mayRead, readableModes, viewerFor } from '../../core/domain/access.js';
import type { Prisma, PrismaClient } from '../../core/db/client.js';
import type { AgentDossier, AgentDossierList } from '../contracts.js';
import { notFound } from '../errors.js';

const include = {
  fonds: { select: { code: true } },
  _count: { select: { pages: true } },
} as const;

type Row = Prisma.DossierGetPayload<{ include: typeof include }>;

const WORKSTATION = viewerFor('operator');

function toAgentDossier(d: Row): AgentDossier {
  const restricted = !mayRead(WORKSTATION, [d.accessModeCode]);
  return {
    code: d.code,
    title: restricted ? null : d.title,
    fondsCode: d.fonds.code,
    status: d.status,
    expectedPages: d.expectedPages,
    pagesReceived: d._count.pages,
    highUse: d.highUse,
    restricted,
  };
}

/**
 * Dossiers that still take scans (not approved) whose code and title hold every word of `q`, with
 * case and diacritics ignored ("phong chong lut" finds "Kế hoạch phòng chống lụt bão", as the
 * session's own filter does), registered ones first, then by status (the enum's order: scanning,
 * processing, in review, rejected) and code; at most `limit`, `truncated` when there were more.
 */
export async function listAgentDossiers(
  db: PrismaClient,
  q: { q?: string | undefined; limit: number },
): Promise<AgentDossierList> {
  const words = (q.q ?? '').split(/\s+/).filter((w) => w !== '');
  // LIKE's own wildcards in a word are escaped, so that "10_5" means what the operator typed.
  const patterns = words.map((w) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  // Folded with sohoa_fold (migration 20261207120000_catalogue_search: unaccent, đ → d, lower
  // case); the enum sorts in its declared order, registered first.
  const readable = readableModes(WORKSTATION);
  const ids = await db.$queryRaw<{ id: string }[]>`
    SELECT d.id::text AS id FROM dossier d
    WHERE d.status <> 'approved'
      AND sohoa_fold(d.code || ' ' || CASE WHEN d.access_mode_code = ANY(${readable}::text[])
        THEN coalesce(d.title, '') ELSE '' END) LIKE ALL (
        SELECT sohoa_fold(p) FROM unnest(${patterns}::text[]) AS p)
    ORDER BY d.status, d.code
    LIMIT ${q.limit + 1}`;
  const rows = await db.dossier.findMany({ where: { id: { in: ids.map((r) => r.id) } }, include });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ordered = ids.flatMap((r) => byId.get(r.id) ?? []);
  return {
    items: ordered.slice(0, q.limit).map(toAgentDossier),
    truncated: ids.length > q.limit,
  };
}

/** One dossier by its code (trimmed, NFC), approved ones included. Throws `dossier.not_found`. */
export async function getAgentDossier(db: PrismaClient, code: string): Promise<AgentDossier> {
  const key = code.trim().normalize('NFC');
  const d = await db.dossier.findUnique({ where: { code: key }, include });
  if (d === null) throw notFound('dossier', key);
  return toAgentDossier(d);
}
