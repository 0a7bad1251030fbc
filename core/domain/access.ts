/**
 * Who may read a catalogue record: the one access decision of sohoa, used by every api route that
 * gives out a record's metadata, text, PDF, page images, manifest, harvest (OAI-PMH) or export,
 * and by the UI to decide what to offer.
 *
 * A record's access mode is Thông tư 05/2025's `mode` (mức độ tiếp cận / chế độ sử dụng, code
 * list `accessMode`): 01 Công khai, 02 Sử dụng có điều kiện, 03 Mật. Several modes can govern one
 * record version — its document's, its dossier's, and those of later versions of the same
 * document (a record made secret by a re-approval hides its older versions too) — and the viewer
 * must be allowed every one of them. A mode that is missing or not in the code list is treated as
 * secret: the decision fails closed.
 *
 * SQL filters ask for `modes <@ readableModes(viewer)`: the set is derived from the same table, so
 * a query can never be more open than this function.
 */
import { ACCESS_MODES } from './code-lists.js';

/** The staff roles of sohoa (operator, reviewer, manager, admin). */
export type StaffRole = 'operator' | 'reviewer' | 'manager' | 'admin';

/** Who is asking: a reader without an account, or a signed-in member of staff. */
export type Viewer =
  { readonly kind: 'anonymous' } | { readonly kind: 'staff'; readonly role: StaffRole };

export const ANONYMOUS: Viewer = Object.freeze({ kind: 'anonymous' });

/** The most restrictive access mode, which an unknown or missing mode is read as. */
export const SECRET_MODE = '03';

/**
 * Who may read each access mode. `public`: anyone, without an account. Change it here and nowhere
 * else; the api, the harvest, the exports and the UI follow.
 */
export const ACCESS_POLICY: Readonly<Record<string, 'public' | readonly StaffRole[]>> = {
  // Công khai
  '01': 'public',
  // Sử dụng có điều kiện: every member of staff (the archive's own people), never an anonymous reader
  '02': ['operator', 'reviewer', 'manager', 'admin'],
  // Mật: those who review and answer for the records, not the scanning operators
  '03': ['reviewer', 'manager', 'admin'],
};

/** Whether `viewer` may read a record governed by the single access mode `mode`. */
export function mayReadMode(viewer: Viewer, mode: string | null | undefined): boolean {
  const rule = ACCESS_POLICY[mode ?? SECRET_MODE] ?? ACCESS_POLICY[SECRET_MODE];
  if (rule === undefined) return false;
  if (rule === 'public') return true;
  return viewer.kind === 'staff' && rule.includes(viewer.role);
}

/**
 * Whether `viewer` may read a record version governed by `modes` (all of them must allow it). An
 * empty list is read as secret.
 *
 * @example mayRead(ANONYMOUS, ['01']) // true
 * @example mayRead({ kind: 'staff', role: 'operator' }, ['01', '03']) // false
 */
export function mayRead(viewer: Viewer, modes: readonly (string | null | undefined)[]): boolean {
  if (modes.length === 0) return mayReadMode(viewer, SECRET_MODE);
  return modes.every((m) => mayReadMode(viewer, m));
}

/**
 * The modes governing a draft — a document or page not yet catalogued, as the review side reads
 * it: its document's own mode (null: it inherits the dossier's; a page in no document has none)
 * and its dossier's. Pass the result to {@link mayRead}; a missing dossier mode reads as secret.
 *
 * @example mayRead(viewerFor('operator'), draftModes('01', '03')) // false: the document is secret
 * @example draftModes('02', null) // ['02', '02']: the document inherits its dossier's mode
 */
export function draftModes(
  dossierMode: string | null | undefined,
  documentMode?: string | null,
): (string | null | undefined)[] {
  return [documentMode ?? dossierMode, dossierMode];
}

/** The access modes `viewer` may read, for SQL filters (`modes <@ $1`). */
export function readableModes(viewer: Viewer): string[] {
  return ACCESS_MODES.map((m) => m.code).filter((code) => mayReadMode(viewer, code));
}

/** The viewer a role signed in with is, or the anonymous viewer. */
export const viewerFor = (role: StaffRole | null | undefined): Viewer =>
  role === null || role === undefined ? ANONYMOUS : { kind: 'staff', role };

/**
 * The most restrictive of `modes`, for display ("Mật" when any of them is secret); an unknown or
 * missing mode, or none, is secret.
 */
export function strictestMode(modes: readonly (string | null | undefined)[]): string {
  const order = ACCESS_MODES.map((m) => m.code);
  let worst = -1;
  for (const m of modes.length === 0 ? [SECRET_MODE] : modes) {
    const i = order.indexOf(m ?? SECRET_MODE);
    worst = Math.max(worst, i < 0 ? order.indexOf(SECRET_MODE) : i);
  }
  return order[worst] ?? SECRET_MODE;
}
