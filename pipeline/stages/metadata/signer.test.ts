import { describe, expect, it } from 'vitest';
import { buildOcr, signerLines, type OcrTextLine } from '../../../tests/fixtures/ocr.js';
import { pageLayout } from './layout.js';
import { authorityPrefix, deputyOf, readSigner } from './signer.js';

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
