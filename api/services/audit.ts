/**
 * The append-only audit log: every change to a record, with who, when, before and after. Written
 * in the same transaction as the change, so a change without its audit event cannot exist.
 */
import type { Prisma } from '../../core/db/client.js';
import type { Principal } from '../context.js';

export interface AuditEntry {
  /** Null for the system itself */
  readonly actor: Principal | null;
  /** `<entity>.<verb>`, e.g. `batch.open`, `upload.create` */
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly before?: Prisma.InputJsonValue;
  readonly after?: Prisma.InputJsonValue;
  readonly requestId?: string;
}

/** Appends one event inside the caller's transaction. */
export async function audit(tx: Prisma.TransactionClient, e: AuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorType: e.actor?.kind ?? 'system',
      actorId: e.actor?.id ?? null,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      ...(e.before === undefined ? {} : { before: e.before }),
      ...(e.after === undefined ? {} : { after: e.after }),
      requestId: e.requestId ?? null,
    },
  });
}
