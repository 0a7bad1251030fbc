import { describe, expect, it } from 'vitest';
import { CONTENT_DIGEST_RE, DossierCode, OpenBatchBody } from './contracts.js';

describe('DossierCode', () => {
  it('trims and normalises to NFC before checking', () => {
    const nfd = ' HS.Hưng Yên.01 '.normalize('NFD');
    expect(DossierCode.parse(nfd)).toBe('HS.Hưng Yên.01'.normalize('NFC'));
    expect(DossierCode.safeParse('x'.repeat(100)).success).toBe(true);
  });

  it("refuses empty codes, '/', control characters and more than 100 characters", () => {
    for (const bad of ['', '  ', 'A/B', 'A\tB', 'A\u0085B', 'x'.repeat(101)]) {
      expect(DossierCode.safeParse(bad).success).toBe(false);
    }
  });
});

describe('OpenBatchBody', () => {
  it('refuses unknown fields so that typos do not pass silently', () => {
    expect(OpenBatchBody.safeParse({ dossierCode: 'A', expectedPage: 3 }).success).toBe(false);
  });
});

describe('CONTENT_DIGEST_RE', () => {
  it('accepts parameters after the member and rejects a short digest', () => {
    const b64 = Buffer.alloc(32, 7).toString('base64');
    expect(CONTENT_DIGEST_RE.test(`sha-256=:${b64}:;foo=1`)).toBe(true);
    expect(CONTENT_DIGEST_RE.test(`sha-256=:${Buffer.alloc(16).toString('base64')}:`)).toBe(false);
  });
});
