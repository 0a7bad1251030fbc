import { describe, expect, it } from 'vitest';
import { blobDir, incomingDir, loadApiConfig } from './config.js';

describe('loadApiConfig', () => {
  it('has working defaults for one machine and resolves paths against the working directory', () => {
    const c = loadApiConfig({}, '/srv/sohoa');
    expect(c).toMatchObject({
      redis: { url: 'redis://127.0.0.1:6379', prefix: 'sohoa' },
      dataDir: '/srv/sohoa/data',
      http: { host: '0.0.0.0', port: 3000 },
      upload: { maxBytes: 1024 ** 3, maxPixels: 250_000_000 },
      uiDir: '/srv/sohoa/review-ui/dist',
    });
    expect(blobDir(c.dataDir)).toBe('/srv/sohoa/data/blobs');
    expect(incomingDir(c.dataDir)).toBe('/srv/sohoa/data/incoming');
  });

  it('reports every invalid variable at once', () => {
    let message = '';
    try {
      loadApiConfig({
        PORT: 'eighty',
        REDIS_PREFIX: 'a:b',
        UPLOAD_MAX_BYTES: '-1',
        ARCHIVE_CODE: 'far too long code',
      });
    } catch (err) {
      expect(err).toMatchObject({ code: 'config.invalid' });
      message = (err as Error).message;
    }
    for (const name of ['PORT', 'REDIS_PREFIX', 'UPLOAD_MAX_BYTES', 'ARCHIVE_CODE']) {
      expect(message).toContain(`  ${name}:`);
    }
  });

  it('reads numbers and flags from their text', () => {
    const c = loadApiConfig({
      PORT: '8080',
      LOG_PRETTY: 'yes',
      UPLOAD_MAX_PIXELS: '50000000',
      DATA_DIR: '/var/lib/sohoa',
    });
    expect([c.http.port, c.log.pretty, c.upload.maxPixels, c.dataDir]).toEqual([
      8080,
      true,
      50_000_000,
      '/var/lib/sohoa',
    ]);
  });
});
