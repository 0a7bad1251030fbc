/**
 * Who may read the review side's records — dossiers, draft documents and their pages, before and
 * after they are catalogued — decided by the one access function of core/domain/access.ts.
 *
 * A document is governed by its own access mode (null: it inherits its dossier's) and by its
 * dossier's; a page by the document that holds it (document_page) and its dossier, or by its
 * dossier alone when no document holds it (`draftModes`). Single-item routes refuse a viewer who
 * may not read with 403 `access.forbidden`; lists keep the item and blank its content
 * (`restricted: true`, see catalogue.ts, review/workspace.ts, review/queue.ts, review/audit-log.ts).
 */
import {
  ACCESS_POLICY,
  draftModes,
  mayRead,
  strictestMode,
  type Viewer,
} from '../../../core/domain/access.js';
import { ACCESS_MODES } from '../../../core/domain/code-lists.js';
import type { PrismaClient } from '../../../core/db/client.js';
import { ROLE_NAMES } from '../../auth/auth.js';
import { HttpError, notFound } from '../../errors.js';

/** What a refusal names: the dossier, a document of it, or a page (in a document or not). */
export type AccessSubject =
  | { readonly kind: 'dossier'; readonly code: string }
  | { readonly kind: 'document'; readonly id: string; readonly seq: number; readonly code: string }
  | {
      readonly kind: 'page';
      readonly id: string;
      readonly code: string;
      /** The number of the document that holds it; null for a page in no document */
      readonly seq: number | null;
    };

/** The Vietnamese and English name of an access mode (the code itself when unknown). */
function modeName(code: string): readonly [string, string] {
  const m = ACCESS_MODES.find((x) => x.code === code);
  return m === undefined ? [code, code] : [m.vi, m.en];
}

function subjectNames(s: AccessSubject): readonly [string, string] {
  switch (s.kind) {
    case 'dossier':
      return [`Hồ sơ ${s.code}`, `Dossier ${s.code}`];
    case 'document':
      return [
        `Tài liệu số ${s.seq} của hồ sơ ${s.code} (${s.id})`,
        `Document ${s.seq} of dossier ${s.code} (${s.id})`,
      ];
    case 'page':
      return s.seq === null
        ? [`Trang ${s.id} của hồ sơ ${s.code}`, `Page ${s.id} of dossier ${s.code}`]
        : [
            `Trang ${s.id} (tài liệu số ${s.seq} của hồ sơ ${s.code})`,
            `Page ${s.id} (document ${s.seq} of dossier ${s.code})`,
          ];
  }
}

/**
 * 403 `access.forbidden` for `viewer`, naming the record, its (most restrictive) access mode and
 * the roles that may read it.
 */
export function accessForbidden(
  viewer: Viewer,
  subject: AccessSubject,
  modes: readonly (string | null | undefined)[],
): HttpError {
  const mode = strictestMode(modes);
  const [modeVi, modeEn] = modeName(mode);
  const [whatVi, whatEn] = subjectNames(subject);
  const [roleVi, roleEn] =
    viewer.kind === 'staff' ? ROLE_NAMES[viewer.role] : ['người chưa đăng nhập', 'anonymous'];
  const rule = ACCESS_POLICY[mode];
  const allowed = rule === undefined || rule === 'public' ? [] : rule.map((r) => ROLE_NAMES[r]);
  return new HttpError(403, 'access.forbidden', {
    message: `${whatVi} có mức độ tiếp cận «${modeVi}» (${mode}); vai trò ${roleVi} không được xem nội dung / ${whatEn} has access mode "${modeEn}" (${mode}); the ${roleEn} role may not read its content`,
    hint: `Chỉ ${allowed.map((r) => r[0]).join(', ')} được xem; nếu công việc cần, đề nghị người quản lý / Only the ${allowed.map((r) => r[1]).join(', ')} roles may read it; ask a manager if your work needs it`,
  });
}

/** Throws `access.forbidden` unless `viewer` may read a record governed by `modes`. */
export function assertMayRead(
  viewer: Viewer,
  subject: AccessSubject,
  modes: readonly (string | null | undefined)[],
): void {
  if (!mayRead(viewer, modes)) throw accessForbidden(viewer, subject, modes);
}

/** The dossier `code` (trimmed, NFC) if `viewer` may read it; `dossier.not_found`, `access.forbidden`. */
export async function readableDossier(
  db: PrismaClient,
  viewer: Viewer,
  code: string,
): Promise<{ id: string; code: string; accessModeCode: string }> {
  const key = code.trim().normalize('NFC');
  const d = await db.dossier.findUnique({
    where: { code: key },
    select: { id: true, code: true, accessModeCode: true },
  });
  if (d === null) throw notFound('dossier', key);
  assertMayRead(viewer, { kind: 'dossier', code: d.code }, [d.accessModeCode]);
  return d;
}

/** The select that gives a page's governing modes and names (see {@link assertMayReadPageRow}). */
export const PAGE_ACCESS_SELECT = {
  dossier: { select: { code: true, accessModeCode: true } },
  document: { select: { document: { select: { seq: true, accessModeCode: true } } } },
} as const;

/** A page row read with {@link PAGE_ACCESS_SELECT}. */
export interface PageAccessRow {
  readonly dossier: { readonly code: string; readonly accessModeCode: string };
  readonly document: { readonly document: { seq: number; accessModeCode: string | null } } | null;
}

/** The modes governing a page read with {@link PAGE_ACCESS_SELECT}. */
export const pageModes = (p: PageAccessRow): (string | null | undefined)[] =>
  draftModes(p.dossier.accessModeCode, p.document?.document.accessModeCode);

/** Throws `access.forbidden` unless `viewer` may read page `id` (a row with its access fields). */
export function assertMayReadPageRow(viewer: Viewer, id: string, p: PageAccessRow): void {
  assertMayRead(
    viewer,
    { kind: 'page', id, code: p.dossier.code, seq: p.document?.document.seq ?? null },
    pageModes(p),
  );
}

/** Throws `page.not_found` or `access.forbidden` unless `viewer` may read page `id`. */
export async function assertMayReadPage(
  db: PrismaClient,
  viewer: Viewer,
  id: string,
): Promise<void> {
  const p = await db.page.findUnique({ where: { id }, select: PAGE_ACCESS_SELECT });
  if (p === null) throw notFound('page', id);
  assertMayReadPageRow(viewer, id, p);
}
