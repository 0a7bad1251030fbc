import { describe, expect, it } from 'vitest';
import { buildOcr, signerLines, type OcrTextLine } from '../../../tests/fixtures/ocr.js';
import { pageLayout } from './layout.js';
import { authorityPrefix, deputyOf, nameLikeness, readSigner, signerZone } from './signer.js';

const read = (lines: OcrTextLine[]) => {
  const s = readSigner([pageLayout(buildOcr(lines), 0)], null);
  return { authority: s.authority?.text, title: s.title?.text, name: s.name?.text };
};

describe('readSigner', () => {
  it('reads authority, last position and name, skipping the seal text in between', () => {
    const lines = signerLines(
      { block: ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], name: 'Trần Ngọc An' },
      200,
    );
    // the seal's ring text lands between the lines and beside the name
    lines.push({ text: 'NHÂN DÂN', y: 215, cx: 140, confidence: 40 });
    lines.push({ text: 'Em', y: 209, cx: 150, confidence: 30 });
    expect(read(lines)).toEqual({ authority: 'KT.', title: 'PHÓ CHỦ TỊCH', name: 'Trần Ngọc An' });
  });

  it('reads slashed prefixes and misread capitals of older pages', () => {
    const lines = signerLines(
      { block: ['T/M UỶ BAN NHÂN DÂN', 'CHO TỊCH'], name: '4 — Bùi Đình Lộc' },
      200,
    );
    expect(read(lines)).toEqual({ authority: 'TM.', title: 'CHỦ TỊCH', name: 'Bùi Đình Lộc' });
  });

  it('infers the deputy when the line under "KT." was lost or misread', () => {
    const lost = read(signerLines({ block: ['KT. GIÁM ĐỐC'], name: 'Hoàng Thế Thịnh' }, 200));
    expect(lost.title).toBe('PHÓ GIÁM ĐỐC');
    const misread = read(
      signerLines({ block: ['KT. CHỦ TỊCH', 'DA PEQ CHỦ TỊCH'], name: 'Mai Hồng Huyền' }, 200),
    );
    expect(misread.title).toBe('PHÓ CHỦ TỊCH');
  });

  it('repairs name syllables and drops a stray letter before the surname', () => {
    expect(read(signerLines({ block: ['GIÁM ĐỐC'], name: 'N Le Ngoc Hằng' }, 200)).name).toBe(
      'Lê Ngọc Hằng',
    );
    expect(read(signerLines({ block: ['GIÁM ĐỐC'], name: 'Dứơng Thế Việt' }, 200)).name).toBe(
      'Dương Thế Việt',
    );
    expect(read(signerLines({ block: ['GIÁM ĐỐC'], name: 'Ể \\ Đào Văn LỘC' }, 200)).name).toBe(
      'Đào Văn Lộc',
    );
  });

  it('finds nothing on a page without a signer block', () => {
    const body = [{ text: 'Căn cứ Luật Lưu trữ ngày 11 tháng 11 năm 2011;', y: 30 }];
    expect(read(body)).toEqual({ authority: undefined, title: undefined, name: undefined });
  });
});

describe('authorityPrefix and deputyOf', () => {
  it('normalises the prefixes', () => {
    expect(
      ['TM.', 'T/M', 'KT', 'K/T', 'TL.', 'T/L', 'TUQ.', 'Q.', 'KHÁC'].map(authorityPrefix),
    ).toEqual(['TM.', 'TM.', 'KT.', 'KT.', 'TL.', 'TL.', 'TUQ.', 'Q.', null]);
  });

  it('names the deputy of a head', () => {
    expect(deputyOf('GIÁM ĐỐC')).toBe('PHÓ GIÁM ĐỐC');
    expect(deputyOf('BỘ TRƯỞNG')).toBe('THỨ TRƯỞNG');
    expect(deputyOf('PHÓ CHỦ TỊCH')).toBe('PHÓ CHỦ TỊCH');
  });
});

describe('readSigner without "Nơi nhận"', () => {
  it('anchors on a position line in the lower right when nothing else marks the block', () => {
    const body = Array.from({ length: 12 }, (_, i) => ({
      text: 'Căn cứ Luật Lưu trữ ngày 11 tháng 11 năm 2011 và các văn bản hướng dẫn thi hành;',
      y: 25 + 8 * i,
    }));
    const lines = [
      ...body,
      { text: 'GIÁM ĐỐC', y: 150, cx: 150 },
      { text: 'Đào Xuân Nghĩa', y: 180, cx: 150 },
    ];
    expect(read(lines)).toEqual({
      authority: undefined,
      title: 'GIÁM ĐỐC',
      name: 'Đào Xuân Nghĩa',
    });
  });
});

describe('readSigner, block high on a short last page', () => {
  it('starts the block level with "Nơi nhận" when the seal made its position unreadable', () => {
    // the page ends near its top: the block is above 30 % of the page, its title under the seal
    const lines: OcrTextLine[] = [
      { text: 'Kính trình Ủy ban nhân dân tỉnh xem xét, quyết định./.', y: 25, x: 30, pt: 14 },
      { text: 'Tu ĐỐC', y: 37, cx: 150, pt: 13 },
      { text: 'Nơi nhận:', y: 42, x: 30, pt: 12 },
      { text: '- Như trên;', y: 48, x: 30, pt: 11 },
      { text: 'N_ m Đào Xuân Nghĩa', y: 68, cx: 150, pt: 13 },
    ];
    expect(read(lines).name).toBe('Đào Xuân Nghĩa');
  });

  it('reads a capital OCR doubled with its small form as one letter', () => {
    expect(read(signerLines({ block: ['CHỦ TỊCH'], name: '- Bùi Đình LỘộC' }, 200)).name).toBe(
      'Bùi Đình Lộc',
    );
  });
});

describe('signerZone', () => {
  it('covers the block column from under the last position line down to the name', () => {
    const lines = signerLines(
      { block: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'], name: 'Phạm Ngọc Phúc' },
      200,
    );
    const ocr = buildOcr(lines);
    const zone = signerZone(pageLayout(ocr, 0));
    const word = (t: string) => ocr.words.find((w) => w.text === t);
    const title = ocr.words.filter((w) => w.text === 'PHÓ')[0];
    expect(zone).not.toBeNull();
    if (zone === null || title === undefined) return;
    expect(zone.y0).toBeGreaterThan(title.bbox.y1);
    for (const t of ['Phạm', 'Ngọc', 'Phúc']) {
      const b = word(t)?.bbox;
      expect(b !== undefined && b.x0 >= zone.x0 && b.x1 <= zone.x1 && b.y1 <= zone.y1).toBe(true);
    }
    // "Nơi nhận" on the left stays out
    expect((word('Nơi')?.bbox.x1 ?? 0) < zone.x0).toBe(true);
  });

  it('is null on a page without a signer block', () => {
    expect(
      signerZone(pageLayout(buildOcr([{ text: 'Điều 1. Phê duyệt kế hoạch', y: 40, x: 30 }]), 0)),
    ).toBeNull();
  });
});

describe('nameLikeness', () => {
  it('counts name syllables as printed, half for those missing their marks', () => {
    expect(nameLikeness(['Phạm', 'Ngọc', 'Phúc'])).toBe(3);
    expect(nameLikeness(['Pham', 'Ngoc', 'Phuc'])).toBe(1.5);
    expect(nameLikeness(['NHÂN', 'DÂN', '—', 'xem'])).toBe(0);
    expect(nameLikeness(['Lo'])).toBe(0.5); // "Lò" without its mark
  });
});
