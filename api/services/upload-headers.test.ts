import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestFromHeader, fileNameFromHeader } from './upload-headers.js';

const sha = createHash('sha256').update('sohoa').digest();

describe('digestFromHeader', () => {
  it('finds the sha-256 member among others (RFC 9530 dictionary)', () => {
    const b64 = sha.toString('base64');
    expect(digestFromHeader(`sha-256=:${b64}:`)).toBe(sha.toString('hex'));
    expect(
      digestFromHeader(`sha-512=:${Buffer.alloc(64).toString('base64')}:, sha-256=:${b64}:`),
    ).toBe(sha.toString('hex'));
  });

  it('refuses a header without a 32-byte sha-256 member', () => {
    for (const bad of [
      'sha-256=abc',
      `sha-512=:${sha.toString('base64')}:`,
      `sha-256=:${sha.toString('hex')}:`,
    ]) {
      expect(() => digestFromHeader(bad)).toThrow(
        expect.objectContaining({ code: 'upload.digest_invalid', status: 400 }),
      );
    }
  });
});

describe('fileNameFromHeader', () => {
  it('decodes, keeps only the base name, normalises to NFC and drops control characters', () => {
    const decomposed = 'Trang số 1.tif'.normalize('NFD');
    expect(fileNameFromHeader(encodeURIComponent(`C:\\scan\\${decomposed}`))).toBe(
      'Trang số 1.tif'.normalize('NFC'),
    );
    expect(fileNameFromHeader(encodeURIComponent('a\u0000b\u001f.png'))).toBe('ab.png');
    expect(fileNameFromHeader(undefined)).toBeUndefined();
    expect(fileNameFromHeader('%20')).toBeUndefined();
  });

  it('refuses broken percent-encoding', () => {
    expect(() => fileNameFromHeader('%E0%A4%A')).toThrow(
      expect.objectContaining({ code: 'upload.bad_file_name' }),
    );
  });
});
