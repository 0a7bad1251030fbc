/**
 * Optimistic locking of a dossier under review. Every write locks the dossier row (SELECT … FOR
 * UPDATE) inside its transaction, compares the version the client saw with the current one and
 * refuses a stale write with 409 `dossier.version_conflict`, naming who changed it last. The
 * write then bumps the version once (see {@link bumpVersion}).
 */
import type { Prisma } from '../../../core/db/client.js';
import { notFound } from '../../errors.js';
import { ReviewError } from './errors.js';

export type DossierRow = Prisma.DossierGetPayload<object>;

/** Vietnamese and English names of the dossier statuses, for messages. */
export const STATUS_NAMES: Record<DossierRow['status'], readonly [string, string]> = {
  registered: ['mới đăng ký', 'registered'],
  scanning: ['đang quét', 'scanning'],
  processing: ['đang xử lý', 'processing'],
  in_review: ['chờ duyệt', 'in review'],
  approved: ['đã duyệt', 'approved'],
  rejected: ['đã trả lại', 'rejected'],
};

const VN_TIME = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hour: '2-digit',
  minute: '2-digit',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

interface LastChange {
  actor_type: string;
  actor_name: string | null;
  at: Date;
}

/** Who made the latest audited change to the dossier or one of its documents, and when. */
async function lastChange(
  tx: Prisma.TransactionClient,
  dossierId: string,
): Promise<LastChange | undefined> {
  const rows = await tx.$queryRaw<LastChange[]>`
    SELECT e.actor_type, coalesce(u.display_name, w.name) AS actor_name, e.at
    FROM audit_event e
    LEFT JOIN app_user u ON e.actor_type = 'user' AND u.id::text = e.actor_id
    LEFT JOIN workstation w ON e.actor_type = 'workstation' AND w.id::text = e.actor_id
    WHERE (e.entity_type = 'dossier' AND e.entity_id = ${dossierId})
       OR (e.entity_type = 'document' AND e.entity_id IN (
             SELECT id::text FROM document WHERE dossier_id = ${dossierId}::uuid))
    ORDER BY e.id DESC
    LIMIT 1`;
  return rows[0];
}

/** 409 `dossier.version_conflict` for a client that saw `seen` while the dossier is at `d.version`. */
async function conflict(
  tx: Prisma.TransactionClient,
  d: DossierRow,
  seen: number,
): Promise<ReviewError> {
  const last = await lastChange(tx, d.id);
  const who =
    last === undefined
      ? ['người khác', 'someone else']
      : last.actor_name !== null
        ? [last.actor_name, last.actor_name]
        : ['hệ thống', 'the system'];
  const when =
    last === undefined
      ? ['', '']
      : [` lúc ${VN_TIME.format(last.at)}`, ` at ${last.at.toISOString()}`];
  return new ReviewError(409, 'dossier.version_conflict', {
    message:
      `Hồ sơ ${d.code} vừa được ${who[0]} thay đổi${when[0]} (phiên bản ${d.version}, bạn đang xem ${seen}) / ` +
      `Dossier ${d.code} was changed by ${who[1]}${when[1]} (version ${d.version}, you have ${seen})`,
    hint: 'Tải lại hồ sơ để xem thay đổi rồi làm lại / Reload the dossier to see the change, then redo yours',
    extra: { currentVersion: d.version },
  });
}

/**
 * Locks dossier `id` for the rest of the transaction and checks it: `dossier.not_found` (404),
 * `dossier.version_conflict` (409) when its version is not `seen`, `review.not_in_review` (409)
 * unless it is in review.
 */
export async function lockForReview(
  tx: Prisma.TransactionClient,
  id: string,
  seen: number,
): Promise<DossierRow> {
  await tx.$queryRaw`SELECT id FROM dossier WHERE id = ${id}::uuid FOR UPDATE`;
  const d = await tx.dossier.findUnique({ where: { id } });
  if (d === null) throw notFound('dossier', id);
  if (d.version !== seen) throw await conflict(tx, d, seen);
  if (d.status !== 'in_review') {
    const [vi, en] = STATUS_NAMES[d.status];
    throw new ReviewError(409, 'review.not_in_review', {
      message: `Hồ sơ ${d.code} đang ở trạng thái «${vi}», không còn chờ duyệt / Dossier ${d.code} is ${en}, not in review`,
      hint: 'Tải lại danh sách chờ duyệt / Reload the review queue',
    });
  }
  return d;
}

/** The dossier id for a code (trimmed, NFC). Throws `dossier.not_found`. */
export async function dossierIdOf(
  db: Pick<Prisma.TransactionClient, 'dossier'>,
  code: string,
): Promise<string> {
  const key = code.trim().normalize('NFC');
  const d = await db.dossier.findUnique({ where: { code: key }, select: { id: true } });
  if (d === null) throw notFound('dossier', key);
  return d.id;
}

/**
 * Bumps the locked dossier's version (once per write) with `data`, and returns the new version.
 */
export async function bumpVersion(
  tx: Prisma.TransactionClient,
  d: DossierRow,
  data: Prisma.DossierUncheckedUpdateInput = {},
): Promise<number> {
  const next = d.version + 1;
  await tx.dossier.update({ where: { id: d.id }, data: { ...data, version: next } });
  return next;
}
