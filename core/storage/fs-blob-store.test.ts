import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsBlobStore } from './fs-blob-store.js';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

async function store() {
  const dir = await mkdtemp(join(tmpdir(), 'sohoa-blobs-'));
  return { dir, blobs: new FsBlobStore(join(dir, 'blobs')) };
}

describe('FsBlobStore', () => {
  it('stores bytes once under their SHA-256, read-only', async () => {
    const { blobs } = await store();
    const data = Buffer.from('Hồ sơ số 1');
    const first = await blobs.put(data);
    expect(first).toEqual({ sha256: sha(data), bytes: data.length, created: true });
    expect(await blobs.put(data)).toEqual({ ...first, created: false });
    const path = blobs.pathOf(first.sha256);
    expect(path).toContain(`sha256/${first.sha256.slice(0, 2)}/${first.sha256.slice(2, 4)}/`);
    expect((await stat(path)).mode & 0o222).toBe(0);
    expect(await blobs.read(first.sha256)).toEqual(data);
  });

  it('moves a file in after hashing it, and refuses one that does not match', async () => {
    const { dir, blobs } = await store();
    const path = join(dir, 'trang.png');
    await writeFile(path, 'trang một');
    await expect(
      blobs.putFile(path, { expectedSha256: sha('khác'), move: true }),
    ).rejects.toMatchObject({ code: 'storage.checksum_mismatch' });
    expect(existsSync(path)).toBe(true);
    const r = await blobs.putFile(path, { expectedSha256: sha('trang một'), move: true });
    expect(r).toMatchObject({ sha256: sha('trang một'), created: true });
    expect(existsSync(path)).toBe(false);
    expect(await readFile(blobs.pathOf(r.sha256), 'utf8')).toBe('trang một');
  });

  it('takes the hash of a file its caller wrote and hashed, without reading it again', async () => {
    const { dir, blobs } = await store();
    const path = join(dir, 'incoming');
    await writeFile(path, 'nội dung');
    // A claimed hash that is not the content's: only a store that trusts the caller keeps it.
    const claimed = sha('what the caller hashed');
    const r = await blobs.putFile(path, {
      expectedSha256: claimed,
      move: true,
      hashedBy: 'caller',
    });
    expect(r.sha256).toBe(claimed);
    expect(await readFile(blobs.pathOf(claimed), 'utf8')).toBe('nội dung');
  });
});
