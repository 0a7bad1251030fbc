/**
 * What each fonds holds: the figures a manager enters (dossiers, pages, sheets, shelf metres),
 * beside what the inventory sums to; the inventory of one fonds dossier by dossier, and its
 * planning figures edited one dossier at a time. Every change is audited.
 */
import { z } from 'zod';
import type { Prisma } from '../../../core/db/client.js';
import { stripDiacritics } from '../../../core/domain/vn-text.js';
import type { AppDeps, UserPrincipal } from '../../context.js';
import type {
  FondsHoldings,
  HoldingsBody,
  HoldingsList,
  InventoryDossier,
  InventoryDossierBody,
  InventoryPage,
} from '../../contracts/holdings.js';
import { HttpError, notFound } from '../../errors.js';
import { audit } from '../audit.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { progressAt } from '../progress/overview.js';
import { resolveAsOf, todayOf } from '../progress/period.js';

/** Every fonds with its holdings, in code order. */
export async function listHoldings(deps: AppDeps): Promise<HoldingsList> {
  const [progress, manual] = await Promise.all([
    progressAt(deps, resolveAsOf(todayOf(deps))),
    deps.db.fondsHoldings.findMany(),
  ]);
  const byFonds = new Map(manual.map((m) => [m.fondsId, m]));
  return {
    items: progress.fonds.map((f) => {
      const m = byFonds.get(f.fondsId);
      return {
        fonds: f,
        manual: {
          dossiers: m?.dossiers ?? null,
          pages: m?.pages ?? null,
          sheets: m?.sheets ?? null,
          shelfMetres: m?.shelfMetres ?? null,
          note: m?.note ?? null,
          updatedAt: m?.updatedAt.toISOString() ?? null,
        },
      };
    }),
  };
}

/**
 * Sets fonds `code`'s holdings (fields left out are left alone), creating the fonds when `name`
 * is given and it does not exist. Throws 404 `fonds.not_found` for an unknown fonds without a name.
 */
export async function putHoldings(
  deps: AppDeps,
  user: UserPrincipal,
  code: string,
  body: HoldingsBody,
  requestId: string,
): Promise<FondsHoldings> {
  await deps.db.$transaction(async (tx) => {
    let fonds = await tx.fonds.findUnique({ where: { code } });
    if (fonds === null) {
      if (body.name === undefined) throw notFound('fonds', code);
      fonds = await tx.fonds.create({
        data: { code, name: body.name, archiveCode: deps.config.archive.code },
      });
      await audit(tx, {
        actor: user,
        action: 'fonds.create',
        entityType: 'fonds',
        entityId: fonds.id,
        after: { code, name: body.name, archiveCode: deps.config.archive.code },
        requestId,
      });
    } else if (body.name !== undefined && body.name !== fonds.name) {
      await tx.fonds.update({ where: { id: fonds.id }, data: { name: body.name } });
      await audit(tx, {
        actor: user,
        action: 'fonds.update',
        entityType: 'fonds',
        entityId: fonds.id,
        before: { name: fonds.name },
        after: { name: body.name },
        requestId,
      });
    }
    const current = await tx.fondsHoldings.findUnique({ where: { fondsId: fonds.id } });
    const { name: _name, ...figures } = body;
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(figures)) {
      if (v === undefined) continue;
      const was = (current as Record<string, unknown> | null)?.[k] ?? null;
      if (was === v) continue;
      before[k] = was;
      after[k] = v;
    }
    if (Object.keys(after).length === 0) return;
    await tx.fondsHoldings.upsert({
      where: { fondsId: fonds.id },
      create: { fondsId: fonds.id, ...after, updatedById: user.id },
      update: { ...after, updatedAt: new Date(), updatedById: user.id },
    });
    await audit(tx, {
      actor: user,
      action: 'fonds.holdings',
      entityType: 'fonds',
      entityId: fonds.id,
      before: before as Prisma.InputJsonObject,
      after: after as Prisma.InputJsonObject,
      requestId,
    });
  });
  const item = (await listHoldings(deps)).items.find((i) => i.fonds.code === code);
  if (item === undefined) throw notFound('fonds', code);
  return item;
}

