/**
 * Độ mật and độ khẩn stamps (NĐ 30/2020 ô 10a/10b): "MẬT", "TỐI MẬT", "TUYỆT MẬT", "KHẨN",
 * "THƯỢNG KHẨN", "HỎA TỐC", "HỎA TỐC HẸN GIỜ", printed or stamped in capitals in a box, alone on
 * their line, under the number in the top band of the first page.
 */
import { SECRECY, URGENCY } from '../../../core/domain/code-lists.js';
import { phrases, type PageLayout, type Token } from './layout.js';
import type { Reading } from './organ.js';
import { editDistance, isUpperText, skeleton } from './text.js';

export interface Stamps {
  readonly secrecy: Reading | null;
  readonly urgency: Reading | null;
}

const LABELS = (list: typeof SECRECY) =>
  list.map((e) => ({ label: e.vi.toLocaleUpperCase('vi'), key: skeleton(e.vi) }));
const SECRECY_LABELS = LABELS(SECRECY);
const URGENCY_LABELS = LABELS(URGENCY);

function match(
  seg: readonly Token[],
  labels: readonly { label: string; key: string }[],
): Reading | null {
  const text = seg.map((t) => t.text).join(' ');
  if (!isUpperText(text, 0.9)) return null;
  const sk = skeleton(text);
  // the longest label first: "TỐI MẬT" must not be read as "MẬT"
  const sorted = [...labels].sort((a, b) => b.key.length - a.key.length);
  for (const l of sorted) {
    const allowed = l.key.length >= 6 ? 1 : 0;
    if (editDistance(sk, l.key) <= allowed) {
      const conf = seg.reduce((s, t) => s + t.conf, 0) / seg.length;
      return { text: l.label, tokens: seg, confidence: conf * (sk === l.key ? 1 : 0.85) };
    }
  }
  return null;
}

/** Finds the stamps in the top band of a first page. */
export function readStamps(layout: PageLayout): Stamps {
  let secrecy: Reading | null = null;
  let urgency: Reading | null = null;
  for (const row of layout.rows) {
    if (row.box.y0 > layout.height * 0.45) break;
    for (const seg of phrases(row.tokens, 2 * layout.lineHeight)) {
      secrecy ??= match(seg, SECRECY_LABELS);
      urgency ??= match(seg, URGENCY_LABELS);
    }
  }
  return { secrecy, urgency };
}
