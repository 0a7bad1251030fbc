/**
 * The dossier folder of the inbox as the scan command sees it: page numbering that continues
 * after what is there, where the last closed stack ended, and publishing a finished page into it
 * in one atomic step.
 */
import { link, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir } from '../durable-fs.js';
import { AgentError, errnoCode } from '../errors.js';
import type { PageFormat } from './scanimage.js';

/** Zero-padded page file names: `0001.png`; numbers above 9999 just grow (natural order holds). */
export const pageName = (n: number, format: PageFormat): string =>
  `${String(n).padStart(4, '0')}.${format === 'tiff' ? 'tif' : 'png'}`;

const NUMBERED = /^(\d+)(?: \(\d+\))?\.(?:png|tiff?|jpe?g|pdf)$/i;

/** The highest page number already used in `dirs` (0 if none); missing folders count as empty. */
export async function lastPageNumber(dirs: readonly string[]): Promise<number> {
  let max = 0;
  for (const dir of dirs) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') continue;
      throw err;
    }
    for (const n of names) {
      const m = NUMBERED.exec(n);
      if (m !== null) max = Math.max(max, Number(m[1]));
    }
  }
  return max;
}

/**
 * The last page number an earlier closing marker covered (0 if none). Our XONG files say
 * `last=<n>`; the agent moves them to `.done/<mã hồ sơ>/` (as `XONG`, `XONG (2)` …) once the batch
 * is closed, so pages numbered above it belong to the dossier still open (earlier `--no-close`
 * stacks and this one).
 */
export async function closedUpTo(doneDir: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(doneDir);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return 0;
    throw err;
  }
  let max = 0;
  for (const n of names.filter((x) => /^xong/i.test(x))) {
    const m = /last=(\d+)/.exec(await readFile(join(doneDir, n), 'utf8'));
    if (m !== null) max = Math.max(max, Number(m[1]));
  }
  return max;
}

/** A dossier code must be usable as one folder name on Linux and Windows. */
export function checkDossierCode(code: string): void {
  const control = [...code].some((ch) => ch.charCodeAt(0) < 0x20);
  if (
    code.trim() === '' ||
    code !== code.trim() ||
    control ||
    /[/\\:*?"<>|]/.test(code) ||
    code.startsWith('.')
  ) {
    throw new AgentError('scan.bad_dossier_code', {
      message: `Mã hồ sơ "${code}" không dùng được làm tên thư mục / The dossier code "${code}" cannot be a folder name`,
      hint: 'Dùng chữ, số và - _ . (không có / \\ : * ? " < > |, không bắt đầu bằng dấu chấm) / Use letters, digits and - _ .',
      retryable: false,
    });
  }
}

/**
 * Makes `src` (a complete page in the staging folder) appear as `dir/<name>` in one step, never
 * replacing an existing file: a hard link (fails if the name is taken) and then the staging name
 * is removed; rename after a check on filesystems without links. Returns the name used.
 */
export async function publishPage(src: string, dir: string, firstNo: number, format: PageFormat) {
  const fh = await open(src, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  for (let n = firstNo; ; n++) {
    const name = pageName(n, format);
    const dest = join(dir, name);
    try {
      await link(src, dest);
      await rm(src);
    } catch (err) {
      const code = errnoCode(err);
      if (code === 'EEXIST') continue;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw err;
      if ((await lastPageNumber([dir])) >= n) continue;
      await rename(src, dest);
    }
    await fsyncDir(dir);
    return { name, no: n };
  }
}
