/**
 * Path patterns such as `/dossiers/:code`: matching a location to a screen and building links.
 * Written here because the UI needs three routes and the History API, not a router package.
 */

type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/** The parameters a pattern declares: `PathParams<'/documents/:id'>` is `{ id: string }`. */
export type PathParams<P extends string> = { [K in ParamNames<P>]: string };

const segments = (path: string): string[] => path.split('/').filter((s) => s !== '');

/**
 * The parameters of `pathname` under `pattern`, decoded, or null when it does not match. Trailing
 * and doubled slashes are ignored; a parameter matches exactly one non-empty segment, and a segment
 * whose percent-encoding is malformed matches nothing.
 *
 * @example matchPath('/dossiers/:code', '/dossiers/H49.64%2F01') // { code: 'H49.64/01' }
 */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = segments(pattern);
  const have = segments(pathname);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (const [i, w] of want.entries()) {
    const h = have[i] ?? '';
    if (w.startsWith(':')) {
      try {
        params[w.slice(1)] = decodeURIComponent(h);
      } catch {
        return null;
      }
    } else if (w !== h) {
      return null;
    }
  }
  return params;
}

/**
 * The path of `pattern` with each `:name` replaced by its value, percent-encoded so that a value
 * holding "/" or "?" stays one segment. Throws a TypeError when a value is empty, since that path
 * could never match back.
 */
export function buildPath<P extends string>(pattern: P, params: PathParams<P>): string {
  const values = params as Record<string, string>;
  return pattern.replace(/:(\w+)/g, (_whole, name: string) => {
    const v = values[name];
    if (v === undefined || v === '') throw new TypeError(`no value for :${name} in ${pattern}`);
    return encodeURIComponent(v);
  });
}
