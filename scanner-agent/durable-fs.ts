/**
 * The few filesystem steps the outbox's crash safety rests on. Node has no atomic-write or
 * fsync-the-directory helper, and the outbox must survive a power cut at any instruction, so these
 * are written here: data is fsynced before it is renamed into place, and the directory is fsynced
 * after, so that a rename is never visible without the bytes behind it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, link, copyFile, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { errnoCode } from './errors.js';

/**
 * Flushes a directory's entries (new, renamed or removed names) to disk. Windows cannot open a
 * directory for syncing; there NTFS journals renames itself, so those refusals are ignored.
 */
export async function fsyncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch (err) {
    const code = errnoCode(err);
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw err;
  } finally {
    await fh?.close();
  }
}

/** A name beside `path` for a temporary file that no other writer picks. */
export const tmpSibling = (path: string): string =>
  join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);

/** True for names made by {@link tmpSibling}; such files are leftovers of a crash. */
export const isTmpName = (name: string): boolean => /^\..+\.tmp-\d+-[0-9a-f]{8}$/.test(name);

/** Writes every byte of `data` through `fh`, looping over short writes. */
async function writeAll(fh: Awaited<ReturnType<typeof open>>, data: Uint8Array): Promise<void> {
  let off = 0;
  while (off < data.length) {
    const { bytesWritten } = await fh.write(data, off, data.length - off);
    off += bytesWritten;
  }
}

/**
 * Replaces `path` with `data` so that a reader (or the next start after a crash) sees either the
 * old content or the new one, never a mix: temporary file, fsync, rename, fsync of the directory.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = tmpSibling(path);
  const fh = await open(tmp, 'wx');
  try {
    await writeAll(fh, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    await fh.sync();
  } catch (err) {
    await fh.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  await rename(tmp, path);
  await fsyncDir(dirname(path));
}

/** What {@link copyDurably} read and wrote. */
export interface CopyResult {
  /** Lower-case hex SHA-256 of the bytes written, which are the bytes read. */
  sha256: string;
  bytes: number;
}

/**
 * Copies `src` to the new file `dest` (which must not exist), hashing the bytes on the way and
 * fsyncing `dest` before returning. Reading once for both copy and hash keeps the outbox copy and
 * its checksum from disagreeing if the source changes mid-way. On failure `dest` is removed.
 */
export async function copyDurably(src: string, dest: string): Promise<CopyResult> {
  const hash = createHash('sha256');
  let bytes = 0;
  const fh = await open(dest, 'wx');
  try {
    for await (const chunk of createReadStream(src, { highWaterMark: 1 << 20 })) {
      const buf = chunk as Buffer;
      hash.update(buf);
      bytes += buf.length;
      await writeAll(fh, buf);
    }
    await fh.sync();
  } catch (err) {
    await fh.close();
    await rm(dest, { force: true });
    throw err;
  }
  await fh.close();
  return { sha256: hash.digest('hex'), bytes };
}

/** True when something exists at `path`. */
export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return false;
    throw err;
  }
}

/**
 * A free name in `dir` for `name`: `name` itself, else `stem (2).ext`, `stem (3).ext` … so that a
 * page scanned twice under one name never overwrites the first copy.
 */
export async function freeName(dir: string, name: string): Promise<string> {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = join(dir, n === 1 ? name : `${stem} (${n})${ext}`);
    if (!(await exists(candidate))) return candidate;
  }
}

/**
 * Moves `src` into `dir` under a free name (see {@link freeName}) and makes both directory entries
 * durable. Returns the new path. Same filesystem only (a rename), which holds for moves inside
 * the inbox and inside the outbox.
 */
export async function moveInto(src: string, dir: string, name = basename(src)): Promise<string> {
  await mkdir(dir, { recursive: true });
  const dest = await freeName(dir, name);
  await rename(src, dest);
  await fsyncDir(dir);
  await fsyncDir(dirname(src));
  return dest;
}

/**
 * Makes `dest` a second name of `src` (a hard link: no bytes copied), falling back to a copy on
 * filesystems without links (FAT, exFAT, some network shares).
 */
export async function linkOrCopy(src: string, dest: string): Promise<void> {
  try {
    await link(src, dest);
  } catch (err) {
    const code = errnoCode(err);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw err;
    await copyFile(src, dest);
    const fh = await open(dest, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  }
}
