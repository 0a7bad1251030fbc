import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyInboxPath, compareNatural, isMarkerName, mediaTypeOf } from './inbox-paths.js';

const inbox = join('/srv', 'inbox');
const at = (...p: string[]) => join(inbox, ...p);

describe('classifyInboxPath', () => {
  it('names a dossier by its folder, and a root file by its stem', () => {
    expect(classifyInboxPath(inbox, at('HY.UBND.1997.12', 'scan_1.TIF'), false)).toEqual({
      kind: 'page',
      relPath: 'HY.UBND.1997.12/scan_1.TIF',
      dossierCode: 'HY.UBND.1997.12',
      fileName: 'scan_1.TIF',
      mediaType: 'image/tiff',
    });
    expect(classifyInboxPath(inbox, at('H49.64.33.2001.160.pdf'), false)).toMatchObject({
      kind: 'page',
      dossierCode: 'H49.64.33.2001.160',
      mediaType: 'application/pdf',
    });
  });

  it('normalises decomposed Vietnamese names to NFC', () => {
    const nfd = 'Hồ sơ 12'.normalize('NFD');
    const r = classifyInboxPath(inbox, at(nfd, 'trang 1.jpg'), false);
    expect(r).toMatchObject({ kind: 'page', dossierCode: 'Hồ sơ 12'.normalize('NFC') });
    // The relative path keeps the bytes on disk, so the file can be found again.
    expect(r.relPath).toBe(`${nfd}/trang 1.jpg`);
  });

  it('recognises markers in dossier folders only', () => {
    expect(classifyInboxPath(inbox, at('HS1', '.done'), false)).toMatchObject({
      kind: 'marker',
      dossierCode: 'HS1',
    });
    expect(classifyInboxPath(inbox, at('HS1', 'XONG'), false).kind).toBe('marker');
    expect(classifyInboxPath(inbox, at('HS1', 'xong.txt'), false).kind).toBe('marker');
    expect(classifyInboxPath(inbox, at('XONG'), false)).toMatchObject({
      kind: 'unsupported',
      reason: 'marker-in-root',
    });
  });

  it('reports other files, ignores hidden ones and the agent folders', () => {
    expect(classifyInboxPath(inbox, at('HS1', 'notes.docx'), false)).toMatchObject({
      kind: 'unsupported',
      reason: 'extension',
    });
    expect(classifyInboxPath(inbox, at('HS1', 'sub', 'a.jpg'), false)).toMatchObject({
      kind: 'unsupported',
      reason: 'too-deep',
    });
    expect(classifyInboxPath(inbox, at('HS1', '.a.jpg.part'), false).kind).toBe('ignored');
    expect(classifyInboxPath(inbox, at('HS1', '~$draft.pdf'), false).kind).toBe('ignored');
    expect(classifyInboxPath(inbox, at('.done', 'HS1', 'a.jpg'), false).kind).toBe('ignored');
    expect(classifyInboxPath(inbox, at('.rejected'), true).kind).toBe('ignored');
    expect(classifyInboxPath(inbox, at('HS1'), true)).toMatchObject({ kind: 'dossier-dir' });
    expect(classifyInboxPath(inbox, join('/srv', 'other', 'a.jpg'), false).kind).toBe('ignored');
  });
});

describe('names', () => {
  it('maps accepted extensions case-insensitively', () => {
    expect(['a.jpg', 'a.JPEG', 'a.png', 'a.Tif', 'a.tiff', 'a.PDF'].map(mediaTypeOf)).toEqual([
      'image/jpeg',
      'image/jpeg',
      'image/png',
      'image/tiff',
      'image/tiff',
      'application/pdf',
    ]);
    expect(mediaTypeOf('a.bmp')).toBeUndefined();
    expect(isMarkerName('Xong')).toBe(true);
    expect(isMarkerName('xong.pdf')).toBe(false);
  });

  it('sorts scanner numbering naturally and totally', () => {
    const names = [
      'scan_10.jpg',
      'scan_2.jpg',
      'Scan_1.jpg',
      'scan_1.jpg',
      'scan_002.jpg',
      'a.jpg',
    ];
    expect([...names].sort(compareNatural)).toEqual([
      'a.jpg',
      'Scan_1.jpg',
      'scan_1.jpg',
      'scan_002.jpg',
      'scan_2.jpg',
      'scan_10.jpg',
    ]);
    expect(compareNatural('trang 9', 'trang 10')).toBeLessThan(0);
  });
});
