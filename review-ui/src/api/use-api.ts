/**
 * Loading one api resource into a component: loading and error states, cancellation when the
 * component goes away or asks for something else, and optional self-refresh while work is going on.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface ApiState<T> {
  /** The last loaded value for the current key; kept while a refresh runs or fails */
  data: T | undefined;
  /** The last failure, cleared by the next success */
  error: unknown;
  /** True while the first load of a key runs (refreshes do not flicker the screen) */
  loading: boolean;
  /** When the data on screen arrived */
  refreshedAt: Date | null;
  /** Loads again now */
  reload: () => void;
}

export interface UseApiOptions<T> {
  /** Milliseconds until the next refresh after `data` arrived, or null to stop refreshing */
  pollMs?: (data: T) => number | null;
}

interface Loaded<T> {
  key: string;
  data: T | undefined;
  error: unknown;
  refreshedAt: Date | null;
  settled: boolean;
}

const isAbort = (err: unknown): boolean => err instanceof DOMException && err.name === 'AbortError';

/**
 * Loads `load` for `key` (a string naming the resource, e.g. its URL) and again whenever `key`
 * changes. Refreshes pause while the tab is hidden and resume when it is shown, so a reviewer's
 * forgotten tab does not keep the api busy.
 */
export function useApi<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
  opts: UseApiOptions<T> = {},
): ApiState<T> {
  const [state, setState] = useState<Loaded<T>>({
    key,
    data: undefined,
    error: null,
    refreshedAt: null,
    settled: false,
  });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  const pollRef = useRef(opts.pollMs);
  useEffect(() => {
    loadRef.current = load;
    pollRef.current = opts.pollMs;
  });

  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastPollMs: number | null = null;
    let onVisible: (() => void) | undefined;

    const schedule = (ms: number | null) => {
      if (ms === null || abort.signal.aborted) return;
      timer = setTimeout(() => {
        if (!document.hidden) return void run();
        const handler = () => {
          if (document.hidden) return;
          document.removeEventListener('visibilitychange', handler);
          onVisible = undefined;
          void run();
        };
        onVisible = handler;
        document.addEventListener('visibilitychange', handler);
      }, ms);
    };

    const run = async () => {
      try {
        const data = await loadRef.current(abort.signal);
        if (abort.signal.aborted) return;
        setState({ key, data, error: null, refreshedAt: new Date(), settled: true });
        lastPollMs = pollRef.current?.(data) ?? null;
        schedule(lastPollMs);
      } catch (err) {
        if (abort.signal.aborted || isAbort(err)) return;
        setState((s) => ({ ...s, key, error: err, settled: true }));
        // A refresh that fails (api restarting) keeps trying at the same pace.
        schedule(lastPollMs);
      }
    };

    // A new key starts empty; a retry after a failure shows as loading again.
    setState((s) =>
      s.key !== key
        ? { key, data: undefined, error: null, refreshedAt: null, settled: false }
        : s.error === null
          ? s
          : { ...s, settled: false },
    );
    void run();
    return () => {
      abort.abort();
      if (timer !== undefined) clearTimeout(timer);
      if (onVisible !== undefined) document.removeEventListener('visibilitychange', onVisible);
    };
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : null,
    loading: !current || !state.settled,
    refreshedAt: current ? state.refreshedAt : null,
    reload,
  };
}
