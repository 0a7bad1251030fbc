/**
 * An IIIF image request resolved against one image: the region and size in pixels (what the
 * URL's percentages, `square`, `!w,h` and `^` come to), and the canonical form. Pure.
 */
import {
  iiifInvalid,
  type ImageRequest,
  type Format,
  type ImageRequestPath,
  type Quality,
  type Region,
  type Size,
} from './params.js';

export interface Box {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** A request in pixels of one image. */
export interface ResolvedRequest {
  /** The part of the image to take */
  readonly region: Box;
  /** Its size once scaled, before turning */
  readonly width: number;
  readonly height: number;
  readonly rotation: ImageRequest['rotation'];
  readonly quality: Quality;
  readonly format: Format;
}

/** The largest image served (width × height, before turning), so `^` cannot ask for gigapixels. */
export const MAX_OUTPUT_PIXELS = 100_000_000;

function resolveRegion(r: Region, raw: string, W: number, H: number): Box {
  switch (r.kind) {
    case 'full':
      return { left: 0, top: 0, width: W, height: H };
    case 'square': {
      const s = Math.min(W, H);
      return { left: Math.floor((W - s) / 2), top: Math.floor((H - s) / 2), width: s, height: s };
    }
    case 'px':
    case 'pct': {
      const [x0, y0, x1, y1] =
        r.kind === 'px'
          ? [r.x, r.y, r.x + r.w, r.y + r.h]
          : [
              (r.x * W) / 100,
              (r.y * H) / 100,
              ((r.x + r.w) * W) / 100,
              ((r.y + r.h) * H) / 100,
            ].map(Math.round);
      const left = x0 ?? 0;
      const top = y0 ?? 0;
      const width = Math.min(W, x1 ?? 0) - left;
      const height = Math.min(H, y1 ?? 0) - top;
      if (width <= 0 || height <= 0) {
        throw iiifInvalid(
          'region',
          raw,
          `vùng nằm ngoài ảnh ${W}×${H}`,
          `the region lies outside the ${W}×${H} image`,
        );
      }
      return { left, top, width, height };
    }
  }
}

function resolveSize(
  s: Size,
  raw: string,
  rw: number,
  rh: number,
): { width: number; height: number } {
  const refuseUpscale = (): never => {
    throw iiifInvalid(
      'size',
      raw,
      `lớn hơn vùng ${rw}×${rh}; muốn phóng to thì thêm tiền tố ^`,
      `larger than the ${rw}×${rh} region; prefix ^ to upscale`,
    );
  };
  let width: number;
  let height: number;
  switch (s.kind) {
    case 'max':
      [width, height] = [rw, rh];
      break;
    case 'w':
      if (s.w > rw && !s.upscale) refuseUpscale();
      [width, height] = [s.w, Math.round((rh * s.w) / rw)];
      break;
    case 'h':
      if (s.h > rh && !s.upscale) refuseUpscale();
      [width, height] = [Math.round((rw * s.h) / rh), s.h];
      break;
    case 'pct':
      [width, height] = [Math.round((rw * s.n) / 100), Math.round((rh * s.n) / 100)];
      break;
    case 'wh':
      if ((s.w > rw || s.h > rh) && !s.upscale) refuseUpscale();
      [width, height] = [s.w, s.h];
      break;
    case 'confined': {
      const scale = Math.min(s.w / rw, s.h / rh, s.upscale ? Infinity : 1);
      [width, height] = [
        Math.min(s.w, Math.round(rw * scale)),
        Math.min(s.h, Math.round(rh * scale)),
      ];
      break;
    }
  }
  if (width < 1 || height < 1) {
    throw iiifInvalid(
      'size',
      raw,
      `ảnh kết quả ${width}×${height} không có điểm ảnh nào`,
      `the result ${width}×${height} has no pixels`,
    );
  }
  if (width * height > MAX_OUTPUT_PIXELS) {
    throw iiifInvalid(
      'size',
      raw,
      `${width}×${height} vượt quá ${MAX_OUTPUT_PIXELS} điểm ảnh`,
      `${width}×${height} exceeds ${MAX_OUTPUT_PIXELS} pixels`,
    );
  }
  return { width, height };
}

/**
 * The request in pixels of an image of `image.width` × `image.height`. Throws `iiif.invalid` (400)
 * for a region outside the image, a size larger than the region without `^`, or an empty result.
 * `path` supplies the raw values for messages.
 */
export function resolveImageRequest(
  req: ImageRequest,
  image: { readonly width: number; readonly height: number },
  path: Pick<ImageRequestPath, 'region' | 'size'>,
): ResolvedRequest {
  const region = resolveRegion(req.region, path.region, image.width, image.height);
  const size = resolveSize(req.size, path.size, region.width, region.height);
  return { region, ...size, rotation: req.rotation, quality: req.quality, format: req.format };
}

/**
 * The canonical form of a resolved request (https://iiif.io/api/image/3.0/#47-canonical-uri-syntax):
 * `full` or `x,y,w,h`; `max` or `w,h`; `n` or `!n`; `quality.format`.
 */
export function canonicalPath(
  r: ResolvedRequest,
  image: { readonly width: number; readonly height: number },
): string {
  const { left, top, width, height } = r.region;
  const full = left === 0 && top === 0 && width === image.width && height === image.height;
  const region = full ? 'full' : `${left},${top},${width},${height}`;
  const max = r.width === width && r.height === height;
  const size = max ? 'max' : `${r.width},${r.height}`;
  const rotation = `${r.rotation.mirror ? '!' : ''}${r.rotation.degrees}`;
  return `${region}/${size}/${rotation}/${r.quality}.${r.format}`;
}
