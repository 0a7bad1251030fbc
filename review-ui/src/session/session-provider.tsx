/**
 * Who is signed in, as React state: checked once at start-up with `GET /api/session`, set by the
 * login form, and dropped when the api answers 401 to any request (the session expired or an admin
 * revoked it), which brings the login screen back at the same URL.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { ApiError, apiClient } from '../api/client.js';
import { getSession, signIn as apiSignIn, signOut as apiSignOut } from '../api/endpoints.js';
import type { SessionUser } from '../api/types.js';
import { navigate } from '../router/router.js';

export type SessionState =
  | { status: 'checking' }
  /** `expired`: the session ended while the user worked (not at start-up, not by signing out) */
  | { status: 'signedOut'; expired: boolean }
  | { status: 'signedIn'; user: SessionUser }
  /** The session could not be checked (api unreachable, 5xx) */
  | { status: 'unavailable'; error: unknown };

export interface Session {
  state: SessionState;
  /** Signs in; throws the api's ApiError (`auth.login_failed` …) for the form to show. */
  signIn: (username: string, password: string) => Promise<void>;
  /** Signs out and goes to `/`; a failure other than 401 is kept in `signOutError`. */
  signOut: () => Promise<void>;
  signOutError: unknown;
  /** Checks the session again (after `unavailable`). */
  recheck: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'checking' });
  const [signOutError, setSignOutError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    getSession({ signal: abort.signal }).then(
      (s) => setState({ status: 'signedIn', user: s.user }),
      (err: unknown) => {
        if (abort.signal.aborted) return;
        setState(
          err instanceof ApiError && err.status === 401
            ? { status: 'signedOut', expired: false }
            : { status: 'unavailable', error: err },
        );
      },
    );
    return () => abort.abort();
  }, [generation]);

  useEffect(
    () =>
      apiClient.onUnauthorized(() =>
        setState((s) => (s.status === 'signedIn' ? { status: 'signedOut', expired: true } : s)),
      ),
    [],
  );

  const signIn = useCallback(async (username: string, password: string) => {
    const s = await apiSignIn(username, password);
    setSignOutError(null);
    setState({ status: 'signedIn', user: s.user });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await apiSignOut();
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) {
        setSignOutError(err);
        return;
      }
    }
    setSignOutError(null);
    apiClient.setCsrfToken(null);
    // The next person to sign in on this workstation starts on their own start page.
    navigate('/');
    setState({ status: 'signedOut', expired: false });
  }, []);

  const recheck = useCallback(() => {
    setState({ status: 'checking' });
    setGeneration((g) => g + 1);
  }, []);

  const value = useMemo(
    () => ({ state, signIn, signOut, signOutError, recheck }),
    [state, signIn, signOut, signOutError, recheck],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session; only inside {@link SessionProvider}. */
export function useSession(): Session {
  const s = useContext(SessionContext);
  if (s === null) throw new Error('useSession needs a SessionProvider above it');
  return s;
}

/** The signed-in person, or null (signed out, or outside a {@link SessionProvider}). */
export function useSessionUser(): SessionUser | null {
  const s = useContext(SessionContext);
  return s?.state.status === 'signedIn' ? s.state.user : null;
}

/**
 * The signed-in person. Screens render only while someone is signed in, so inside a screen this
 * never throws; outside one (the login screen) use {@link useSession}.
 *
 * @example const { role } = useCurrentUser(); const canEdit = mayReview(role);
 */
export function useCurrentUser(): SessionUser {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('useCurrentUser outside a signed-in screen');
  return state.user;
}
