/**
 * History API navigation: the URL is the state of which screen is open, so that links can be
 * bookmarked, opened in a new tab, and the browser's back button works.
 */
import {
  useMemo,
  useSyncExternalStore,
  type AnchorHTMLAttributes,
  type MouseEvent,
  type Ref,
} from 'react';

// pushState fires no event of its own; this one tells subscribers that navigate() ran.
const NAVIGATED = 'sohoa:navigated';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATED, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATED, onChange);
  };
}

const snapshot = (): string => window.location.pathname + window.location.search;

/**
 * Goes to `to` (a same-origin path with optional query). `replace` rewrites the current history
 * entry, for state that should not add a back step (e.g. the selected page of a document).
 */
export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (opts.replace === true) {
    window.history.replaceState(null, '', to);
  } else {
    window.history.pushState(null, '', to);
    window.scrollTo(0, 0);
  }
  window.dispatchEvent(new Event(NAVIGATED));
}

export interface AppLocation {
  pathname: string;
  search: URLSearchParams;
}

/** The current location; the component re-renders when it changes. */
export function useLocation(): AppLocation {
  // The server snapshot lets the screens render outside a browser (tests, pre-rendering).
  const current = useSyncExternalStore(subscribe, snapshot, snapshot);
  return useMemo(() => {
    const url = new URL(current, 'http://local');
    return { pathname: url.pathname, search: url.searchParams };
  }, [current]);
}

export type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & {
  to: string;
  ref?: Ref<HTMLAnchorElement>;
};

/**
 * An ordinary `<a href>` (so middle-click, "open in new tab" and copying the link work) that
 * navigates inside the app on a plain left click.
 */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0) return;
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (rest.target !== undefined && rest.target !== '_self') return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}
