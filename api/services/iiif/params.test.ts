import { describe, expect, it } from 'vitest';
import { HttpError } from '../../errors.js';
import {
  parseImageRequest,
  parseQualityFormat,
  parseRegion,
  parseRotation,
  parseSize,
  type ImageRequestPath,
} from './params.js';
import { canonicalPath, resolveImageRequest } from './resolve.js';

/** The HttpError `fn` throws. */
function thrown(fn: () => unknown): HttpError {
  try {
    fn();
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error('expected an error');
}

const A4 = { width: 2480, height: 3508 };

const resolve = (p: Partial<ImageRequestPath>, image = A4) => {
  const path = { region: 'full', size: 'max', rotation: '0', file: 'default.jpg', ...p };
  return resolveImageRequest(parseImageRequest(path), image, path);
};

describe('parseRegion', () => {
  it('reads every form', () => {
    expect(parseRegion('full')).toEqual({ kind: 'full' });
    expect(parseRegion('square')).toEqual({ kind: 'square' });
    expect(parseRegion('10,20,300,400')).toEqual({ kind: 'px', x: 10, y: 20, w: 300, h: 400 });
    expect(parseRegion('pct:10,20.5,30,.5')).toEqual({
      kind: 'pct',
      x: 10,
      y: 20.5,
      w: 30,
      h: 0.5,
    });
  });

  it.each([
    ['', 'cần đúng 4 số'],
    ['10,20,30', 'expected exactly 4 numbers'],
    ['10,20,30,40,50', 'exactly 4'],
    ['-1,0,10,10', '"-1" is not a non-negative integer'],
    ['1.5,0,10,10', '"1.5" is not a non-negative integer'],
    ['0,0,0,10', 'width and height must be above 0'],
    ['pct:0,0,10,0', 'width and height must be above 0'],
    ['pct:a,0,10,10', '"a" is not a non-negative decimal'],
    ['pct:1e2,0,10,10', '"1e2" is not a non-negative decimal'],
    ['Full', 'exactly 4'],
    ['0x10,0,10,10', 'not a non-negative integer'],
  ])('refuses %j', (raw, text) => {
    const err = thrown(() => parseRegion(raw));
    expect(err.code).toBe('iiif.invalid');
    expect(err.status).toBe(400);
    expect(err.message).toContain(`Tham số region (vùng ảnh) "${raw}" không hợp lệ`);
    expect(err.message).toContain(`/ Invalid region "${raw}"`);
    expect(err.message).toContain(text);
  });
});

describe('parseSize', () => {
  it('reads every form, with and without ^', () => {
    expect(parseSize('max')).toEqual({ upscale: false, kind: 'max' });
    expect(parseSize('^max')).toEqual({ upscale: true, kind: 'max' });
    expect(parseSize('160,')).toEqual({ upscale: false, kind: 'w', w: 160 });
    expect(parseSize('^160,')).toEqual({ upscale: true, kind: 'w', w: 160 });
    expect(parseSize(',160')).toEqual({ upscale: false, kind: 'h', h: 160 });
    expect(parseSize('^,160')).toEqual({ upscale: true, kind: 'h', h: 160 });
    expect(parseSize('pct:12.5')).toEqual({ upscale: false, kind: 'pct', n: 12.5 });
    expect(parseSize('^pct:150')).toEqual({ upscale: true, kind: 'pct', n: 150 });
    expect(parseSize('200,100')).toEqual({ upscale: false, kind: 'wh', w: 200, h: 100 });
    expect(parseSize('^200,100')).toEqual({ upscale: true, kind: 'wh', w: 200, h: 100 });
    expect(parseSize('!200,100')).toEqual({ upscale: false, kind: 'confined', w: 200, h: 100 });
    expect(parseSize('^!200,100')).toEqual({ upscale: true, kind: 'confined', w: 200, h: 100 });
  });

  it.each([
    ['', 'expected max'],
    ['full', 'expected max'],
    [',', 'both width and height are missing'],
    ['0,', 'the width must be above 0'],
    [',0', 'the height must be above 0'],
    ['pct:0', 'the percentage must be above 0'],
    ['pct:101', 'more than 100% needs the ^ prefix'],
    ['!200,', '!w,h needs both numbers'],
    ['!,200', '!w,h needs both numbers'],
    ['1,2,3', 'expected max'],
    ['-5,', 'not a non-negative integer'],
    ['^^max', 'expected max'],
    ['!^200,100', 'not a non-negative integer'],
  ])('refuses %j', (raw, text) => {
    const err = thrown(() => parseSize(raw));
    expect(err.code).toBe('iiif.invalid');
    expect(err.message).toContain(`Tham số size (kích thước) "${raw}"`);
    expect(err.message).toContain(text);
  });
});

describe('parseRotation', () => {
  it('reads quarter turns and mirroring', () => {
    expect(parseRotation('0')).toEqual({ degrees: 0, mirror: false });
    expect(parseRotation('90')).toEqual({ degrees: 90, mirror: false });
    expect(parseRotation('!180')).toEqual({ degrees: 180, mirror: true });
    expect(parseRotation('270.0')).toEqual({ degrees: 270, mirror: false });
    expect(parseRotation('360')).toEqual({ degrees: 0, mirror: false });
  });

  it('refuses malformed angles (400) and answers other angles as not implemented (501)', () => {
    for (const raw of ['', '!', '-90', 'ninety', '450', '!!90']) {
      const err = thrown(() => parseRotation(raw));
      expect(err.code, raw).toBe('iiif.invalid');
      expect(err.message).toContain('Tham số rotation (góc xoay)');
    }
    const err = thrown(() => parseRotation('45'));
    expect([err.code, err.status]).toEqual(['iiif.unsupported', 501]);
    expect(err.message).toContain('only 0, 90, 180 and 270 degrees');
  });
});

describe('parseQualityFormat', () => {
  it('reads every quality and format', () => {
    for (const q of ['default', 'color', 'gray', 'bitonal'] as const) {
      for (const f of ['jpg', 'png', 'webp'] as const) {
        expect(parseQualityFormat(`${q}.${f}`)).toEqual({ quality: q, format: f });
      }
    }
  });

  it('names the quality or the format that is wrong', () => {
    const q = thrown(() => parseQualityFormat('grey.jpg'));
    expect(q.code).toBe('iiif.invalid');
    expect(q.message).toContain('Tham số quality (chất lượng) "grey"');
    expect(q.message).toContain('expected one of default, color, gray, bitonal');
    const f = thrown(() => parseQualityFormat('default.jpeg'));
    expect(f.message).toContain('Tham số format (định dạng) "jpeg"');
    expect(thrown(() => parseQualityFormat('default')).message).toContain('format');
    const tif = thrown(() => parseQualityFormat('default.tif'));
    expect([tif.code, tif.status]).toEqual(['iiif.unsupported', 501]);
  });

  it('reports the first bad parameter in URL order', () => {
    const err = thrown(() =>
      parseImageRequest({ region: 'full', size: '0,', rotation: '45', file: 'x.y' }),
    );
    expect(err.message).toContain('Tham số size');
  });
});

describe('resolveImageRequest', () => {
  it('resolves regions in pixels of the image', () => {
    expect(resolve({}).region).toEqual({ left: 0, top: 0, width: 2480, height: 3508 });
    expect(resolve({ region: 'square' }).region).toEqual({
      left: 0,
      top: 514,
      width: 2480,
      height: 2480,
    });
    expect(resolve({ region: 'square' }, { width: 300, height: 100 }).region).toEqual({
      left: 100,
      top: 0,
      width: 100,
      height: 100,
    });
    expect(resolve({ region: '2048,3072,512,512' }).region).toEqual({
      left: 2048,
      top: 3072,
      width: 432,
      height: 436,
    });
    expect(resolve({ region: 'pct:50,25,50,50' }).region).toEqual({
      left: 1240,
      top: 877,
      width: 1240,
      height: 1754,
    });
    expect(resolve({ region: 'pct:90,90,20,20' }).region).toEqual({
      left: 2232,
      top: 3157,
      width: 248,
      height: 351,
    });
  });

  it('refuses a region outside the image', () => {
    for (const region of ['2480,0,10,10', '0,3508,10,10', 'pct:100,0,10,10']) {
      const err = thrown(() => resolve({ region }));
      expect(err.code).toBe('iiif.invalid');
      expect(err.message).toContain(`Tham số region (vùng ảnh) "${region}"`);
      expect(err.message).toContain('outside the 2480×3508 image');
    }
  });

  it('scales keeping the aspect ratio, or as asked', () => {
    const size = (s: string, region = 'full') => {
      const r = resolve({ size: s, region });
      return [r.width, r.height];
    };
    expect(size('max')).toEqual([2480, 3508]);
    expect(size('^max')).toEqual([2480, 3508]);
    expect(size('160,')).toEqual([160, 226]);
    expect(size(',160')).toEqual([113, 160]);
    expect(size('pct:25')).toEqual([620, 877]);
    expect(size('100,100')).toEqual([100, 100]);
    expect(size('!500,500')).toEqual([353, 500]);
    expect(size('!5000,5000')).toEqual([2480, 3508]);
    expect(size('^!5000,5000')).toEqual([3535, 5000]);
    expect(size('^4960,')).toEqual([4960, 7016]);
    expect(size('^pct:200')).toEqual([4960, 7016]);
    expect(size('^,600', '0,0,100,200')).toEqual([300, 600]);
    expect(size('256,256', '0,0,512,512')).toEqual([256, 256]);
  });

  it('refuses to upscale without ^, and empty or huge results', () => {
    for (const s of ['2481,', ',3509', '2481,100', '100,3509']) {
      const err = thrown(() => resolve({ size: s }));
      expect(err.message, s).toContain(`Tham số size (kích thước) "${s}"`);
      expect(err.message).toContain('larger than the 2480×3508 region; prefix ^ to upscale');
    }
    expect(thrown(() => resolve({ size: 'pct:0.01' })).message).toContain('has no pixels');
    expect(thrown(() => resolve({ size: '^pct:10000' })).message).toContain('exceeds');
  });

  it('writes the canonical form', () => {
    const canon = (p: Partial<ImageRequestPath>) => canonicalPath(resolve(p), A4);
    expect(canon({})).toBe('full/max/0/default.jpg');
    expect(canon({ region: 'pct:0,0,100,100', size: '2480,' })).toBe('full/max/0/default.jpg');
    expect(
      canon({ region: '0,0,512,512', size: '!256,256', rotation: '!90', file: 'gray.png' }),
    ).toBe('0,0,512,512/256,256/!90/gray.png');
  });
});
