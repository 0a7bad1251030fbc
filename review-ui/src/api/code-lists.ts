/**
 * The TT 05/2025 code lists (document types …) as the api serves them, fetched once per page load:
 * they change only with a new release of the api.
 */
import { useEffect, useState } from 'react';
import { pick, type Lang } from '../i18n/i18n.js';
import { getCodeLists } from './endpoints.js';
import type { CodeEntry, CodeLists } from './types.js';

let pending: Promise<CodeLists> | undefined;
let loaded: CodeLists | undefined;

/**
 * The code lists, or undefined until they arrive. If they cannot be loaded, screens keep showing
 * raw codes ("02" instead of "Quyết định"), which stays correct, and the next screen tries again.
 */
export function useCodeLists(): CodeLists | undefined {
  const [lists, setLists] = useState<CodeLists | undefined>(loaded);
  useEffect(() => {
    if (loaded !== undefined) return;
    let live = true;
    pending ??= getCodeLists();
    pending.then(
      (l) => {
        loaded = l;
        if (live) setLists(l);
      },
      () => {
        pending = undefined;
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return lists;
}

/** The `lang` label of `code` in `list`; the code itself when the list lacks it or is not loaded. */
export function codeLabel(
  list: readonly CodeEntry[] | undefined,
  code: string | null | undefined,
  lang: Lang,
): string | null {
  if (code === null || code === undefined || code === '') return null;
  const entry = list?.find((e) => e.code === code);
  return entry === undefined ? code : pick(lang, entry);
}
