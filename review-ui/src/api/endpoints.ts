/**
 * One function per api route the UI reads, so that paths and their encoding live in one place.
 * Every function throws what {@link getJson} throws.
 */
import { getJson, sendJson, SESSION_PATH, type RequestOptions } from './client.js';
import type {
  AdminUser,
  BatchDetail,
  CodeLists,
  DocumentDetail,
  DossierDetail,
  DossierPage,
  DossierStatus,
  ItemList,
  PageDetail,
  QueuePage,
  Role,
  SessionInfo,
  Workstation,
  WorkstationToken,
} from './types.js';

const seg = encodeURIComponent;

/**
 * `GET /api/dossiers`: newest activity first, `limit` per page, `cursor` from the previous page,
 * only dossiers in `status` when given.
 */
export function listDossiers(
  q: { limit: number; cursor?: string | null; status?: DossierStatus },
  opts?: RequestOptions,
): Promise<DossierPage> {
  const params = new URLSearchParams({ limit: String(q.limit) });
  if (q.cursor !== undefined && q.cursor !== null) params.set('cursor', q.cursor);
  if (q.status !== undefined) params.set('status', q.status);
  return getJson<DossierPage>(`/api/dossiers?${params.toString()}`, opts);
}

export const getDossier = (code: string, opts?: RequestOptions): Promise<DossierDetail> =>
  getJson<DossierDetail>(`/api/dossiers/${seg(code)}`, opts);

export const getBatch = (id: string, opts?: RequestOptions): Promise<BatchDetail> =>
  getJson<BatchDetail>(`/api/batches/${seg(id)}`, opts);

export const getDocument = (id: string, opts?: RequestOptions): Promise<DocumentDetail> =>
  getJson<DocumentDetail>(`/api/documents/${seg(id)}`, opts);

export const getPage = (id: string, opts?: RequestOptions): Promise<PageDetail> =>
  getJson<PageDetail>(`/api/pages/${seg(id)}`, opts);

export const getCodeLists = (opts?: RequestOptions): Promise<CodeLists> =>
  getJson<CodeLists>('/api/code-lists', opts);

/** URL of a page image: `clean` is the upright, deskewed image that fed OCR and the PDF. */
export const pageImageUrl = (id: string, variant: 'clean' = 'clean'): string =>
  `/api/pages/${seg(id)}/image?variant=${variant}`;

export const documentPdfUrl = (id: string): string => `/api/documents/${seg(id)}/pdf`;

/** `GET /api/session`: the signed-in person; 401 when there is none (not announced). */
export const getSession = (opts?: RequestOptions): Promise<SessionInfo> =>
  getJson<SessionInfo>(SESSION_PATH, { ...opts, expectUnauthorized: true });

/** `POST /api/session`: signs in; 401 `auth.login_failed` for a wrong name or password. */
export const signIn = (username: string, password: string): Promise<SessionInfo> =>
  sendJson<SessionInfo>('POST', SESSION_PATH, { username, password }, { expectUnauthorized: true });

/** `DELETE /api/session`: signs out (the api drops the session and its cookie). */
export const signOut = (): Promise<void> =>
  sendJson<void>('DELETE', SESSION_PATH, undefined, { expectUnauthorized: true });

/** `GET /api/review/queue`: high-use first, then longest waiting; `mine` keeps those assigned to me. */
export function getReviewQueue(
  q: { limit: number; cursor?: string | null; mine?: boolean },
  opts?: RequestOptions,
): Promise<QueuePage> {
  const params = new URLSearchParams({ limit: String(q.limit), mine: q.mine === true ? '1' : '0' });
  if (q.cursor !== undefined && q.cursor !== null) params.set('cursor', q.cursor);
  return getJson<QueuePage>(`/api/review/queue?${params.toString()}`, opts);
}

export const listUsers = (opts?: RequestOptions): Promise<ItemList<AdminUser>> =>
  getJson<ItemList<AdminUser>>('/api/admin/users', opts);

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  password: string;
}

export const createUser = (u: NewUser): Promise<AdminUser> =>
  sendJson<AdminUser>('POST', '/api/admin/users', u);

export interface UserChange {
  displayName?: string;
  role?: Role;
  active?: boolean;
  password?: string;
}

export const updateUser = (id: string, change: UserChange): Promise<AdminUser> =>
  sendJson<AdminUser>('PATCH', `/api/admin/users/${seg(id)}`, change);

export const listWorkstations = (opts?: RequestOptions): Promise<ItemList<Workstation>> =>
  getJson<ItemList<Workstation>>('/api/admin/workstations', opts);

/** `POST /api/admin/workstations`: the answer holds the token, which is never shown again. */
export const createWorkstation = (w: {
  name: string;
  location?: string;
}): Promise<WorkstationToken> => sendJson<WorkstationToken>('POST', '/api/admin/workstations', w);

/** A new token for the workstation; its old token stops working at once. */
export const rotateWorkstationToken = (id: string): Promise<WorkstationToken> =>
  sendJson<WorkstationToken>('POST', `/api/admin/workstations/${seg(id)}/token`);

export const updateWorkstation = (
  id: string,
  change: { active?: boolean; location?: string },
): Promise<Workstation> =>
  sendJson<Workstation>('PATCH', `/api/admin/workstations/${seg(id)}`, change);
