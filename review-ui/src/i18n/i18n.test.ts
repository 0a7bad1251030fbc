import { describe, expect, it } from 'vitest';
import { DEFAULT_LANG, LANG_STORAGE_KEY, loadLang, pickLang, saveLang, translate } from './i18n.js';
import { WORKSPACE_MESSAGES } from '../workspace/messages.js';
import { MESSAGES, SHELL_MESSAGES, type MessageKey } from './messages.js';

const entries = Object.entries(MESSAGES) as [MessageKey, { vi: string; en: string }][];
const placeholders = (s: string): string[] =>
  [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

// Texts that are the same in both languages on purpose: each language's own name in the switch.
const SAME_IN_BOTH = new Set<MessageKey>(['lang.vi', 'lang.en']);

describe('message table', () => {
  it('has a non-empty Vietnamese and English text for every key', () => {
    const missing = entries.filter(([, m]) => m.vi.trim() === '' || m.en.trim() === '');
    expect(missing.map(([k]) => k)).toEqual([]);
  });

  it('stores every text in NFC without stray spaces', () => {
    const bad = entries.filter(([, m]) =>
      [m.vi, m.en].some((s) => s !== s.normalize('NFC') || s !== s.trim() || / {2}/.test(s)),
    );
    expect(bad.map(([k]) => k)).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const bad = entries.filter(([, m]) => placeholders(m.vi).join() !== placeholders(m.en).join());
    expect(bad.map(([k]) => k)).toEqual([]);
  });

  it('translates every text except the language names', () => {
    const same = entries.filter(([k, m]) => m.vi === m.en && !SAME_IN_BOTH.has(k));
    expect(same.map(([k]) => k)).toEqual([]);
  });

  it("keeps the workspace's keys apart from the shell's", () => {
    const shared = Object.keys(WORKSPACE_MESSAGES).filter((k) => Object.hasOwn(SHELL_MESSAGES, k));
    expect(shared).toEqual([]);
  });

  it('names the reasons a dossier is sent back as the operators know them', () => {
    expect(translate('vi', 'rejectReason.rescan')).toBe('Quét lại');
    expect(translate('vi', 'rejectReason.missing_page')).toBe('Thiếu trang');
    expect(translate('vi', 'rejectReason.wrong_order')).toBe('Sai thứ tự');
    expect(translate('vi', 'rejectReason.illegible')).toBe('Không đọc được');
    expect(translate('vi', 'rejectReason.other')).toBe('Lý do khác');
  });

  it('writes the dossier statuses as the archive names them', () => {
    expect(translate('vi', 'dossierStatus.registered')).toBe('Đã đăng ký');
    expect(translate('vi', 'dossierStatus.scanning')).toBe('Đang quét');
    expect(translate('vi', 'dossierStatus.processing')).toBe('Đang xử lý');
    expect(translate('vi', 'dossierStatus.in_review')).toBe('Chờ duyệt');
    expect(translate('vi', 'dossierStatus.approved')).toBe('Đã duyệt');
    expect(translate('vi', 'dossierStatus.rejected')).toBe('Bị trả lại');
  });
});

describe('translate', () => {
  it('fills placeholders in the chosen language', () => {
    expect(translate('vi', 'dossier.pageTitle', { code: 'H49.01' })).toBe('Hồ sơ H49.01');
    expect(translate('en', 'dossier.pageTitle', { code: 'H49.01' })).toBe('Dossier H49.01');
    expect(translate('en', 'document.pageOf', { n: 2, total: 5 })).toBe('Page 2 of 5');
  });

  it('leaves a placeholder without a value visible', () => {
    expect(translate('vi', 'dossier.pageTitle', {})).toBe('Hồ sơ {code}');
  });

  it('does not expand placeholders inside values', () => {
    expect(translate('en', 'dossier.pageTitle', { code: '{code}' })).toBe('Dossier {code}');
  });
});

describe('pickLang', () => {
  const text = 'Tệp TIFF bị cắt cụt: dải 12 / Truncated TIFF: strip 12';

  it('picks one half of a "Tiếng Việt / English" text', () => {
    expect(pickLang(text, 'vi')).toBe('Tệp TIFF bị cắt cụt: dải 12');
    expect(pickLang(text, 'en')).toBe('Truncated TIFF: strip 12');
  });

  it('keeps a text whole when it has no separator or more than one', () => {
    expect(pickLang('Số 146/KH-UBND không hợp lệ', 'en')).toBe('Số 146/KH-UBND không hợp lệ');
    expect(pickLang('a / b / c', 'vi')).toBe('a / b / c');
  });

  it('keeps a text whole when the chosen half is empty', () => {
    expect(pickLang('Lỗi /  ', 'en')).toBe('Lỗi /  ');
  });
});

describe('language persistence', () => {
  const memory = () => {
    const m = new Map<string, string>();
    return {
      getItem: (k: string) => m.get(k) ?? null,
      setItem: (k: string, v: string) => void m.set(k, v),
    };
  };

  it('defaults to Vietnamese', () => {
    expect(DEFAULT_LANG).toBe('vi');
    expect(loadLang(memory())).toBe('vi');
    expect(loadLang(undefined)).toBe('vi');
  });

  it('remembers English once chosen', () => {
    const s = memory();
    saveLang(s, 'en');
    expect(s.getItem(LANG_STORAGE_KEY)).toBe('en');
    expect(loadLang(s)).toBe('en');
  });

  it('ignores unknown values and storage that throws', () => {
    expect(loadLang({ getItem: () => 'fr' })).toBe('vi');
    const throwing = {
      getItem: (): string | null => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(loadLang(throwing)).toBe('vi');
    expect(() => saveLang(throwing, 'en')).not.toThrow();
  });
});
