/**
 * How fast the api's IIIF service cuts viewer tiles: a rendered A4 page at 300 dpi stored as a
 * grey JPEG (what the pipeline keeps), decoded once, then every 512-pixel tile at full
 * resolution encoded as JPEG, one after the other; and one 160-pixel thumbnail from the file.
 */
import sharp from 'sharp';
import { TILE_SIZE } from '../api/services/iiif/info.js';
import type { ResolvedRequest } from '../api/services/iiif/resolve.js';
import {
  decodePage,
  renderFromDecoded,
  renderFromEncoded,
  turnedSize,
} from '../api/services/iiif/render.js';
import { ADMIN_FIRST_PAGE, renderPage } from '../tests/fixtures/render.js';

const request = (
  region: ResolvedRequest['region'],
  width: number,
  height: number,
): ResolvedRequest => ({
  region,
  width,
  height,
  rotation: { degrees: 0, mirror: false },
  quality: 'default',
  format: 'jpg',
});

/** One line for the bench's progress output: decode time, tiles per second, thumbnail time. */
export async function iiifTilesLine(): Promise<string> {
  const page = await renderPage({ lines: ADMIN_FIRST_PAGE, dpi: 300 });
  const jpeg = await sharp(page.png).jpeg({ quality: 90 }).toBuffer();
  const full = await turnedSize(jpeg, 0);

  let t = performance.now();
  const decoded = await decodePage(jpeg, 0);
  const decodeMs = performance.now() - t;

  t = performance.now();
  let tiles = 0;
  for (let top = 0; top < full.height; top += TILE_SIZE) {
    for (let left = 0; left < full.width; left += TILE_SIZE) {
      const width = Math.min(TILE_SIZE, full.width - left);
      const height = Math.min(TILE_SIZE, full.height - top);
      await renderFromDecoded(decoded, request({ left, top, width, height }, width, height));
      tiles++;
    }
  }
  const tilesPerSecond = tiles / ((performance.now() - t) / 1000);

  t = performance.now();
  const thumbHeight = 160;
  const thumbWidth = Math.round((full.width * thumbHeight) / full.height);
  const whole = { left: 0, top: 0, width: full.width, height: full.height };
  await renderFromEncoded(jpeg, 0, full, request(whole, thumbWidth, thumbHeight));
  const thumbMs = performance.now() - t;

  return (
    `iiif: A4 300 dpi ${full.width}×${full.height}: giải mã / decode ${decodeMs.toFixed(0)} ms, ` +
    `${tiles} ô / tiles ${TILE_SIZE}px jpg: ${tilesPerSecond.toFixed(0)} ô/giây / tiles/s, ` +
    `ảnh nhỏ / thumbnail ,${thumbHeight}: ${thumbMs.toFixed(0)} ms`
  );
}
