/** The workspace's texts in the UI language, next to the app's own `t` and `pick`. */
import { useI18n, type I18n } from '../i18n/i18n-provider.js';
import type { MessageParams } from '../i18n/i18n.js';
import { wsText, type WsKey } from './messages.js';

export interface WsI18n extends I18n {
  /** A workspace message in the current language */
  w: (key: WsKey, params?: MessageParams) => string;
}

export function useWsText(): WsI18n {
  const i18n = useI18n();
  return { ...i18n, w: (key, params) => wsText(i18n.lang, key, params) };
}