const InventoryCursor = z.string().max(100);

/** Vietnamese letters with diacritics and the same letters without, for SQL translate(). */
const VN_LOWER = 'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ';
const VN_LETTERS = VN_LOWER + VN_LOWER.toUpperCase();
const VN_PLAIN = [...VN_LETTERS].map((c) => stripDiacritics(c)).join('');

const SELECT = {
  id: true,
  code: true,
  title: true,
  boxNo: true,
  fileNo: true,
  status: true,
  expectedPages: true,
  expectedSheets: true,
  highUse: true,
  pageCount: true,
  inventoryAt: true,
} as const;

const toItem = (d: Prisma.DossierGetPayload<{ select: typeof SELECT }>): InventoryDossier => ({
  ...d,
  inventoryAt: d.inventoryAt?.toISOString() ?? null,
});

/** One page of fonds `fondsCode`'s dossiers in code order; `q` filters by code or title. */
export async function listInventory(
  deps: AppDeps,
  fondsCode: string,
  q: { limit: number; cursor?: string | undefined; q?: string | undefined },
): Promise<InventoryPage> {
  const fonds = await deps.db.fonds.findUnique({ where: { code: fondsCode } });
  if (fonds === null) throw notFound('fonds', fondsCode);
  const after = q.cursor === undefined ? null : decodeCursor(q.cursor, InventoryCursor);
  const needle = q.q === undefined || q.q === '' ? null : `%${stripDiacritics(q.q).toLowerCase()}%`;
  const ids = await deps.db.$queryRaw<{ id: string }[]>`
    SELECT d.id::text AS id FROM dossier d
    WHERE d.fonds_id = ${fonds.id}::uuid
      AND (${after}::text IS NULL OR d.code > ${after})
      AND (${needle}::text IS NULL OR lower(d.code) LIKE ${needle}
           OR lower(translate(coalesce(d.title, ''), ${VN_LETTERS}, ${VN_PLAIN}))
             LIKE ${needle})
    ORDER BY d.code
    LIMIT ${q.limit + 1}`;
  const rows = await deps.db.dossier.findMany({
    where: { id: { in: ids.slice(0, q.limit).map((r) => r.id) } },
    select: SELECT,
    orderBy: { code: 'asc' },
  });
  const last = rows.at(-1);
  return {
    items: rows.map(toItem),
    nextCursor: ids.length > q.limit && last !== undefined ? encodeCursor(last.code) : null,
  };
}

/**
 * Changes dossier `code`'s planning figures (expected pages and sheets, high use), with an audit
 * event `dossier.inventory`. Throws 404 `dossier.not_found`.
 */
export async function patchInventoryDossier(
  deps: AppDeps,
  user: UserPrincipal,
  code: string,
  body: InventoryDossierBody,
  requestId: string,
): Promise<InventoryDossier> {
  return deps.db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM dossier WHERE code = ${code} FOR UPDATE`;
    const id = locked[0]?.id;
    if (id === undefined) throw notFound('dossier', code);
    const d = await tx.dossier.findUniqueOrThrow({ where: { id }, select: SELECT });
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(body)) {
      if (v === undefined || d[k as keyof typeof d] === v) continue;
      before[k] = d[k as keyof typeof d];
      after[k] = v;
    }
    if (Object.keys(after).length === 0) return toItem(d);
    const updated = await tx.dossier.update({ where: { id }, data: after, select: SELECT });
    await audit(tx, {
      actor: user,
      action: 'dossier.inventory',
      entityType: 'dossier',
      entityId: id,
      before: before as Prisma.InputJsonObject,
      after: after as Prisma.InputJsonObject,
      requestId,
    });
    return toItem(updated);
  });
}

/** 413 for an inventory file over the limit. */
export const fileTooLarge = (limit: string) =>
  new HttpError(413, 'request.too_large', {
    message: `Tệp lớn quá ${limit} / The file is larger than ${limit}`,
    hint: 'Chia mục lục thành nhiều tệp / Split the inventory into several files',
  });
