import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dropFile, tempStation, waitFor } from './test-support/harness.js';
import { HotFolder, type HotFolderOptions, type StableFile } from './watcher.js';

describe('HotFolder', () => {
  let station: Awaited<ReturnType<typeof tempStation>>;
  let hot: HotFolder | undefined;
  beforeEach(async () => {
    station = await tempStation();
  });
  afterEach(async () => {
    await hot?.stop();
    await station.cleanup();
  });

  /** Watches the inbox with a stand-in outbox that holds `held` and every file taken. */
  const watchInbox = async (o: Partial<HotFolderOptions> = {}, held: string[] = []) => {
    const files: StableFile[] = [];
    const stuck: string[] = [];
    const outbox = new Set(held);
    hot = new HotFolder({
      inboxDir: station.inbox,
      stableMs: 300,
      pollMs: 25,
      rescanMs: 10_000,
      emptyGraceMs: 60_000,
      isKnown: (rel) => outbox.has(rel),
      ...o,
    });
    hot.on('file', (f) => {
      files.push(f);
      outbox.add(f.relPath);
      hot?.settle(f.relPath, { kind: 'taken' });
    });
    hot.on('stuck', (s) => stuck.push(s.relPath));
    await hot.start();
    return { files, stuck };
  };

  it('holds later names back while an earlier one is still being written', async () => {
    const dir = join(station.inbox, 'HS');
    await mkdir(dir);
    await writeFile(join(dir, 'p_1.jpg'), Buffer.alloc(1000, 1));
    await dropFile(join(dir, 'p_2.jpg'));
    await dropFile(join(dir, 'p_10.jpg'));
    const { files } = await watchInbox({ stableMs: 500 });
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 120));
      await appendFile(join(dir, 'p_1.jpg'), Buffer.alloc(1000, 2));
    }
    // While p_1 grows nothing of HS is handed on.
    expect(files).toEqual([]);
    await waitFor(() => files.length === 3, 'three files');
    expect(files.map((f) => f.fileName)).toEqual(['p_1.jpg', 'p_2.jpg', 'p_10.jpg']);
    expect(files[0]?.size).toBe(6000);
    expect(hot?.hasPending('HS')).toBe(false);
  });

  it('never hands on what the outbox already holds', async () => {
    await dropFile(join(station.inbox, 'HS', 'a.jpg'));
    await dropFile(join(station.inbox, 'HS', 'b.jpg'));
    const { files } = await watchInbox({}, ['HS/a.jpg']);
    await waitFor(() => files.length === 1, 'b.jpg');
    await hot?.rescan();
    await new Promise((r) => setTimeout(r, 400));
    expect(files.map((f) => f.relPath)).toEqual(['HS/b.jpg']);
  });

  it('reports a closing marker only once every page of its folder is known', async () => {
    // Directory order is arbitrary: XONG may be listed before pages that are still to come.
    const dir = join(station.inbox, 'HS');
    for (let i = 1; i <= 30; i++) await dropFile(join(dir, `p_${i}.jpg`), 64);
    await writeFile(join(dir, 'XONG'), '');
    hot = new HotFolder({
      inboxDir: station.inbox,
      stableMs: 300,
      pollMs: 25,
      rescanMs: 10_000,
      emptyGraceMs: 60_000,
      isKnown: () => false,
    });
    const pendingAtMarker: boolean[] = [];
    hot.on('marker', (m) => pendingAtMarker.push(hot?.hasPending(m.dossierCode) ?? false));
    await hot.start();
    expect(pendingAtMarker).toEqual([true]);
  });

  it('stops waiting for a file that stays empty, so it cannot block its dossier', async () => {
    await mkdir(join(station.inbox, 'HS'));
    await writeFile(join(station.inbox, 'HS', 'a_1.jpg'), '');
    await dropFile(join(station.inbox, 'HS', 'a_2.jpg'));
    const { files, stuck } = await watchInbox({ emptyGraceMs: 800 });
    await new Promise((r) => setTimeout(r, 500));
    expect(files).toEqual([]);
    expect(hot?.hasPending('HS')).toBe(true);
    await waitFor(() => files.length === 1, 'a_2 after the grace time');
    expect(stuck).toEqual(['HS/a_1.jpg']);
    expect(files[0]?.fileName).toBe('a_2.jpg');
    expect(hot?.hasPending('HS')).toBe(false);
  });
});
