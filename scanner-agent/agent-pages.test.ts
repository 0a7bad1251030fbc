import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScannerAgent, type AgentEvents } from './agent.js';
import { DossierInfoStore } from './dossier-info.js';
import type { OutboxEntry } from './outbox.js';
import { FakeApi } from './test-support/fake-api.js';
import {
  captureLog,
  dropFile,
  tempStation,
  testSettings,
  waitFor,
} from './test-support/harness.js';

/** What the hot folder makes of multi-page files, unreadable files and identical files. */
describe('ScannerAgent: pages in files', () => {
  let station: Awaited<ReturnType<typeof tempStation>>;
  let api: FakeApi;
  let agent: ScannerAgent | undefined;

  beforeEach(async () => {
    station = await tempStation();
    api = new FakeApi();
    await api.listen();
  });
  afterEach(async () => {
    await agent?.stop();
    await api.close();
    await station.cleanup();
  });

  const start = async () => {
    const { log, lines } = captureLog();
    agent = new ScannerAgent(testSettings(station, api.url), log);
    const ingested: OutboxEntry[] = [];
    const refused: AgentEvents['refused'][0][] = [];
    agent.on('ingested', (e) => ingested.push(e));
    agent.on('refused', (r) => refused.push(r));
    await agent.start();
    return { agent, lines, ingested, refused };
  };

  it('counts the pages of a multi-page TIFF and PDF, and sends each file whole', async () => {
    const sheets = await Promise.all(
      [30, 90, 150, 210].map((v) =>
        sharp({ create: { width: 40, height: 50, channels: 3, background: { r: v, g: v, b: v } } })
          .png()
          .toBuffer(),
      ),
    );
    const tif = await sharp(sheets, { join: { animated: true } })
      .tiff()
      .toBuffer();
    const doc = await PDFDocument.create();
    for (let i = 0; i < 3; i++) doc.addPage([595, 842]);
    const pdf = Buffer.from(await doc.save());
    const hs = join(station.inbox, 'HS-MULTI');
    await mkdir(hs);
    await writeFile(join(hs, '01.tif'), tif);
    await writeFile(join(hs, '02.pdf'), pdf);
    await dropFile(join(hs, '03.jpg'));
    const { agent: a, ingested } = await start();
    await waitFor(() => api.uploads.length === 3 && a.status().pending === 0, '3 uploads');
    expect(ingested.map((e) => [e.originalName, e.pages])).toEqual([
      ['01.tif', 4],
      ['02.pdf', 3],
      ['03.jpg', 1],
    ]);
    expect(api.uploads.map((u) => u.bytes)).toEqual([tif.length, pdf.length, expect.any(Number)]);
  });

  it('sets an unreadable file aside with the reason, never deletes it, and sends the rest', async () => {
    const hs = join(station.inbox, 'HS-BAD');
    await mkdir(hs);
    await dropFile(join(hs, 'p1.jpg'));
    const broken = Buffer.from('this is not a TIFF at all');
    await writeFile(join(hs, 'p2.tif'), broken);
    await dropFile(join(hs, 'p3.jpg'));
    const { agent: a, refused, lines } = await start();
    await waitFor(() => api.uploads.length === 2 && a.status().pending === 0, '2 uploads');
    await waitFor(() => refused.length === 1, 'the refusal');
    expect(api.uploads.map((u) => [u.seq, u.fileName])).toEqual([
      [1, 'p1.jpg'],
      [2, 'p3.jpg'],
    ]);
    const kept = join(station.inbox, '.rejected', 'HS-BAD', 'p2.tif');
    expect(await readFile(kept)).toEqual(broken);
    const why = JSON.parse(await readFile(`${kept}.error.json`, 'utf8')) as {
      error: { code: string; message: string; hint: string };
    };
    expect(why.error.code).toBe('inbox.unreadable_file');
    expect(why.error.message).toMatch(/^Tệp không phải ảnh TIFF như đuôi tên tệp cho biết/);
    expect(refused[0]).toMatchObject({ dossierCode: 'HS-BAD', relPath: 'HS-BAD/p2.tif' });
    expect(lines.some((l) => l.msg === 'file set aside: the agent cannot read it')).toBe(true);
    expect(existsSync(join(hs, 'p2.tif'))).toBe(false);
  });

  it('sends two byte-identical files of a dossier as two pages; the server flags the second', async () => {
    const hs = join(station.inbox, 'HS-TWIN');
    await dropFile(join(hs, 'blank_1.png'));
    await copyFile(join(hs, 'blank_1.png'), join(hs, 'blank_2.png'));
    const { agent: a, lines } = await start();
    await waitFor(() => api.uploads.length === 2 && a.status().pending === 0, '2 uploads');
    const [first, second] = api.uploads;
    expect(second?.sha256).toBe(first?.sha256);
    expect(api.uploads.map((u) => [u.seq, u.fileName])).toEqual([
      [1, 'blank_1.png'],
      [2, 'blank_2.png'],
    ]);
    const warning = lines.find((l) => l.msg.startsWith('page is byte-identical'));
    expect(warning).toMatchObject({ seq: 2, identicalToSeq: 1, file: 'blank_2.png' });
    expect((await readdir(join(station.inbox, '.done', 'HS-TWIN'))).sort()).toEqual([
      'blank_1.png',
      'blank_2.png',
    ]);
  });

  it('opens the batch with the operator and expected count, resends the same after a lost reply, closes with the latest count', async () => {
    const info = new DossierInfoStore(station.outbox);
    await info.write('HS-INFO', { operator: 'Phạm Thị Quét', expectedPages: 5 });
    await dropFile(join(station.inbox, 'HS-INFO', 'p1.jpg'));
    let held = false;
    api.faults.holdAfterOpen = () => {
      if (held) return false;
      held = true;
      return true;
    };
    const first = await start();
    await waitFor(() => held, 'batch opened without a reply');
    await first.agent.stop();
    // The operator corrects the count before the agent runs again; the retry of the open must
    // still send the body of the first attempt (same Idempotency-Key, same body), the close the
    // corrected count.
    await info.write('HS-INFO', { operator: 'Phạm Thị Quét', expectedPages: 6 });
    const second = await start();
    await waitFor(() => api.uploads.length === 1 && second.agent.status().pending === 0, 'upload');
    await writeFile(join(station.inbox, 'HS-INFO', 'XONG'), '');
    const [batch, ...others] = [...api.batches.values()];
    await waitFor(() => batch?.closed === true, 'close');
    expect(others).toEqual([]);
    expect(JSON.parse(batch?.openBody ?? '{}')).toEqual({
      dossierCode: 'HS-INFO',
      operator: 'Phạm Thị Quét',
      expectedPages: 5,
    });
    expect(batch?.closeBody).toEqual({ expectedPages: 6 });
    // Spent once the operator closed the dossier.
    await waitFor(async () => (await info.read('HS-INFO')).operator === undefined, 'info removed');
  });
});
