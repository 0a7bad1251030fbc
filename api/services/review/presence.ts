/**
 * Who has a dossier open: a Redis hash per dossier, `<REDIS_PREFIX>:presence:<dossierId>`, one
 * field per person (`{ name, since, seen }` as JSON). The workspace sends a heartbeat every 15 s
 * and a DELETE when it closes; an entry not seen for 45 s is dropped (a closed laptop), and the
 * whole hash expires a minute after the last heartbeat.
 */
import type { AppDeps } from '../../context.js';
import type { UserPrincipal } from '../../context.js';
import type { Presence, UserRef } from '../../contracts/review.js';

/** An entry older than this is gone. */
export const PRESENCE_STALE_MS = 45_000;
const KEY_TTL_MS = 60_000;

interface Entry {
  name: string;
  /** When this person opened the dossier (ms) */
  since: number;
  /** Last heartbeat (ms) */
  seen: number;
}

const keyOf = (deps: AppDeps, dossierId: string) =>
  `${deps.config.redis.prefix}:presence:${dossierId}`;

function parseEntry(raw: string | undefined): Entry | undefined {
  if (raw === undefined) return undefined;
  try {
    const v = JSON.parse(raw) as Partial<Entry>;
    return typeof v.name === 'string' && typeof v.since === 'number' && typeof v.seen === 'number'
      ? { name: v.name, since: v.since, seen: v.seen }
      : undefined;
  } catch {
    return undefined;
  }
}

/** The fresh entries of a hash, and the fields to drop. */
function fresh(hash: Record<string, string>, now: number) {
  const live: { id: string; entry: Entry }[] = [];
  const stale: string[] = [];
  for (const [id, raw] of Object.entries(hash)) {
    const entry = parseEntry(raw);
    if (entry === undefined || now - entry.seen > PRESENCE_STALE_MS) stale.push(id);
    else live.push({ id, entry });
  }
  live.sort((a, b) => a.entry.since - b.entry.since);
  return { live, stale };
}

/** Records that `user` has dossier `dossierId` open now; answers the others who have it open. */
export async function heartbeat(
  deps: AppDeps,
  dossierId: string,
  user: UserPrincipal,
  now = Date.now(),
): Promise<Presence> {
  const key = keyOf(deps, dossierId);
  const hash = await deps.redis.hgetall(key);
  const { live, stale } = fresh(hash, now);
  const mine = live.find((x) => x.id === user.id)?.entry;
  const entry: Entry = { name: user.name, since: mine?.since ?? now, seen: now };
  const tx = deps.redis.multi().hset(key, user.id, JSON.stringify(entry)).pexpire(key, KEY_TTL_MS);
  if (stale.length > 0) tx.hdel(key, ...stale);
  const results = (await tx.exec()) ?? [];
  const failed = results.find(([err]) => err !== null)?.[0];
  if (failed) throw failed;
  return {
    others: live
      .filter((x) => x.id !== user.id)
      .map((x) => ({
        id: x.id,
        displayName: x.entry.name,
        since: new Date(x.entry.since).toISOString(),
      })),
  };
}

/** Records that `user` closed dossier `dossierId`. */
export async function leave(deps: AppDeps, dossierId: string, user: UserPrincipal): Promise<void> {
  await deps.redis.hdel(keyOf(deps, dossierId), user.id);
}

/** Who has each of `dossierIds` open now (one round trip). */
export async function openBy(
  deps: AppDeps,
  dossierIds: readonly string[],
  now = Date.now(),
): Promise<Map<string, UserRef[]>> {
  const out = new Map<string, UserRef[]>();
  if (dossierIds.length === 0) return out;
  const p = deps.redis.pipeline();
  for (const id of dossierIds) p.hgetall(keyOf(deps, id));
  const results = (await p.exec()) ?? [];
  dossierIds.forEach((id, i) => {
    const [err, hash] = results[i] ?? [null, {}];
    if (err !== null) throw err;
    const { live } = fresh((hash ?? {}) as Record<string, string>, now);
    out.set(
      id,
      live.map((x) => ({ id: x.id, displayName: x.entry.name })),
    );
  });
  return out;
}
