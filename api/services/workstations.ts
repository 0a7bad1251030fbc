/**
 * Scanning workstations and their bearer tokens. A token is 32 random bytes (base64url), shown
 * once when the workstation is created; only its SHA-256 is stored, so a leaked database does not
 * leak working tokens.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '../../core/db/client.js';

/** SHA-256 (hex) of a token: what `Workstation.tokenHash` holds. */
export const hashToken = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex');

export interface NewWorkstation {
  readonly id: string;
  readonly name: string;
  /** The bearer token; it cannot be read back later */
  readonly token: string;
}

/**
 * Registers a workstation named `name` (unique) and returns its token. Used by the setup script
 * and by tests. Throws Prisma's unique-constraint error (P2002) when the name is taken.
 *
 * @example
 * const ws = await createWorkstation(db, 'Máy quét phòng 2');
 * // give ws.token to the agent: Authorization: Bearer <token>
 */
export async function createWorkstation(
  db: PrismaClient,
  name: string,
  opts: { location?: string } = {},
): Promise<NewWorkstation> {
  const token = randomBytes(32).toString('base64url');
  const row = await db.workstation.create({
    data: {
      name: name.normalize('NFC'),
      tokenHash: hashToken(token),
      location: opts.location ?? null,
    },
    select: { id: true, name: true },
  });
  return { id: row.id, name: row.name, token };
}

/** How stale `lastSeenAt` may get before a request refreshes it: one write a minute at most. */
export const LAST_SEEN_RESOLUTION_MS = 60_000;

export interface ActiveWorkstation {
  readonly id: string;
  readonly name: string;
}

/**
 * The active workstation holding `token`, or null. Refreshes its `lastSeenAt` when it is older
 * than a minute (the conditional update makes concurrent requests write at most once).
 */
export async function workstationForToken(
  db: PrismaClient,
  token: string,
  now: Date = new Date(),
): Promise<ActiveWorkstation | null> {
  const ws = await db.workstation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, name: true, active: true, lastSeenAt: true },
  });
  if (ws === null || !ws.active) return null;
  if (
    ws.lastSeenAt === null ||
    now.getTime() - ws.lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS
  ) {
    const stale = new Date(now.getTime() - LAST_SEEN_RESOLUTION_MS);
    await db.workstation.updateMany({
      where: { id: ws.id, OR: [{ lastSeenAt: null }, { lastSeenAt: { lte: stale } }] },
      data: { lastSeenAt: now },
    });
  }
  return { id: ws.id, name: ws.name };
}
