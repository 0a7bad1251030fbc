/**
 * The access decision as the review UI asks it: the one function of core/domain/access.ts (the
 * api decides with the same one), for a signed-in role. Pure, so it can be tested.
 */
import {
  ACCESS_POLICY,
  draftModes,
  mayRead,
  strictestMode,
  viewerFor,
} from '../../../core/domain/access.js';
import { ACCESS_MODES } from '../../../core/domain/code-lists.js';
import type { Role } from '../api/types.js';
import type { Lang } from '../i18n/i18n.js';

/** Whether `role` may read a dossier of access mode `mode`. */
export const mayReadDossier = (role: Role, mode: string | null | undefined): boolean =>
  mayRead(viewerFor(role), [mode]);

/**
 * Whether `role` may read a draft document (or a page of it) of mode `documentMode` (null: it
 * inherits) in a dossier of mode `dossierMode`.
 */
export const mayReadDraft = (
  role: Role,
  dossierMode: string | null | undefined,
  documentMode: string | null | undefined,
): boolean => mayRead(viewerFor(role), draftModes(dossierMode, documentMode));

/** The name of the most restrictive of `modes` in `lang` ("Mật"); unknown or none is secret. */
export function accessModeName(modes: readonly (string | null | undefined)[], lang: Lang): string {
  const code = strictestMode(modes);
  const entry = ACCESS_MODES.find((m) => m.code === code);
  return entry === undefined ? code : entry[lang];
}

/** The roles that may read the most restrictive of `modes` (none listed for a public one). */
export function rolesFor(modes: readonly (string | null | undefined)[]): Role[] {
  const rule = ACCESS_POLICY[strictestMode(modes)];
  return rule === undefined || rule === 'public' ? [] : [...rule];
}
