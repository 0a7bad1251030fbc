/**
 * The parameters of an IIIF Image API 3.0 image request (`{region}/{size}/{rotation}/{quality}.{format}`,
 * https://iiif.io/api/image/3.0/#4-image-requests): parsed from the URL without knowing the image,
 * then resolved against the image (resolve.ts). Pure: no I/O, no image library.
 */
import { HttpError } from '../../errors.js';

/** The parameter a request got wrong, named in `iiif.invalid` messages. */
export type IiifParam = 'region' | 'size' | 'rotation' | 'quality' | 'format';

const PARAM_NAMES: Record<IiifParam, string> = {
  region: 'vùng ảnh',
  size: 'kích thước',
  rotation: 'góc xoay',
  quality: 'chất lượng',
  format: 'định dạng',
};

const HINT =
  'Xem cú pháp tại https://iiif.io/api/image/3.0/#4-image-requests / ' +
  'See the syntax at https://iiif.io/api/image/3.0/#4-image-requests';

/**
 * 400 `iiif.invalid` naming the parameter and the value.
 *
 * @example
 * throw iiifInvalid('size', '0,', 'chiều rộng phải lớn hơn 0', 'the width must be above 0')
 */
export function iiifInvalid(param: IiifParam, value: string, vi: string, en: string): HttpError {
  return new HttpError(400, 'iiif.invalid', {
    message: `Tham số ${param} (${PARAM_NAMES[param]}) "${value}" không hợp lệ: ${vi} / Invalid ${param} "${value}": ${en}`,
    hint: HINT,
  });
}

/** 501 `iiif.unsupported`: a well-formed request for a feature this server does not offer. */
export function iiifUnsupported(
  param: IiifParam,
  value: string,
  vi: string,
  en: string,
): HttpError {
  return new HttpError(501, 'iiif.unsupported', {
    message: `Tham số ${param} (${PARAM_NAMES[param]}) "${value}" chưa được hỗ trợ: ${vi} / Unsupported ${param} "${value}": ${en}`,
    hint: HINT,
  });
}

export type Region =
  | { readonly kind: 'full' }
  | { readonly kind: 'square' }
  | {
      readonly kind: 'px' | 'pct';
      readonly x: number;
      readonly y: number;
      readonly w: number;
      readonly h: number;
    };

export type Size = { readonly upscale: boolean } & (
  | { readonly kind: 'max' }
  | { readonly kind: 'w'; readonly w: number }
  | { readonly kind: 'h'; readonly h: number }
  | { readonly kind: 'pct'; readonly n: number }
  | { readonly kind: 'wh' | 'confined'; readonly w: number; readonly h: number }
);

export type QuarterTurn = 0 | 90 | 180 | 270;
export const QUALITIES = ['default', 'color', 'gray', 'bitonal'] as const;
export type Quality = (typeof QUALITIES)[number];
export const FORMATS = ['jpg', 'png', 'webp'] as const;
export type Format = (typeof FORMATS)[number];

/** Media types of the formats served. */
export const MEDIA_TYPES: Record<Format, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

/** Formats the IIIF spec names that this server does not produce (501, not 400). */
const KNOWN_FORMATS = new Set(['tif', 'gif', 'pdf', 'jp2']);

export interface ImageRequest {
  readonly region: Region;
  readonly size: Size;
  /** Clockwise; `mirror` flips horizontally before turning */
  readonly rotation: { readonly degrees: QuarterTurn; readonly mirror: boolean };
  readonly quality: Quality;
  readonly format: Format;
}

/** The four path segments after the identifier, as they came in (already percent-decoded). */
export interface ImageRequestPath {
  readonly region: string;
  readonly size: string;
  readonly rotation: string;
  /** `{quality}.{format}` */
  readonly file: string;
}

const INT_RE = /^\d+$/;
const DEC_RE = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

function int(param: IiifParam, raw: string, part: string): number {
  const n = Number(part);
  if (!INT_RE.test(part) || !Number.isSafeInteger(n)) {
    throw iiifInvalid(
      param,
      raw,
      `"${part}" không phải số nguyên không âm`,
      `"${part}" is not a non-negative integer`,
    );
  }
  return n;
}

function dec(param: IiifParam, raw: string, part: string): number {
  const n = Number(part);
  if (!DEC_RE.test(part) || !Number.isFinite(n)) {
    throw iiifInvalid(
      param,
      raw,
      `"${part}" không phải số thập phân không âm`,
      `"${part}" is not a non-negative decimal number`,
    );
  }
  return n;
}

function four(param: IiifParam, raw: string, body: string, num: typeof int): number[] {
  const parts = body.split(',');
  if (parts.length !== 4) {
    throw iiifInvalid(param, raw, 'cần đúng 4 số x,y,w,h', 'expected exactly 4 numbers x,y,w,h');
  }
  return parts.map((p) => num(param, raw, p));
}

/** `full`, `square`, `x,y,w,h` or `pct:x,y,w,h`. Throws `iiif.invalid` (400). */
export function parseRegion(raw: string): Region {
  if (raw === 'full' || raw === 'square') return { kind: raw };
  const pct = raw.startsWith('pct:');
  const [x = 0, y = 0, w = 0, h = 0] = four(
    'region',
    raw,
    pct ? raw.slice(4) : raw,
    pct ? dec : int,
  );
  if (w === 0 || h === 0) {
    throw iiifInvalid(
      'region',
      raw,
      'chiều rộng và chiều cao phải lớn hơn 0',
      'width and height must be above 0',
    );
  }
  return { kind: pct ? 'pct' : 'px', x, y, w, h };
}

