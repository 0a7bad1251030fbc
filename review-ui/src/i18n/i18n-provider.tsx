/** The UI language as React state: read once from localStorage, saved on every switch. */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  DEFAULT_LANG,
  loadLang,
  pick,
  pickLang,
  saveLang,
  translate,
  type Bilingual,
  type Lang,
  type MessageParams,
} from './i18n.js';
import type { MessageKey } from './messages.js';

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  /** A UI message in the current language */
  t: (key: MessageKey, params?: MessageParams) => string;
  /** The current side of a bilingual entry (field labels, code lists) */
  pick: (b: Bilingual) => string;
  /** The current half of a server text written "Tiếng Việt / English" */
  pickText: (text: string) => string;
}

const make = (lang: Lang, setLang: (l: Lang) => void): I18n => ({
  lang,
  setLang,
  t: (key, params) => translate(lang, key, params),
  pick: (b) => pick(lang, b),
  pickText: (text) => pickLang(text, lang),
});

const I18nContext = createContext<I18n>(make(DEFAULT_LANG, () => undefined));

// localStorage itself can throw on access when the browser blocks storage.
const storage = (): Storage | undefined => {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
};

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => loadLang(storage()));
  useEffect(() => {
    // Screen readers and hyphenation follow the document's language.
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo(
    () =>
      make(lang, (next) => {
        saveLang(storage(), next);
        setLangState(next);
      }),
    [lang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export const useI18n = (): I18n => useContext(I18nContext);
