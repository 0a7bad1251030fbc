/**
 * The IIIF Image API 3.0 image information document (info.json) of one page. Pure.
 */
import { FORMATS, QUALITIES } from './params.js';

/** Tile edge in pixels; OpenSeadragon asks for tiles of this size at each scale factor. */
export const TILE_SIZE = 512;

export interface ImageInfo {
  readonly '@context': 'http://iiif.io/api/image/3/context.json';
  readonly id: string;
  readonly type: 'ImageService3';
  readonly protocol: 'http://iiif.io/api/image';
  readonly profile: 'level2';
  readonly width: number;
  readonly height: number;
  readonly tiles: readonly { readonly width: number; readonly scaleFactors: readonly number[] }[];
  readonly sizes: readonly { readonly width: number; readonly height: number }[];
  readonly extraQualities: readonly string[];
  readonly extraFormats: readonly string[];
  readonly extraFeatures: readonly string[];
}

/** Powers of two from 1 up to the first at which the whole image fits in one tile. */
export function scaleFactors(width: number, height: number, tile = TILE_SIZE): number[] {
  const out = [1];
  for (let sf = 1; Math.ceil(width / sf) > tile || Math.ceil(height / sf) > tile;) {
    sf *= 2;
    out.push(sf);
  }
  return out;
}

/**
 * info.json for an image of `width` × `height` served at `id` (absolute URL, no trailing slash).
 * `sizes` lists the whole image at each scale factor, smallest first; `extraFormats` and
 * `extraFeatures` name what this server adds to level 2 (webp; mirroring and upscaling).
 *
 * @example
 * imageInfo('https://sohoa.example/iiif/3/6f1c…', 2480, 3508)
 */
export function imageInfo(id: string, width: number, height: number): ImageInfo {
  const factors = scaleFactors(width, height);
  return {
    '@context': 'http://iiif.io/api/image/3/context.json',
    id,
    type: 'ImageService3',
    protocol: 'http://iiif.io/api/image',
    profile: 'level2',
    width,
    height,
    tiles: [{ width: TILE_SIZE, scaleFactors: factors }],
    sizes: factors
      .map((sf) => ({ width: Math.ceil(width / sf), height: Math.ceil(height / sf) }))
      .reverse(),
    extraQualities: QUALITIES.filter((q) => q !== 'default'),
    extraFormats: FORMATS.filter((f) => f !== 'jpg' && f !== 'png'),
    extraFeatures: ['mirroring', 'sizeUpscaling'],
  };
}
