import { pickLang, translate, type Lang } from '../i18n/i18n.js';
import { ApiError } from './client.js';

/** A failure as a person reads it: the stable code to quote, what happened, what to do. */
export interface ErrorDescription {
  code: string;
  message: string;
  hint: string | null;
}

/**
 * Words any thrown value for the error panel in `lang`. The api's own message and hint are shown as
 * sent (their `lang` half); failures that never reached the api are worded from the message table
 * and name the path and HTTP status involved.
 */
export function describeError(err: unknown, lang: Lang): ErrorDescription {
  if (err instanceof ApiError) {
    if (err.body !== null) {
      return {
        code: err.body.code,
        message: pickLang(err.body.message, lang),
        hint: err.body.hint === undefined ? null : pickLang(err.body.hint, lang),
      };
    }
    const params = { path: err.path, status: err.status };
    switch (err.code) {
      case 'ui.network_failed':
        return {
          code: err.code,
          message: translate(lang, 'error.networkFailed', params),
          hint: translate(lang, 'error.networkFailedHint'),
        };
      case 'ui.invalid_response':
        return {
          code: err.code,
          message: translate(lang, 'error.invalidResponse', params),
          hint: translate(lang, 'error.reportHint'),
        };
      default:
        return {
          code: err.code,
          message: translate(lang, 'error.httpError', params),
          hint: translate(lang, 'error.reportHint'),
        };
    }
  }
  const detail = err instanceof Error ? err.message : String(err);
  return {
    code: 'ui.unexpected',
    message: translate(lang, 'error.unexpected', { detail }),
    hint: translate(lang, 'error.reportHint'),
  };
}
