import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatchBook } from './batches.js';
import { tempStation } from './test-support/harness.js';

describe('BatchBook', () => {
  let station: Awaited<ReturnType<typeof tempStation>>;
  let path: string;
  beforeEach(async () => {
    station = await tempStation();
    path = join(station.root, 'state.json');
  });
  afterEach(() => station.cleanup());

  it('hands out seqs and entry numbers once, across reloads', async () => {
    const a = new BatchBook(path);
    await a.load(1);
    const r1 = await a.reserve('HS-1');
    const r2 = await a.reserve('HS-1');
    const r3 = await a.reserve('HS-2');
    expect([r1.seq, r2.seq, r3.seq]).toEqual([1, 2, 1]);
    expect([r1.entryNo, r2.entryNo, r3.entryNo]).toEqual([1, 2, 3]);
    expect(r2.batch.localId).toBe(r1.batch.localId);
    await a.setServerId(r1.batch.localId, 'srv-1');

    const b = new BatchBook(path);
    await b.load(1);
    const r4 = await b.reserve('HS-1');
    expect(r4).toMatchObject({ seq: 3, entryNo: 4 });
    expect(r4.batch).toMatchObject({ localId: r1.batch.localId, serverId: 'srv-1' });
    // Entry numbers never fall below what the outbox already holds.
    const c = new BatchBook(path);
    await c.load(50);
    expect((await c.reserve('HS-3')).entryNo).toBe(50);
  });

  it('serialises concurrent reservations without repeating a seq', async () => {
    const a = new BatchBook(path);
    await a.load(1);
    const all = await Promise.all(Array.from({ length: 20 }, () => a.reserve('HS')));
    expect(new Set(all.map((r) => r.seq)).size).toBe(20);
    expect(Math.max(...all.map((r) => r.seq))).toBe(20);
  });

  it('does not start closing while a seq is reserved, and opens a new batch after', async () => {
    const a = new BatchBook(path);
    await a.load(1);
    const r = await a.reserve('HS');
    expect(await a.tryMarkClosing(r.batch.localId, () => true)).toBe(false);
    a.release(r.batch.localId);
    expect(await a.tryMarkClosing(r.batch.localId, () => false)).toBe(false);
    expect(await a.tryMarkClosing(r.batch.localId, () => true)).toBe(true);
    const next = await a.reserve('HS');
    expect(next.batch.localId).not.toBe(r.batch.localId);
    expect(next.seq).toBe(1);
    await a.remove(r.batch.localId);
    expect(a.list().map((b) => b.localId)).toEqual([next.batch.localId]);
  });

  it('moves an unreadable state file aside and starts empty', async () => {
    await writeFile(path, '{"version":1,"nextEntryNo":');
    const a = new BatchBook(path);
    const r = await a.load(7);
    expect(r.movedAside).toMatch(/state\.json\.corrupt-\d+$/);
    expect((await a.reserve('HS')).entryNo).toBe(7);
    expect(
      (await readdir(station.root)).filter((n) => n.startsWith('state.json')).sort(),
    ).toHaveLength(2);
  });
});
