/**
 * The target (share of the holdings, 50 % unless a manager changes it), its deadline and the names
 * the semi-annual report prints: one row, changed by managers and admins, every change audited.
 */
import type { Prisma, PrismaClient } from '../../../core/db/client.js';
import type { AppDeps, UserPrincipal } from '../../context.js';
import type { ProgressSettings, ProgressSettingsBody } from '../../contracts/progress.js';
import { audit } from '../audit.js';

type Row = Prisma.ProgressSettingsGetPayload<object>;

const day = (d: Date | null): string | null => (d === null ? null : d.toISOString().slice(0, 10));

function toSettings(r: Row, windowDays: number): ProgressSettings {
  return {
    targetPercent: r.targetPercent,
    deadline: day(r.deadline),
    organization: r.organization,
    parentOrganization: r.parentOrganization,
    place: r.place,
    windowDays,
    updatedAt: r.updatedAt.toISOString(),
  };
}

async function row(db: PrismaClient | Prisma.TransactionClient): Promise<Row> {
  // The migration inserts the row; a database restored without it gets it back on first read.
  const found = await db.progressSettings.findUnique({ where: { id: 1 } });
  return found ?? db.progressSettings.upsert({ where: { id: 1 }, create: { id: 1 }, update: {} });
}

/** The settings now. */
export async function getSettings(deps: Pick<AppDeps, 'db' | 'config'>): Promise<ProgressSettings> {
  return toSettings(await row(deps.db), deps.config.progress.windowDays);
}

/** Changes the fields of `body` that differ, with an audit event `progress.settings`. */
export async function updateSettings(
  deps: Pick<AppDeps, 'db' | 'config'>,
  user: UserPrincipal,
  body: ProgressSettingsBody,
  requestId: string,
): Promise<ProgressSettings> {
  const updated = await deps.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM progress_settings WHERE id = 1 FOR UPDATE`;
    const current = await row(tx);
    const now: Record<string, unknown> = {
      targetPercent: current.targetPercent,
      deadline: day(current.deadline),
      organization: current.organization,
      parentOrganization: current.parentOrganization,
      place: current.place,
    };
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(body)) {
      if (v === undefined) continue;
      const value = v === '' ? null : v;
      if (now[k] === value) continue;
      before[k] = now[k] ?? null;
      after[k] = value;
    }
    if (Object.keys(after).length === 0) return current;
    const next = await tx.progressSettings.update({
      where: { id: 1 },
      data: {
        ...after,
        ...(typeof after.deadline === 'string'
          ? { deadline: new Date(`${after.deadline}T00:00:00Z`) }
          : {}),
        updatedAt: new Date(),
        updatedById: user.id,
      },
    });
    await audit(tx, {
      actor: user,
      action: 'progress.settings',
      entityType: 'progress_settings',
      entityId: '1',
      before: before as Prisma.InputJsonObject,
      after: after as Prisma.InputJsonObject,
      requestId,
    });
    return next;
  });
  return toSettings(updated, deps.config.progress.windowDays);
}
