import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Outbox, type OutboxEntry } from './outbox.js';
import { dropFile, tempStation } from './test-support/harness.js';

describe('Outbox', () => {
  let station: Awaited<ReturnType<typeof tempStation>>;
  beforeEach(async () => {
    station = await tempStation();
  });
  afterEach(() => station.cleanup());

  const take = async (outbox: Outbox, entryNo: number, relPath = `HS/p${entryNo}.jpg`) => {
    const src = join(station.inbox, relPath);
    const sum = await dropFile(src, 1000 + entryNo);
    const staged = await outbox.stage(src);
    expect(staged.sha256).toBe(sum);
    return outbox.commit(staged, {
      entryNo,
      dossierCode: 'HS',
      batchLocalId: 'b1',
      seq: entryNo,
      mediaType: 'image/jpeg',
      originalName: `p${entryNo}.jpg`,
      source: { relPath, size: 1000 + entryNo, mtimeMs: 1 },
    });
  };

  it('keeps committed entries across a reopen, in entry order, with their bytes', async () => {
    const a = new Outbox(station.outbox);
    await a.open();
    const e2 = await take(a, 2);
    await take(a, 1);
    const b = new Outbox(station.outbox);
    const rec = await b.open();
    expect(rec.pending).toBe(2);
    expect(b.pending().map((e) => e.entryNo)).toEqual([1, 2]);
    expect(b.maxEntryNo()).toBe(2);
    const bytes = await readFile(b.dataPath(e2));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(e2.sha256);
    expect(b.holdsSource('HS/p2.jpg', 1002, 1)).toBe(true);
    expect(b.holdsSource('HS/p2.jpg', 1002, 2)).toBe(false);
    expect(b.hasPendingFor('b1')).toBe(true);
  });

  it('tidies what a crash leaves: staged copies, sidecar-less bytes, half-written sidecars', async () => {
    const a = new Outbox(station.outbox);
    await a.open();
    const kept = await take(a, 1);
    await a.stage(await dropPath(station.inbox, 'x.jpg'));
    await writeFile(join(a.entriesDir, '000000007.bin'), 'orphan');
    await writeFile(join(a.entriesDir, '.000000008.json.tmp-123-abcdef01'), '{"half');
    await writeFile(join(a.entriesDir, '000000009.json'), '{not json');
    await writeFile(join(a.entriesDir, '000000009.bin'), 'x');
    // An atomic write of state.json (batches.ts) cut off before its rename.
    await writeFile(join(station.outbox, '.state.json.tmp-123-abcdef02'), '{"half');

    const b = new Outbox(station.outbox);
    const rec = await b.open();
    expect(rec.pending).toBe(1);
    expect(rec.removedLeftovers).toBe(4);
    expect((await readdir(station.outbox)).sort()).toEqual(['entries', 'rejected', 'tmp']);
    expect(rec.quarantined).toHaveLength(1);
    expect((await readdir(b.entriesDir)).sort()).toEqual(['000000001.bin', '000000001.json']);
    expect(await readdir(rec.quarantined[0] ?? '')).toEqual(['000000009.bin', '000000009.json']);
    expect(await readdir(b.tmpDir)).toEqual([]);
    expect(b.pending()[0]?.sha256).toBe(kept.sha256);
  });

  it('records a refusal with bytes, entry and reason, and finds it again if interrupted', async () => {
    const a = new Outbox(station.outbox);
    await a.open();
    const e = await take(a, 3);
    const dir = await a.recordRejection(e, {
      rejectedAt: '2025-07-01T00:00:00.000Z',
      status: 415,
      error: { code: 'upload.unsupported_type', message: 'Không hỗ trợ / Unsupported' },
    });
    expect((await readdir(dir)).sort()).toEqual(['entry.json', 'error.json', 'p3.jpg']);
    // Crash before the entry was removed: the next open reports it for finishing.
    const b = new Outbox(station.outbox);
    const rec = await b.open();
    expect(rec.interruptedRejections.map((x: OutboxEntry) => x.entryNo)).toEqual([3]);
    expect((await b.readRejection(e))?.error.code).toBe('upload.unsupported_type');
    await b.remove(e);
    expect(b.pending()).toEqual([]);
    expect(await readdir(b.entriesDir)).toEqual([]);
    expect(await b.rejectedCount()).toBe(1);
  });

  it('moves an entry to another batch durably', async () => {
    const a = new Outbox(station.outbox);
    await a.open();
    const e = await take(a, 4);
    await a.rehome(e, 'b2', 1, true);
    const b = new Outbox(station.outbox);
    await b.open();
    expect(b.pending()[0]).toMatchObject({ entryNo: 4, batchLocalId: 'b2', seq: 1, rehomed: 1 });
    expect(b.hasPendingFor('b1')).toBe(false);
  });
});

async function dropPath(dir: string, name: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const p = join(dir, name);
  await writeFile(p, 'staged but never committed');
  return p;
}
