import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { parseDeviceOptions } from './parse.js';
import { chooseSettings } from './choose-settings.js';
import { checkDossierCode, closedUpTo, lastPageNumber, pageName } from './dossier-folder.js';
import { ScannerError } from './scanner-errors.js';

const fujitsu = parseDeviceOptions(
  '    --source Flatbed|ADF Front|ADF Back|ADF Duplex [Flatbed]\n' +
    '    --mode Lineart|Halftone|Gray|Color [Lineart]\n' +
    '    --resolution 50..600dpi (in steps of 1) [600]\n',
);

describe('chooseSettings', () => {
  it("maps the operator's words onto the device's values", () => {
    expect(chooseSettings('f', fujitsu, { resolution: 300, mode: 'gray', source: 'ADF' })).toEqual({
      source: 'ADF Front',
      mode: 'Gray',
      single: false,
    });
    expect(
      chooseSettings('f', fujitsu, { resolution: 300, mode: 'Color', source: 'ADF Duplex' }),
    ).toMatchObject({ source: 'ADF Duplex' });
    expect(
      chooseSettings('f', fujitsu, { resolution: 300, mode: undefined, source: 'Flatbed' }),
    ).toEqual({ source: 'Flatbed', mode: undefined, single: true });
  });

  it('refuses everything the device lacks at once, before scanning', () => {
    const t = parseDeviceOptions(
      '    --mode Gray|Color [Gray]\n    --resolution 75|150|300dpi [150]\n    --source Flatbed|Automatic Document Feeder [Flatbed]\n',
    );
    let err: unknown;
    try {
      chooseSettings('test', t, { resolution: 600, mode: 'Lineart', source: 'ADF Duplex' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScannerError);
    const e = err as ScannerError;
    expect(e.code).toBe('scanner.option_invalid');
    expect(e.message).toContain('khay giấy / source "ADF Duplex"');
    expect(e.message).toContain('chế độ màu / mode "Lineart": máy có / the device has Gray, Color');
    expect(e.message).toContain('75, 150, 300 dpi');
  });

  it('takes a device name for lineart', () => {
    const b = parseDeviceOptions('    --mode Binary|Gray|Color [Gray]\n');
    expect(chooseSettings('x', b, { resolution: 300, mode: 'Lineart', source: 'ADF' }).mode).toBe(
      'Binary',
    );
  });
});

describe('page numbering', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sohoa-scan-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('continues after the numbered pages in the inbox and in .done/', async () => {
    const inboxHs = join(dir, 'HS');
    const done = join(dir, '.done', 'HS');
    await mkdir(inboxHs, { recursive: true });
    await mkdir(done, { recursive: true });
    for (const n of ['0001.tif', '0002.tif', '0002 (2).tif', 'scan_77.jpg', 'notes.txt'])
      await writeFile(join(done, n), '');
    await writeFile(join(inboxHs, '0012.png'), '');
    expect(await lastPageNumber([inboxHs, done, join(dir, 'missing')])).toBe(12);
    expect(pageName(13, 'png')).toBe('0013.png');
    expect(pageName(12345, 'tiff')).toBe('12345.tif');
  });

  it('knows where the last closed stack ended from the consumed markers', async () => {
    const done = join(dir, '.done', 'HS');
    expect(await closedUpTo(done)).toBe(0);
    await mkdir(done, { recursive: true });
    await writeFile(join(done, 'XONG'), 'last=10 pages=10 closed=…\n');
    await writeFile(join(done, 'XONG (2)'), 'last=25 pages=15 closed=…\n');
    await writeFile(join(done, 'XONG.txt'), 'typed by hand\n');
    expect(await closedUpTo(done)).toBe(25);
  });
});

describe('checkDossierCode', () => {
  it.each(['HS-001', 'VP.12-1980', 'Hồ sơ 01'])('accepts %j', (c) => {
    expect(() => checkDossierCode(c)).not.toThrow();
  });
  it.each(['', ' HS', 'a/b', 'a\\b', '..', '.hidden', 'x\ny', 'a:b'])('refuses %j', (c) => {
    expect(() => checkDossierCode(c)).toThrow(/không dùng được làm tên thư mục/);
  });
});

describe('scan flags (config.ts)', () => {
  const deps = { cwd: '/srv', hostname: () => 'ws' };
  it('reads the scan flags with their defaults', () => {
    const cfg = loadConfig({ AGENT_TOKEN: 't' }, ['scan', '--dossier', 'HS-1'], deps);
    expect(cfg.command).toBe('scan');
    expect(cfg.scan).toEqual({
      dossierCode: 'HS-1',
      device: undefined,
      resolution: 300,
      mode: undefined,
      source: 'ADF',
      format: 'tiff',
      expected: undefined,
      close: true,
    });
    const full = loadConfig(
      { AGENT_TOKEN: 't' },
      [
        'scan',
        '--dossier',
        'HS-2',
        '--device',
        'test:0',
        '--resolution',
        '600',
        '--mode',
        'Color',
        '--source',
        'ADF Duplex',
        '--format',
        'png',
        '--expected',
        '42',
        '--no-close',
      ],
      deps,
    );
    expect(full.scan).toEqual({
      dossierCode: 'HS-2',
      device: 'test:0',
      resolution: 600,
      mode: 'Color',
      source: 'ADF Duplex',
      format: 'png',
      expected: 42,
      close: false,
    });
  });

  it('reports every bad scan flag at once; devices needs no token', () => {
    expect(() =>
      loadConfig(
        { AGENT_TOKEN: 't' },
        ['scan', '--resolution', 'abc', '--format', 'jpeg', '--expected', '0'],
        deps,
      ),
    ).toThrow(/--dossier[\s\S]*--resolution[\s\S]*--format[\s\S]*--expected/);
    expect(loadConfig({}, ['devices'], deps).command).toBe('devices');
  });
});
