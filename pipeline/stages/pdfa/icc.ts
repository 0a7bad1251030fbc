/**
 * The sRGB ICC profile of the PDF/A output intent.
 *
 * Source: the sRGB profile built into libvips, which the installed `sharp` package carries in its
 * prebuilt binary (`withIccProfile('srgb')`): an ICC v4.2 "sRGB" profile, 480 bytes, released
 * under CC0 (its `cprt` tag). It is read back from a 1×1 image that sharp tags with it, so no file
 * or network access is involved and the bytes follow the installed sharp version.
 */
import sharp from 'sharp';
import { StageError } from '../../../core/errors.js';

let cached: Promise<Buffer> | null = null;

/**
 * The sRGB profile bytes (checked to be an RGB display-class ICC profile). Throws
 * `pdfa.icc_unavailable` (not retryable: the installation is broken) when sharp returns none.
 */
export function srgbProfile(): Promise<Buffer> {
  cached ??= load().catch((err: unknown) => {
    cached = null;
    throw err;
  });
  return cached;
}

async function load(): Promise<Buffer> {
  const tagged = await sharp({
    create: { width: 1, height: 1, channels: 3, background: '#ffffff' },
  })
    .withIccProfile('srgb')
    .png()
    .toBuffer();
  const icc = (await sharp(tagged).metadata()).icc;
  const ok =
    icc !== undefined &&
    icc.length >= 132 &&
    icc.toString('latin1', 36, 40) === 'acsp' &&
    icc.toString('latin1', 16, 20) === 'RGB ';
  if (!ok) {
    throw new StageError('pdfa.icc_unavailable', {
      message:
        'sharp không trả về hồ sơ màu sRGB tích hợp của libvips / sharp did not return the sRGB profile built into libvips',
      hint: 'Cài lại gói sharp / Reinstall the sharp package',
      retryable: false,
    });
  }
  return icc;
}
