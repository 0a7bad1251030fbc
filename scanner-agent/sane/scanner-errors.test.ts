import { describe, expect, it } from 'vitest';
import {
  classifyScanimageError,
  isFeederEmpty,
  scannerError,
  ScannerError,
} from './scanner-errors.js';

// stderr as scanimage 1.1.1 prints it (captured with the test backend's --read-return-value, and
// for the last cases from a device switched off between listing and scanning).
const batch = (msg: string) =>
  `Scanning infinity pages, incrementing by 1, numbering from 1\nScanning page 3\nscanimage: ${msg}\nBatch terminated, 2 pages scanned\n`;

describe('classifyScanimageError', () => {
  it.each([
    [batch('sane_read: Document feeder jammed'), 'scanner.jammed'],
    [batch('sane_start: Document feeder out of documents'), 'scanner.no_docs'],
    ['no documents', 'scanner.no_docs'],
    [batch('sane_read: Device busy'), 'scanner.busy'],
    ['scanimage: open of device fujitsu:fi-7160:1 failed: Device busy', 'scanner.busy'],
    [batch('sane_read: Scanner cover is open'), 'scanner.cover_open'],
    [batch('sane_read: Error during device I/O'), 'scanner.io_error'],
    [
      'scanimage: open of device epsonds:libusb:001:004 failed: Invalid argument',
      'scanner.device_gone',
    ],
    [batch('sane_start: Invalid argument'), 'scanner.device_gone'],
    ['scanimage: setting of option --mode failed (Invalid argument)', 'scanner.option_invalid'],
    [batch('sane_read: Access to resource has been denied'), 'scanner.access_denied'],
    [batch('sane_read: Out of memory'), 'scanner.no_memory'],
    ['scanimage: no SANE devices found', 'scanner.no_devices'],
    ['scanimage: something new and strange', 'scanner.failed'],
  ])('%j → %s', (stderr, code) => {
    expect(classifyScanimageError(stderr)).toBe(code);
  });

  it('knows the empty feeder', () => {
    expect(isFeederEmpty(batch('sane_start: Document feeder out of documents'))).toBe(true);
    expect(isFeederEmpty(batch('sane_read: Document feeder jammed'))).toBe(false);
  });
});

describe('scannerError', () => {
  it('says what happened in Vietnamese first, names the device and the pages kept, says what to do', () => {
    const e = scannerError(batch('sane_read: Document feeder jammed'), {
      device: 'fujitsu:fi-7160:1',
      pagesDone: 2,
      exitCode: 6,
    });
    expect(e).toBeInstanceOf(ScannerError);
    expect(e.code).toBe('scanner.jammed');
    expect(e.retryable).toBe(true);
    expect(e.message).toMatch(/^Kẹt giấy trong khay nạp — fujitsu:fi-7160:1\. \/ Paper jam/);
    expect(e.message).toContain('Đã quét xong 2 trang');
    expect(e.message).toContain('scanimage: sane_read: Document feeder jammed');
    expect(e.hint).toMatch(/^Mở khay nạp, gỡ tờ bị kẹt/);
    expect(e.toJSON()).toMatchObject({ code: 'scanner.jammed' });
  });

  it('tells a power-cycled device to be looked up again', () => {
    const e = scannerError('scanimage: open of device test:9 failed: Invalid argument\n', {
      device: 'test:9',
      pagesDone: 0,
      exitCode: 1,
    });
    expect(e.code).toBe('scanner.device_gone');
    expect(e.message).not.toContain('Đã quét xong');
    expect(e.hint).toContain('sohoa-agent devices');
  });

  it('names the option a device refused', () => {
    const e = scannerError('scanimage: setting of option --mode failed (Invalid argument)\n', {
      device: 'test',
      pagesDone: 0,
      exitCode: 1,
    });
    expect(e.code).toBe('scanner.option_invalid');
    expect(e.message).toContain('(--mode)');
    expect(e.retryable).toBe(false);
  });

  it('keeps an unknown failure with its text and exit code', () => {
    const e = scannerError('scanimage: sane_read: Wibble\n', {
      device: 'x',
      pagesDone: 0,
      exitCode: 42,
    });
    expect(e.code).toBe('scanner.failed');
    expect(e.message).toContain('mã thoát 42');
    expect(e.message).toContain('Wibble');
  });
});
