/**
 * The screens of the UI and their URLs. A new screen adds a line here, its roles in
 * `session/roles.ts` and a case in `app.tsx`. The login screen has no URL: it shows wherever the
 * user was, so signing in brings them back there.
 */
import { buildPath, matchPath, type PathParams } from './match.js';

export const ROUTES = {
  /** The review queue for reviewers and admins; everyone else is sent to their own start page */
  home: '/',
  dossiers: '/dossiers',
  dossier: '/dossiers/:code',
  document: '/documents/:id',
  review: '/review/:code',
  returns: '/returns',
  adminUsers: '/admin/users',
  adminWorkstations: '/admin/workstations',
  progress: '/progress',
  holdings: '/holdings',
  pipeline: '/pipeline',
  /** The reader's catalogue search and record viewer: open without an account */
  search: '/tra-cuu',
  record: '/tai-lieu/:id',
} as const;

/** Screens anyone may open, signed in or not. */
export const PUBLIC_ROUTES: ReadonlySet<RouteName> = new Set<RouteName>(['search', 'record']);

export type RouteName = keyof typeof ROUTES;

/** A resolved location: which screen, with its typed parameters. */
export type RouteMatch = {
  [N in RouteName]: { name: N; params: PathParams<(typeof ROUTES)[N]> };
}[RouteName];

/** The screen for `pathname`, or null (the UI shows "not found"). First pattern wins. */
export function resolveRoute(pathname: string): RouteMatch | null {
  for (const name of Object.keys(ROUTES) as RouteName[]) {
    const params = matchPath(ROUTES[name], pathname);
    if (params !== null) return { name, params } as RouteMatch;
  }
  return null;
}

/** The path of a screen: `pathTo('document', { id })`. */
export const pathTo = <N extends RouteName>(name: N, params: PathParams<(typeof ROUTES)[N]>) =>
  buildPath(ROUTES[name], params);
