/**
 * Choosing the dossier for the folder in hand: filtering the server's list as the operator types
 * (by code or title, with or without diacritics) and what the choices say. Pure functions.
 */
import type { AgentDossier } from '../api-types.js';

/** Lower case without diacritics, đ as d: "Kế hoạch Đê điều" → "ke hoach de dieu". */
export function foldText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .normalize('NFC');
}

/**
 * The dossiers whose code or title contains every word of `term` (diacritics and case ignored),
 * in the list's own order (the server puts registered ones first), codes that start with the
 * term before the rest. An empty term keeps them all.
 *
 * @example
 * filterDossiers(list, 'ke hoach 1998') // finds "Kế hoạch phòng chống lụt bão năm 1998"
 */
export function filterDossiers(list: readonly AgentDossier[], term: string): AgentDossier[] {
  const words = foldText(term).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...list];
  const hits = list.filter((d) => {
    const hay = `${foldText(d.code)} ${foldText(d.title ?? '')}`;
    return words.every((w) => hay.includes(w));
  });
  const start = foldText(term.trim());
  const first = hits.filter((d) => foldText(d.code).startsWith(start));
  return [...first, ...hits.filter((d) => !first.includes(d))];
}

const STATUS_VI: Record<AgentDossier['status'], string> = {
  registered: 'chưa quét',
  scanning: 'đang quét',
  processing: 'đang xử lý',
  in_review: 'đang duyệt',
  approved: 'đã duyệt',
  rejected: 'trả lại, quét lại',
};

/** One line of the list: "H00.01.05.12 — Kế hoạch … · cần 40 trang · chưa quét". */
export function dossierLabel(d: AgentDossier): string {
  const parts = [
    d.title !== null
      ? `${d.code} — ${d.title}`
      : d.restricted
        ? `${d.code} — (hạn chế tiếp cận / restricted)`
        : d.code,
  ];
  if (d.expectedPages !== null) parts.push(`cần ${d.expectedPages} trang`);
  if (d.pagesReceived > 0) parts.push(`đã có ${d.pagesReceived}`);
  parts.push(STATUS_VI[d.status]);
  return parts.join(' · ');
}

/** What the operator picked: a dossier of the list, a new code typed in, or to stop. */
export type DossierPick =
  { kind: 'listed'; dossier: AgentDossier } | { kind: 'new'; code: string } | { kind: 'quit' };

export interface PickChoice {
  value: DossierPick;
  name: string;
  description?: string;
  disabled?: boolean;
}

/**
 * The choices for `term`: the matching dossiers (at most `max`), then the term itself as a new
 * code when it is not exactly a listed code, then "Thoát". `truncated`: the list had more
 * dossiers than were fetched, so the operator is told to type more.
 */
export function pickChoices(
  list: readonly AgentDossier[],
  term: string,
  o: { max?: number; truncated?: boolean } = {},
): PickChoice[] {
  const code = term.trim().normalize('NFC');
  const hits = filterDossiers(list, code).slice(0, o.max ?? 30);
  const out: PickChoice[] = hits.map((d) => ({
    value: { kind: 'listed', dossier: d },
    name: dossierLabel(d),
  }));
  if (code !== '' && !list.some((d) => d.code === code)) {
    out.push({
      value: { kind: 'new', code },
      name: `Mã hồ sơ mới / New dossier code: ${code}`,
      description: 'Hồ sơ chưa có trong mục lục trên máy chủ / Not in the server’s inventory',
    });
  }
  if (o.truncated === true && hits.length === (o.max ?? 30)) {
    out.push({
      value: { kind: 'quit' },
      name: '… gõ thêm mã hoặc tên để thu hẹp / type more of the code or title to narrow',
      disabled: true,
    });
  }
  out.push({ value: { kind: 'quit' }, name: 'Thoát / Quit' });
  return out;
}
