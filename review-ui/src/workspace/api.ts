/**
 * The review api routes the workspace calls, one function each, over the shared client (session
 * cookie, CSRF header). Every function throws what `getJson` / `sendJson` throw: an `ApiError`
 * whose `data` keeps the route's extra members (`fields` of a 400, `currentVersion` of a 409).
 */
import { apiClient, CSRF_HEADER, getJson, sendJson, type RequestOptions } from '../api/client.js';
import type { CodeLists } from '../api/types.js';
import type {
  AuditPage,
  PageOcr,
  PresenceAnswer,
  RejectReason,
  ReviewerUser,
  StructureBody,
  Workspace,
} from './types.js';

const seg = encodeURIComponent;
const dossierPath = (code: string): string => `/api/dossiers/${seg(code)}`;

export const getWorkspace = (code: string, opts?: RequestOptions): Promise<Workspace> =>
  getJson<Workspace>(`${dossierPath(code)}/workspace`, opts);

export const putStructure = (code: string, body: StructureBody): Promise<Workspace> =>
  sendJson<Workspace>('PUT', `${dossierPath(code)}/structure`, body);

export const patchDossier = (
  code: string,
  version: number,
  fields: Record<string, unknown>,
): Promise<Workspace> => sendJson<Workspace>('PATCH', dossierPath(code), { version, fields });

/** `version` is the DOSSIER's version: every change in the dossier bumps it. */
export const patchDocument = (
  id: string,
  version: number,
  fields: Record<string, unknown>,
): Promise<Workspace> =>
  sendJson<Workspace>('PATCH', `/api/documents/${seg(id)}`, { version, fields });

export const approveDossier = (code: string, version: number): Promise<Workspace> =>
  sendJson<Workspace>('POST', `${dossierPath(code)}/approve`, { version });

export const rejectDossier = (
  code: string,
  body: { version: number; reason: RejectReason; note?: string },
): Promise<Workspace> => sendJson<Workspace>('POST', `${dossierPath(code)}/reject`, body);

export const returnDossier = (
  code: string,
  body: { version: number; toUserId: string; message: string },
): Promise<Workspace> => sendJson<Workspace>('POST', `${dossierPath(code)}/return`, body);

export const putPresence = (code: string): Promise<PresenceAnswer> =>
  sendJson<PresenceAnswer>('PUT', `${dossierPath(code)}/presence`);

/**
 * Says the reviewer left. `keepalive` lets the request outlive a closing tab, which the shared
 * client cannot ask for; a failure is of no consequence (the entry expires after 45 s).
 */
export function leavePresence(code: string): void {
  const token = apiClient.csrfToken();
  void fetch(`${dossierPath(code)}/presence`, {
    method: 'DELETE',
    credentials: 'same-origin',
    keepalive: true,
    headers: token === null ? {} : { [CSRF_HEADER]: token },
  }).catch(() => undefined);
}

export const getAudit = (code: string, opts?: RequestOptions): Promise<AuditPage> =>
  getJson<AuditPage>(`${dossierPath(code)}/audit?limit=100`, opts);

export const getPageOcr = (pageId: string, opts?: RequestOptions): Promise<PageOcr> =>
  getJson<PageOcr>(`/api/pages/${seg(pageId)}/ocr`, opts);

export const getReviewers = (opts?: RequestOptions): Promise<{ items: ReviewerUser[] }> =>
  getJson<{ items: ReviewerUser[] }>('/api/users?role=reviewer', opts);

export type { CodeLists };

/** IIIF Image API 3.0 `info.json` of a page (the viewer's tile source). */
export const iiifInfoUrl = (pageId: string): string => `/iiif/3/${seg(pageId)}/info.json`;

/** A thumbnail 160 pixels high of a page, as turned by the reviewer. */
export const iiifThumbUrl = (pageId: string): string =>
  `/iiif/3/${seg(pageId)}/full/,160/0/default.jpg`;
