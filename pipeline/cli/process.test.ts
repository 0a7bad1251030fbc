import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.js';
import { expandInputs } from './process.js';

describe('expandInputs', () => {
  it('lists a folder in natural order, skipping hidden and non-image files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sohoa-cli-'));
    for (const n of ['trang 10.tif', 'trang 2.jpg', 'trang 1.PNG', '.trang 3.jpg', 'ghi chú.txt'])
      await writeFile(join(dir, n), '');
    const single = join(dir, 'ghi chú.txt');
    expect(await expandInputs([dir, single])).toEqual([
      join(dir, 'trang 1.PNG'),
      join(dir, 'trang 2.jpg'),
      join(dir, 'trang 10.tif'),
      single,
    ]);
  });

  it('names a path it cannot read', async () => {
    const missing = join(tmpdir(), 'sohoa-khong-co', 'x.png');
    const err = await expandInputs([missing]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe('cli.input_unreadable');
    expect((err as InputError).message).toContain(missing);
  });

  it('refuses folders that hold no image', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sohoa-cli-'));
    await mkdir(join(dir, 'con'));
    await writeFile(join(dir, 'a.txt'), '');
    await expect(expandInputs([dir])).rejects.toMatchObject({ code: 'cli.no_images' });
  });
});
