/**
 * The bytes of an upload on their way in: streamed to a file under `<DATA_DIR>/incoming` (the
 * filesystem of the blob store, so storing is a rename) while being counted and hashed, and the
 * leftovers of uploads a crash interrupted.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import { InputError } from '../../core/errors.js';
import { incomingDir } from '../config.js';

/** `upload.too_large` (413); `got` says how big the upload is, as far as it is known. */
export const tooLarge = (limit: number, got: string): InputError =>
  new InputError('upload.too_large', {
    message: `Tệp tải lên ${got} vượt giới hạn ${limit} byte / The upload ${got} exceeds the limit of ${limit} bytes`,
    hint: 'Chia tệp thành nhiều tệp nhỏ hơn, hoặc tăng UPLOAD_MAX_BYTES / Split the file, or raise UPLOAD_MAX_BYTES',
    status: 413,
  });

export interface Received {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

/**
 * Streams `body` to a new file in `dir` while hashing it. The caller owns the file and removes it.
 * Throws `upload.too_large` (413) past `maxBytes` and `upload.incomplete` (400) when the body
 * breaks off; the partial file is removed.
 */
export async function receiveBody(
  body: ReadableStream<Uint8Array> | null,
  dir: string,
  maxBytes: number,
): Promise<Received> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${randomUUID()}.part`);
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        done(tooLarge(maxBytes, `(hơn / more than ${maxBytes} byte)`));
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const source =
    body === null
      ? Readable.from([])
      : Readable.fromWeb(body as unknown as NodeWebStream<Uint8Array>);
  // A failing body is the client's doing (a dropped connection); a failing disk is ours.
  let bodyFailed = false;
  source.once('error', () => {
    bodyFailed = true;
  });
  try {
    await pipeline(source, meter, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  } catch (err) {
    await rm(path, { force: true });
    if (!bodyFailed || err instanceof InputError) throw err;
    throw new InputError('upload.incomplete', {
      message: `Kết nối bị ngắt sau ${bytes} byte, tệp chưa nhận đủ / The connection broke after ${bytes} bytes, the file did not arrive whole`,
      hint: 'Gửi lại tệp / Send the file again',
      cause: err,
    });
  }
  return { path, sha256: hash.digest('hex'), bytes };
}

/**
 * Removes leftovers of uploads interrupted by a crash: files in the incoming directory older than
 * `olderThanMs` (young ones may belong to another api process receiving right now).
 */
export async function cleanIncoming(dataDir: string, olderThanMs: number): Promise<number> {
  const dir = incomingDir(dataDir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  const limit = Date.now() - olderThanMs;
  let removed = 0;
  for (const name of names) {
    const p = join(dir, name);
    const s = await stat(p).catch(() => null);
    if (s !== null && s.isFile() && s.mtimeMs < limit) {
      await rm(p, { force: true });
      removed++;
    }
  }
  return removed;
}