/**
 * `max`, `w,`, `,h`, `pct:n`, `w,h`, `!w,h`, each optionally after `^` (upscaling allowed).
 * Throws `iiif.invalid` (400).
 */
export function parseSize(raw: string): Size {
  const upscale = raw.startsWith('^');
  const body = upscale ? raw.slice(1) : raw;
  if (body === 'max') return { upscale, kind: 'max' };
  const positive = (n: number, what: [string, string]): number => {
    if (n === 0)
      throw iiifInvalid('size', raw, `${what[0]} phải lớn hơn 0`, `${what[1]} must be above 0`);
    return n;
  };
  const W: [string, string] = ['chiều rộng', 'the width'];
  const H: [string, string] = ['chiều cao', 'the height'];
  if (body.startsWith('pct:')) {
    const n = positive(dec('size', raw, body.slice(4)), ['phần trăm', 'the percentage']);
    if (n > 100 && !upscale) {
      throw iiifInvalid(
        'size',
        raw,
        'trên 100% cần tiền tố ^',
        'more than 100% needs the ^ prefix',
      );
    }
    return { upscale, kind: 'pct', n };
  }
  const confined = body.startsWith('!');
  const parts = (confined ? body.slice(1) : body).split(',');
  if (parts.length !== 2) {
    throw iiifInvalid(
      'size',
      raw,
      'cần max, w,  ,h  pct:n  w,h  hoặc !w,h',
      'expected max, w,  ,h  pct:n  w,h  or !w,h',
    );
  }
  const [ws = '', hs = ''] = parts;
  if (ws === '' && hs === '') {
    throw iiifInvalid(
      'size',
      raw,
      'thiếu cả chiều rộng và chiều cao',
      'both width and height are missing',
    );
  }
  if (hs === '' && !confined) return { upscale, kind: 'w', w: positive(int('size', raw, ws), W) };
  if (ws === '' && !confined) return { upscale, kind: 'h', h: positive(int('size', raw, hs), H) };
  if (ws === '' || hs === '') {
    throw iiifInvalid('size', raw, '!w,h cần cả hai số', '!w,h needs both numbers');
  }
  const w = positive(int('size', raw, ws), W);
  const h = positive(int('size', raw, hs), H);
  return { upscale, kind: confined ? 'confined' : 'wh', w, h };
}

/**
 * `n` or `!n` (mirrored first) for n in 0, 90, 180, 270 (360 reads as 0). Other angles from 0 to
 * 360 throw `iiif.unsupported` (501), anything else `iiif.invalid` (400).
 */
export function parseRotation(raw: string): ImageRequest['rotation'] {
  const mirror = raw.startsWith('!');
  const body = mirror ? raw.slice(1) : raw;
  const n = dec('rotation', raw, body);
  if (n > 360) {
    throw iiifInvalid(
      'rotation',
      raw,
      'góc phải từ 0 đến 360',
      'the angle must be between 0 and 360',
    );
  }
  const degrees = n % 360;
  if (degrees !== 0 && degrees !== 90 && degrees !== 180 && degrees !== 270) {
    throw iiifUnsupported(
      'rotation',
      raw,
      'chỉ xoay được 0, 90, 180, 270 độ',
      'only 0, 90, 180 and 270 degrees are offered',
    );
  }
  return { degrees, mirror };
}

/** `{quality}.{format}`. Throws `iiif.invalid` (400), or `iiif.unsupported` (501) for tif, gif, pdf, jp2. */
export function parseQualityFormat(raw: string): { quality: Quality; format: Format } {
  const dot = raw.lastIndexOf('.');
  const quality = dot < 0 ? raw : raw.slice(0, dot);
  const format = dot < 0 ? '' : raw.slice(dot + 1);
  if (!(QUALITIES as readonly string[]).includes(quality)) {
    throw iiifInvalid(
      'quality',
      quality,
      `cần một trong ${QUALITIES.join(', ')}`,
      `expected one of ${QUALITIES.join(', ')}`,
    );
  }
  if (KNOWN_FORMATS.has(format)) {
    throw iiifUnsupported(
      'format',
      format,
      `chỉ có ${FORMATS.join(', ')}`,
      `only ${FORMATS.join(', ')} are offered`,
    );
  }
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw iiifInvalid(
      'format',
      format,
      `cần một trong ${FORMATS.join(', ')}`,
      `expected one of ${FORMATS.join(', ')}`,
    );
  }
  return { quality: quality as Quality, format: format as Format };
}

/**
 * All four segments. Throws the first problem found, in URL order.
 *
 * @example
 * parseImageRequest({ region: 'pct:0,0,50,50', size: '!512,512', rotation: '!90', file: 'gray.png' })
 */
export function parseImageRequest(p: ImageRequestPath): ImageRequest {
  const region = parseRegion(p.region);
  const size = parseSize(p.size);
  const rotation = parseRotation(p.rotation);
  return { region, size, rotation, ...parseQualityFormat(p.file) };
}
