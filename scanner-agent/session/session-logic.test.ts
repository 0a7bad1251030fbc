import { describe, expect, it } from 'vitest';
import type { AgentDossier } from '../api-types.js';
import { dossierLabel, filterDossiers, foldText, pickChoices } from './dossier-choice.js';
import {
  barLabel,
  barTotal,
  checkCount,
  filesRefused,
  filesSafe,
  filesStored,
  mismatchWarning,
  pageScanned,
  progressLine,
  startProgress,
} from './progress.js';

const dossier = (code: string, title: string | null, o: Partial<AgentDossier> = {}) =>
  ({
    code,
    title,
    fondsCode: 'P01',
    status: 'registered',
    expectedPages: null,
    pagesReceived: 0,
    highUse: false,
    restricted: false,
    ...o,
  }) satisfies AgentDossier;

const list = [
  dossier('HY.01.0012', 'Kế hoạch phòng chống lụt bão năm 1998', { expectedPages: 40 }),
  dossier('HY.01.0003', 'Quyết định thành lập Sở Đê điều', { expectedPages: 12 }),
  dossier('HY.02.0112', 'Báo cáo tổng kết năm 2001', {
    status: 'rejected',
    pagesReceived: 30,
  }),
];

describe('choosing the dossier', () => {
  it('finds by code or title, ignoring case and diacritics, every word counted', () => {
    expect(foldText('Kế hoạch ĐÊ ĐIỀU')).toBe('ke hoach de dieu');
    expect(filterDossiers(list, 'ke hoach 1998').map((d) => d.code)).toEqual(['HY.01.0012']);
    expect(filterDossiers(list, 'DE DIEU').map((d) => d.code)).toEqual(['HY.01.0003']);
    expect(filterDossiers(list, 'hy.01').map((d) => d.code)).toEqual(['HY.01.0012', 'HY.01.0003']);
    expect(filterDossiers(list, 'nam').map((d) => d.code)).toEqual(['HY.01.0012', 'HY.02.0112']);
    expect(filterDossiers(list, '  ')).toHaveLength(3);
  });

  it('lists codes that start with the term before titles that contain it', () => {
    const l = [dossier('A.1', 'Hồ sơ về B.2'), dossier('B.2', null)];
    expect(filterDossiers(l, 'b.2').map((d) => d.code)).toEqual(['B.2', 'A.1']);
  });

  it('labels a dossier with its title, expected pages, pages received and state', () => {
    expect(dossierLabel(list[0] as AgentDossier)).toBe(
      'HY.01.0012 — Kế hoạch phòng chống lụt bão năm 1998 · cần 40 trang · chưa quét',
    );
    expect(dossierLabel(list[2] as AgentDossier)).toBe(
      'HY.02.0112 — Báo cáo tổng kết năm 2001 · đã có 30 · trả lại, quét lại',
    );
    expect(dossierLabel(dossier('HY.09.0001', null, { restricted: true }))).toBe(
      'HY.09.0001 — (hạn chế tiếp cận / restricted) · chưa quét',
    );
    expect(dossierLabel(dossier('HY.09.0002', null))).toBe('HY.09.0002 · chưa quét');
  });

  it('offers a typed code that is not listed as a new dossier, and always a way out', () => {
    const typed = pickChoices(list, ' HY.09.0001 ');
    expect(typed.map((c) => c.value)).toEqual([
      { kind: 'new', code: 'HY.09.0001' },
      { kind: 'quit' },
    ]);
    const exact = pickChoices(list, 'HY.01.0003');
    expect(exact.map((c) => c.value.kind)).toEqual(['listed', 'quit']);
    expect(pickChoices([], '').map((c) => c.value.kind)).toEqual(['quit']);
    const cut = pickChoices(list, 'hy', { max: 2, truncated: true });
    expect(cut.map((c) => [c.value.kind, c.disabled ?? false])).toEqual([
      ['listed', false],
      ['listed', false],
      ['new', false],
      ['quit', true],
      ['quit', false],
    ]);
  });
});

describe('progress of a sitting', () => {
  it('counts pages scanned, safe on disk and stored; multi-page files count their pages', () => {
    let p = startProgress('HS-1', 12, 0);
    for (let i = 0; i < 3; i++) p = pageScanned(p);
    p = filesSafe(p, 1);
    p = filesSafe(p, 1);
    p = filesStored(p, 1);
    expect(p).toMatchObject({ scanned: 3, safe: 2, stored: 1 });
    expect(progressLine(p)).toBe(
      'đã quét 3 · an toàn trên đĩa 2 · máy chủ đã lưu 1 / cần 12 / scanned 3 · safe on disk 2 · stored 1',
    );
    expect(barTotal(p)).toBe(12);
    expect(barLabel(p)).toBe('quét 3 · trên đĩa 2 · đã lưu 1/12');
    // A four-page TIFF dropped into the hot folder: scanned follows what reached the disk.
    p = filesSafe(p, 4);
    expect(p).toMatchObject({ scanned: 6, safe: 6 });
    p = filesRefused(p, 2, false);
    expect(p).toMatchObject({ scanned: 8, refused: 2 });
    expect(progressLine(p)).toContain('· bị từ chối 2');
    expect(barLabel(p)).toBe('quét 8 · trên đĩa 6 · đã lưu 1/12 · từ chối 2');
  });

  it('grows the bar past the expected count when more pages come, and without one', () => {
    let p = startProgress('HS-2', 2);
    for (let i = 0; i < 3; i++) p = pageScanned(p);
    expect(barTotal(p)).toBe(3);
    expect(barTotal(startProgress('HS-3', undefined))).toBe(1);
  });
});

describe('the count check before closing', () => {
  const stored = (expected: number | undefined, pages: number, earlier = 0) => {
    let p = startProgress('HS-9', expected, earlier);
    p = filesStored(p, pages);
    return p;
  };

  it('passes a matching or unknown count without a warning', () => {
    expect(checkCount(stored(10, 10))).toEqual({ kind: 'match', pages: 10 });
    expect(checkCount(stored(undefined, 7))).toEqual({ kind: 'unknown', pages: 7 });
    expect(mismatchWarning(stored(10, 10))).toBeUndefined();
    expect(mismatchWarning(stored(undefined, 7))).toBeUndefined();
  });

  it('warns of missing and extra pages, Vietnamese first, naming both counts', () => {
    expect(mismatchWarning(stored(12, 10))).toBe(
      'CẢNH BÁO: hồ sơ HS-9 thiếu 2 trang: mục lục ghi 12, máy chủ đã lưu 10 / WARNING: 2 page(s) short: the inventory says 12, the server stored 10',
    );
    expect(checkCount(stored(8, 10))).toEqual({ kind: 'more', pages: 10, expected: 8 });
    expect(mismatchWarning(stored(8, 10))).toMatch(/^CẢNH BÁO: hồ sơ HS-9 thừa 2 trang/);
  });

  it('counts this sitting only, and mentions the pages of an earlier scan', () => {
    const w = mismatchWarning(stored(40, 39, 30));
    expect(w).toContain('thiếu 1 trang');
    expect(w).toContain('máy chủ còn 30 trang của lần quét trước');
    expect(checkCount(stored(40, 40, 30)).kind).toBe('match');
  });
});
