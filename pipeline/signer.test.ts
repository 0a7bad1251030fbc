import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { loadSigner } from './signer.js';
import { createDevelopmentP12 } from './stages/pdfa/signing-identity.js';

const BASE = {
  p12Path: null,
  password: '',
  organization: null,
  fallbackOrganization: 'Lưu trữ lịch sử tỉnh Hưng Yên',
  reason: 'Số hóa tài liệu lưu trữ',
  location: null,
  allowDevelopmentCertificate: true,
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sohoa-signer-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadSigner', () => {
  it('reads the archive certificate, showing its O unless SIGNING_ORGANIZATION says otherwise', async () => {
    const file = join(dir, 'archive.p12');
    await writeFile(file, createDevelopmentP12('Trung tâm Lưu trữ lịch sử tỉnh', 's3cret'));
    const a = await loadSigner({ ...BASE, p12Path: file, password: 's3cret' }, null);
    expect(a.organization).toBe('Trung tâm Lưu trữ lịch sử tỉnh');
    const b = await loadSigner(
      { ...BASE, p12Path: file, password: 's3cret', organization: 'Sở Nội vụ tỉnh Hưng Yên' },
      null,
    );
    expect(b.organization).toBe('Sở Nội vụ tỉnh Hưng Yên');
    expect(b.certificate.equals(a.certificate)).toBe(true);
  });

  it('names a certificate file that is not there', async () => {
    await expect(
      loadSigner({ ...BASE, p12Path: join(dir, 'missing.p12') }, null),
    ).rejects.toMatchObject({ code: 'sign.p12_missing' });
  });

  it('refuses a development certificate in production', async () => {
    await expect(
      loadSigner({ ...BASE, allowDevelopmentCertificate: false }, join(dir, 'dev.p12')),
    ).rejects.toBeInstanceOf(ConfigError);
  });

  it('creates one development certificate that every process naming the same path shares', async () => {
    const path = join(dir, 'signing', 'dev-signing.p12');
    const all = await Promise.all([1, 2, 3].map(() => loadSigner(BASE, path)));
    for (const id of all) {
      expect(id.development).toBe(true);
      expect(id.organization).toBe(BASE.fallbackOrganization);
      expect(id.certificate.equals(all[0]!.certificate)).toBe(true);
    }
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const later = await loadSigner(BASE, path);
    expect(later.certificate.equals(all[0]!.certificate)).toBe(true);
  });
});
