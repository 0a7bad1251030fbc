import { describe, expect, it } from 'vitest';
import { kib, runMeasured } from './measure.js';

const MiB = 1024 * 1024;

// A child that holds `mb` MiB of touched memory for a while, so that a poll sees it.
const holder = (mb: number): string =>
  `const b = Buffer.alloc(${mb} * 1024 * 1024, 1); setTimeout(() => process.stdout.write(String(b[7])), 800);`;

describe.skipIf(process.platform !== 'linux')('runMeasured', () => {
  it('reports the exit code, the output and the peak memory of the child', async () => {
    const r = await runMeasured(process.execPath, ['-e', holder(160)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('1');
    expect(r.peakRssBytes).toBeGreaterThan(150 * MiB);
  });

  it('counts the memory of grandchildren too', async () => {
    const parent = `require('node:child_process').spawnSync(process.execPath, ['-e', ${JSON.stringify(holder(200))}], { stdio: 'inherit' });`;
    const r = await runMeasured(process.execPath, ['-e', parent]);
    expect(r.stdout).toBe('1');
    expect(r.peakRssBytes).toBeGreaterThan(190 * MiB);
  });

  it('passes a failing exit code through', async () => {
    const r = await runMeasured(process.execPath, [
      '-e',
      'process.stderr.write("lỗi"); process.exit(3)',
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('lỗi');
  });
});

describe('kib', () => {
  it('reads a kB field of /proc/<pid>/status and 0 for an absent one', () => {
    const status = 'Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n';
    expect(kib(status, 'VmHWM')).toBe(204800);
    expect(kib(status, 'VmRSS')).toBe(102400);
    expect(kib(status, 'VmSwap')).toBe(0);
  });
});
