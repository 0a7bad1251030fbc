/**
 * Language of the UI: Vietnamese by default, English on request, remembered per browser.
 * Kept free of React so that it can be tested and reused outside components.
 */
import type { Bilingual, Lang, MessageParams } from './lang.js';
import { MESSAGES, type MessageKey } from './messages.js';

export type { Bilingual, Lang, MessageParams } from './lang.js';

export const LANGS: readonly Lang[] = ['vi', 'en'];
export const DEFAULT_LANG: Lang = 'vi';
export const LANG_STORAGE_KEY = 'sohoa.lang';

/**
 * The message `key` in `lang` with `{name}` placeholders filled from `params`. A placeholder with
 * no value stays visible as `{name}`, so a forgotten parameter shows on screen instead of vanishing.
 */
export function translate(lang: Lang, key: MessageKey, params?: MessageParams): string {
  const text = MESSAGES[key][lang];
  if (params === undefined) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

/** The `lang` side of a bilingual entry, falling back to Vietnamese when that side is empty. */
export const pick = (lang: Lang, b: Bilingual): string => (b[lang] === '' ? b.vi : b[lang]);

const BILINGUAL_SEPARATOR = ' / ';

/**
 * The `lang` half of a server text written "Tiếng Việt / English" (error messages and hints).
 * Only a text with exactly one " / " is split: anything else is shown whole rather than cut in a
 * wrong place, since a document number such as "146/KH-UBND" has no spaces around its slash but a
 * free text might.
 */
export function pickLang(text: string, lang: Lang): string {
  const parts = text.split(BILINGUAL_SEPARATOR);
  if (parts.length !== 2) return text;
  const [vi = '', en = ''] = parts;
  const chosen = (lang === 'vi' ? vi : en).trim();
  return chosen === '' ? text : chosen;
}

export const isLang = (v: unknown): v is Lang => v === 'vi' || v === 'en';

/**
 * The language saved in `storage`, or Vietnamese. Never throws: storage can be missing or refuse
 * access (private windows, blocked cookies), and the UI must still open.
 */
export function loadLang(storage: Pick<Storage, 'getItem'> | undefined): Lang {
  try {
    const v = storage?.getItem(LANG_STORAGE_KEY);
    return isLang(v) ? v : DEFAULT_LANG;
  } catch {
    return DEFAULT_LANG;
  }
}

/** Saves `lang`; a storage that refuses is ignored, the choice then lasts until reload. */
export function saveLang(storage: Pick<Storage, 'setItem'> | undefined, lang: Lang): void {
  try {
    storage?.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // The choice still applies to this page; only its persistence is lost.
  }
}
