/**
 * The language types on their own, with no imports, so that message tables (such as
 * `workspace/messages.ts`, which `messages.ts` merges) can use them without an import cycle.
 */

export type Lang = 'vi' | 'en';

/** A text in both languages, as the message table, code lists and field tables give it. */
export interface Bilingual {
  readonly vi: string;
  readonly en: string;
}

export type MessageParams = Readonly<Record<string, string | number>>;
