/**
 * The screens of the UI and their URLs. Later screens (login, workspace, dashboard, catalogue) add
 * a line here and a case in `app.tsx`.
 */
import { buildPath, matchPath, type PathParams } from './match.js';

export const ROUTES = {
  dossiers: '/',
  dossier: '/dossiers/:code',
  document: '/documents/:id',
} as const;

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
