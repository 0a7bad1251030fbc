/**
 * Writing a previewed inventory import inside its transaction: new dossiers in one insert,
 * changed ones one by one, an audit event for each (`dossier.create` with source inventory,
 * `dossier.inventory` with before and after) and one for the import (`inventory.import`).
 */
import { createHash, randomUUID } from 'node:crypto';
import { Prisma } from '../../../core/db/client.js';
import type { UserPrincipal } from '../../context.js';
import type { InventoryResult } from '../../contracts/holdings.js';
import { audit } from '../audit.js';
import type { InventoryRow, RowError } from './rows.js';

export type Item = InventoryResult['items'][number];

export interface Planned {
  readonly items: Item[];
  readonly errors: RowError[];
  readonly creates: { row: InventoryRow; data: Record<string, unknown> }[];
  readonly updates: {
    id: string;
    before: Record<string, unknown>;
    after: Record<string, unknown>;
    descriptive: boolean;
  }[];
}

export async function writeImport(
  tx: Prisma.TransactionClient,
  user: UserPrincipal,
  fonds: { id: string; code: string },
  p: Planned,
  o: { fileName: string | null; bytes: Buffer; requestId: string },
): Promise<void> {
  const now = new Date();
  const created = p.creates.map((c) => ({ id: randomUUID(), ...c }));
  if (created.length > 0) {
    await tx.dossier.createMany({
      data: created.map((c) => ({
        id: c.id,
        fondsId: fonds.id,
        code: c.row.code,
        status: 'registered' as const,
        inventoryAt: now,
        ...(c.data as Partial<Prisma.DossierCreateManyInput>),
      })),
    });
  }
  for (const u of p.updates) {
    await tx.dossier.update({
      where: { id: u.id },
      data: {
        ...u.after,
        inventoryAt: now,
        ...(u.descriptive ? { version: { increment: 1 } } : {}),
      },
    });
  }
  const events = [
    ...created.map((c) => ({
      action: 'dossier.create',
      entityId: c.id,
      before: Prisma.DbNull,
      after: {
        code: c.row.code,
        fondsCode: fonds.code,
        status: 'registered',
        source: 'inventory',
        ...c.data,
      },
    })),
    ...p.updates.map((u) => ({
      action: 'dossier.inventory',
      entityId: u.id,
      before: u.before as Prisma.InputJsonObject,
      after: u.after as Prisma.InputJsonObject,
    })),
  ];
  if (events.length > 0) {
    await tx.auditEvent.createMany({
      data: events.map((e) => ({
        actorType: 'user',
        actorId: user.id,
        action: e.action,
        entityType: 'dossier',
        entityId: e.entityId,
        before: e.before,
        after: e.after,
        requestId: o.requestId,
      })),
    });
  }
  await audit(tx, {
    actor: user,
    action: 'inventory.import',
    entityType: 'fonds',
    entityId: fonds.id,
    after: {
      fileName: o.fileName,
      sha256: createHash('sha256').update(o.bytes).digest('hex'),
      created: created.length,
      updated: p.updates.length,
      unchanged: p.items.filter((i) => i.action === 'unchanged').length,
    },
    requestId: o.requestId,
  });
}
