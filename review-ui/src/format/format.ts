/**
 * How values are written for people. Dates follow Vietnamese usage (dd/mm/yyyy) in both UI
 * languages, and times are Vietnam time, the archive's legal time, whatever the browser's zone.
 */

export const ARCHIVE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/**
 * A partial ISO date as the archive writes it: `2021-05-18` → `18/05/2021`, `2021-05` →
 * `05/2021`, `2021` → `2021` (TT 05/2025 allows month or year precision for old records). The
 * date is read as written, never through `Date`, so no time zone can move it a day. Anything else,
 * including impossible dates such as `2021-02-30`, is returned unchanged so a bad value stays
 * visible to the reviewer.
 */
export function formatDate(iso: string): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(iso.trim());
  if (m === null) return iso;
  const [, y = '', mo, d] = m;
  if (mo === undefined) return y;
  const month = Number(mo);
  if (month < 1 || month > 12) return iso;
  if (d === undefined) return `${mo}/${y}`;
  const day = Number(d);
  const daysInMonth = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return iso;
  return `${d}/${mo}/${y}`;
}

// formatToParts gives the fields in Vietnam time; the layout is ours so it never depends on the
// browser's locale data.
const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ARCHIVE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function vnParts(instant: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of partsFormat.formatToParts(instant)) out[p.type] = p.value;
  return out;
}

/**
 * An ISO 8601 instant (`2025-07-01T03:04:05Z`) in Vietnam time as `dd/mm/yyyy HH:mm`
 * (`01/07/2025 10:04`), with seconds when asked. An unparsable input is returned unchanged.
 */
export function formatDateTime(iso: string, opts: { seconds?: boolean } = {}): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const p = vnParts(t);
  const time = `${p.hour ?? ''}:${p.minute ?? ''}${opts.seconds === true ? `:${p.second ?? ''}` : ''}`;
  return `${p.day ?? ''}/${p.month ?? ''}/${p.year ?? ''} ${time}`;
}

/** `HH:mm:ss` of an instant in Vietnam time, for "updated at" notes. */
export function formatTime(instant: Date): string {
  const p = vnParts(instant);
  return `${p.hour ?? ''}:${p.minute ?? ''}:${p.second ?? ''}`;
}

export type ConfidenceLevel = 'low' | 'medium' | 'high';

/**
 * Limits on the 0–1 scale: below `low` a reviewer must check the value, below `high` should.
 * Placeholders until reviewers' corrections give measured limits.
 */
export const CONFIDENCE_LIMITS = { low: 0.6, high: 0.85 } as const;

/** Scale of a confidence: draft fields use 0–1, tesseract's OCR means use 0–100. */
export type ConfidenceScale = 1 | 100;

const toUnit = (value: number, scale: ConfidenceScale): number =>
  Math.min(1, Math.max(0, value / scale));

/** Which band a confidence falls in; values outside the scale are clamped to it. */
export function confidenceLevel(value: number, scale: ConfidenceScale = 1): ConfidenceLevel {
  const v = toUnit(value, scale);
  if (v < CONFIDENCE_LIMITS.low) return 'low';
  if (v < CONFIDENCE_LIMITS.high) return 'medium';
  return 'high';
}

/** A confidence as a whole percentage: `0.873` → `87%`; `87.3` with scale 100 → `87%`. */
export function formatConfidence(value: number, scale: ConfidenceScale = 1): string {
  return `${Math.round(toUnit(value, scale) * 100)}%`;
}

/**
 * Số và ký hiệu as printed on the document: `146` + `KH-UBND` → `146/KH-UBND`; either part alone
 * when the other is missing (công văn of the 1970s often carry a bare number), null when both are.
 */
export function formatNumberSymbol(
  number: string | null | undefined,
  notation: string | null | undefined,
): string | null {
  const n = number?.trim() ?? '';
  const s = notation?.trim() ?? '';
  if (n !== '' && s !== '') return `${n}/${s}`;
  if (n !== '') return n;
  if (s !== '') return s;
  return null;
}

/** Degrees with one decimal and the Vietnamese decimal comma in Vietnamese: `1.25` → `1,3°`. */
export function formatDegrees(value: number, lang: 'vi' | 'en'): string {
  const s = (Math.round(value * 10) / 10).toFixed(1);
  return `${lang === 'vi' ? s.replace('.', ',') : s}°`;
}
