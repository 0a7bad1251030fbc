/**
 * The dossier lookup of scanning workstations: the operator picks the folder in hand from the
 * dossiers registered from the inventory (with their expected page count), or types its code.
 */
import type { Prisma, PrismaClient } from '../../core/db/client.js';
import type { AgentDossier, AgentDossierList } from '../contracts.js';
import { notFound } from '../errors.js';

const include = {
  fonds: { select: { code: true } },
  _count: { select: { pages: true } },
} as const;

type Row = Prisma.DossierGetPayload<{ include: typeof include }>;

const toAgentDossier = (d: Row): AgentDossier => ({
  code: d.code,
  title: d.title,
  fondsCode: d.fonds.code,
  status: d.status,
  expectedPages: d.expectedPages,
  pagesReceived: d._count.pages,
  highUse: d.highUse,
});

/**
 * Dossiers that still take scans (not approved) whose code or title contains `q` (any case),
 * registered ones first, then by status (the enum's order: scanning, processing, in review,
 * rejected) and code; at most `limit`, `truncated` when there were more.
 */
export async function listAgentDossiers(
  db: PrismaClient,
  q: { q?: string | undefined; limit: number },
): Promise<AgentDossierList> {
  const term = q.q === undefined || q.q === '' ? undefined : q.q;
  const rows = await db.dossier.findMany({
    where: {
      status: { not: 'approved' },
      ...(term === undefined
        ? {}
        : {
            OR: [
              { code: { contains: term, mode: 'insensitive' } },
              { title: { contains: term, mode: 'insensitive' } },
            ],
          }),
    },
    orderBy: [{ status: 'asc' }, { code: 'asc' }],
    take: q.limit + 1,
    include,
  });
  return {
    items: rows.slice(0, q.limit).map(toAgentDossier),
    truncated: rows.length > q.limit,
  };
}

/** One dossier by its code (trimmed, NFC), approved ones included. Throws `dossier.not_found`. */
export async function getAgentDossier(db: PrismaClient, code: string): Promise<AgentDossier> {
  const key = code.trim().normalize('NFC');
  const d = await db.dossier.findUnique({ where: { code: key }, include });
  if (d === null) throw notFound('dossier', key);
  return toAgentDossier(d);
}
