import { describe, expect, it } from 'vitest';
import { kib, maxMemory, runMeasured } from './measure.js';

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

  it('reports the largest single process beside the whole tree', async () => {
    // Two children holding 120 MiB each at the same time: the tree holds over 240 MiB, no single
    // process more than about 120 MiB plus Node's own.
    const spawnTwo = `const { spawn } = require('node:child_process');
      let left = 2;
      for (let i = 0; i < 2; i++) spawn(process.execPath, ['-e', ${JSON.stringify(holder(120))}], { stdio: 'ignore' })
        .on('close', () => { if (--left === 0) process.stdout.write('done'); });`;
    const r = await runMeasured(process.execPath, ['-e', spawnTwo]);
    expect(r.stdout).toBe('done');
    expect(r.peakRssBytes).toBeGreaterThan(230 * MiB);
    expect(r.peakProcessRssBytes).toBeGreaterThan(115 * MiB);
    expect(r.peakProcessRssBytes).toBeLessThan(r.peakRssBytes - 100 * MiB);
    expect(r.peakProcesses).toBe(3);
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

describe('maxMemory', () => {
  it('keeps the peak of each figure, even when they come from different polls', () => {
    const a = { totalBytes: 300, processBytes: 100, processes: 4 };
    const b = { totalBytes: 200, processBytes: 180, processes: 2 };
    expect(maxMemory(a, b)).toEqual({ totalBytes: 300, processBytes: 180, processes: 4 });
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
