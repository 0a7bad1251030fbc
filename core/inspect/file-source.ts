import { open } from 'node:fs/promises';
import type { ByteSource } from './types.js';

/** A ByteSource over a file on disk; `close()` releases the handle. */
export interface FileSource extends ByteSource {
  close(): Promise<void>;
}

/** Opens `path` for random reads. The size is taken once: the file must not change meanwhile. */
export async function openFileSource(path: string): Promise<FileSource> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    return {
      size,
      async read(offset, length) {
        const start = Math.max(0, offset);
        const n = Math.max(0, Math.min(length, size - start));
        const buf = Buffer.alloc(n);
        let got = 0;
        while (got < n) {
          const { bytesRead } = await fh.read(buf, got, n - got, start + got);
          if (bytesRead === 0) break;
          got += bytesRead;
        }
        return got === n ? buf : buf.subarray(0, got);
      },
      close: () => fh.close(),
    };
  } catch (err) {
    await fh.close();
    throw err;
  }
}
