import { describe, expect, it } from 'vitest';
import { ByteLru } from './byte-lru.js';
import { imageInfo, scaleFactors } from './info.js';

describe('imageInfo', () => {
  it('describes an A4 page at 300 dpi with tiles down to one tile and sizes smallest first', () => {
    const info = imageInfo('https://h/iiif/3/p~v', 2480, 3508);
    expect(info).toMatchObject({
      '@context': 'http://iiif.io/api/image/3/context.json',
      id: 'https://h/iiif/3/p~v',
      type: 'ImageService3',
      protocol: 'http://iiif.io/api/image',
      profile: 'level2',
      width: 2480,
      height: 3508,
      tiles: [{ width: 512, scaleFactors: [1, 2, 4, 8] }],
      extraQualities: ['color', 'gray', 'bitonal'],
      extraFormats: ['webp'],
    });
    expect(info.sizes).toEqual([
      { width: 310, height: 439 },
      { width: 620, height: 877 },
      { width: 1240, height: 1754 },
      { width: 2480, height: 3508 },
    ]);
  });

  it('needs one scale factor for an image that fits in a tile', () => {
    expect(scaleFactors(512, 300)).toEqual([1]);
    expect(scaleFactors(513, 300)).toEqual([1, 2]);
  });
});

describe('ByteLru', () => {
  it('drops the least recently used values to stay within its bytes', () => {
    const lru = new ByteLru<Buffer>(10, (b) => b.length);
    lru.set('a', Buffer.alloc(4));
    lru.set('b', Buffer.alloc(4));
    expect(lru.get('a')).toBeDefined(); // a is now the most recent
    lru.set('c', Buffer.alloc(4));
    expect([
      lru.get('a') !== undefined,
      lru.get('b') !== undefined,
      lru.get('c') !== undefined,
    ]).toEqual([true, false, true]);
    expect(lru.bytes).toBe(8);
    lru.set('huge', Buffer.alloc(11));
    expect(lru.get('huge')).toBeUndefined();
    expect(lru.bytes).toBe(8);
  });

  it('loads a key once for concurrent callers and retries after a failure', async () => {
    const lru = new ByteLru<Buffer>(100, (b) => b.length);
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 5));
      return Buffer.alloc(3);
    };
    const all = await Promise.all([1, 2, 3].map(() => lru.getOrLoad('k', load)));
    expect(loads).toBe(1);
    expect(all[0]).toBe(all[2]);
    await expect(lru.getOrLoad('bad', () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(await lru.getOrLoad('bad', load)).toHaveLength(3);
  });
});
