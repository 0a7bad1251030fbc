import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import {
  constants,
  chmod,
  copyFile,
  link,
  mkdir,
  open,
  readFile,
  rename,
  rm,
  stat,
} from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors.js';
import { SHA256_RE, type BlobStore, type PutResult } from './blob-store.js';

/**
 * Blobs on the local filesystem: `<root>/sha256/ab/cd/<hash>`, written to `<root>/tmp` first,
 * fsynced, then renamed into place (atomic on POSIX), and made read-only.
 */
export class FsBlobStore implements BlobStore {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  pathOf(sha256: string): string {
    if (!SHA256_RE.test(sha256)) {
      throw new AppError('storage.bad_key', {
        message: `"${sha256}" is not a lower-case hex SHA-256`,
        retryable: false,
      });
    }
    return join(this.root, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  private async tempPath(): Promise<string> {
    const dir = join(this.root, 'tmp');
    await mkdir(dir, { recursive: true });
    return join(dir, `${randomUUID()}.part`);
  }

  async put(data: Buffer, opts: { expectedSha256?: string } = {}): Promise<PutResult> {
    const sha256 = createHash('sha256').update(data).digest('hex');
    checkExpected(sha256, opts.expectedSha256);
    if (await this.has(sha256)) return { sha256, bytes: data.length, created: false };
    const tmp = await this.tempPath();
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    return this.commit(tmp, sha256, data.length);
  }

  async putStream(stream: Readable, opts: { expectedSha256?: string } = {}): Promise<PutResult> {
    const tmp = await this.tempPath();
    const hash = createHash('sha256');
    let bytes = 0;
    stream.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
    });
    try {
      await pipeline(stream, createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
      const fh = await open(tmp, 'r');
      await fh.sync();
      await fh.close();
      const sha256 = hash.digest('hex');
      checkExpected(sha256, opts.expectedSha256);
      if (await this.has(sha256)) {
        await rm(tmp, { force: true });
        return { sha256, bytes, created: false };
      }
      return await this.commit(tmp, sha256, bytes);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async putFile(
    path: string,
    opts: { expectedSha256?: string; move?: boolean; hashedBy?: 'caller' } = {},
  ): Promise<PutResult> {
    const trusted = opts.hashedBy === 'caller' && opts.expectedSha256 !== undefined;
    const sha256 = trusted ? (opts.expectedSha256 ?? '') : await hashFile(path);
    checkExpected(sha256, opts.expectedSha256);
    const bytes = (await stat(path)).size;
    if (await this.has(sha256)) {
      if (opts.move === true) await rm(path, { force: true });
      return { sha256, bytes, created: false };
    }
    const tmp = await this.tempPath();
    if (opts.move === true) {
      try {
        await rename(path, tmp);
      } catch {
        await copyFile(path, tmp, constants.COPYFILE_EXCL);
        await rm(path, { force: true });
      }
    } else {
      try {
        await link(path, tmp);
      } catch {
        await copyFile(path, tmp, constants.COPYFILE_EXCL);
      }
    }
    const fh = await open(tmp, 'r');
    await fh.sync();
    await fh.close();
    // The file may have changed between hashing and moving: hash what will be committed.
    const again = trusted ? sha256 : await hashFile(tmp);
    if (again !== sha256) {
      await rm(tmp, { force: true });
      throw new AppError('storage.changed_while_storing', {
        message: `${path} changed while it was being stored (${sha256} then ${again})`,
        hint: 'Wait until the file is completely written, then store it again',
        retryable: true,
      });
    }
    return this.commit(tmp, sha256, bytes);
  }

  private async commit(tmp: string, sha256: string, bytes: number): Promise<PutResult> {
    const dest = this.pathOf(sha256);
    await mkdir(dirname(dest), { recursive: true });
    await chmod(tmp, 0o444);
    await rename(tmp, dest);
    await syncDir(dirname(dest));
    return { sha256, bytes, created: true };
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await stat(this.pathOf(sha256));
      return true;
    } catch (err) {
      if (isNoEnt(err)) return false;
      throw err;
    }
  }

  async read(sha256: string): Promise<Buffer> {
    try {
      return await readFile(this.pathOf(sha256));
    } catch (err) {
      throw missingOr(err, sha256);
    }
  }

  async open(sha256: string, range?: { start: number; end: number }): Promise<Readable> {
    const p = this.pathOf(sha256);
    try {
      await stat(p);
    } catch (err) {
      throw missingOr(err, sha256);
    }
    return range === undefined
      ? createReadStream(p)
      : createReadStream(p, { start: range.start, end: Math.max(range.start, range.end - 1) });
  }

  async size(sha256: string): Promise<number> {
    try {
      return (await stat(this.pathOf(sha256))).size;
    } catch (err) {
      throw missingOr(err, sha256);
    }
  }

  async verify(sha256: string): Promise<boolean> {
    try {
      return (await hashFile(this.pathOf(sha256))) === sha256;
    } catch (err) {
      throw missingOr(err, sha256);
    }
  }
}

/** SHA-256 of a file, streamed. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

function checkExpected(actual: string, expected: string | undefined): void {
  if (expected !== undefined && expected.toLowerCase() !== actual) {
    throw new AppError('storage.checksum_mismatch', {
      message: `content hashes to ${actual}, the sender said ${expected}`,
      hint: 'The file changed or was damaged in transit: send it again',
      retryable: false,
    });
  }
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

const isNoEnt = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ENOENT';

function missingOr(err: unknown, sha256: string): unknown {
  return isNoEnt(err)
    ? new AppError('storage.missing', {
        message: `blob ${sha256} is not in the store`,
        hint: 'The data directory is incomplete: restore it from backup',
        retryable: false,
        cause: err,
      })
    : err;
}
