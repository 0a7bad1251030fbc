/**
 * A reviewer's extra quarter turn of a prepared page: the image turned clockwise with sharp and the
 * OCR word and line boxes moved with it, so the PDF's invisible text stays on the printed words.
 * The OCR text itself does not change (the words were read on the upright image; only their
 * places on the page move).
 */
import sharp from 'sharp';
import { StageError } from '../../core/errors.js';
import type { Box, OcrResult, PreparedPage } from '../domain.js';

/** Clockwise quarter turns a reviewer may add (`page.review_rotation`). */
export type QuarterTurn = 0 | 90 | 180 | 270;

export interface QuarterTurnInput {
  readonly page: PreparedPage;
  /** Boxes in `page`'s pixels */
  readonly ocr: OcrResult | null;
  readonly turnDeg: QuarterTurn;
  /** JPEG quality when a JPEG page is encoded again (PDF_JPEG_QUALITY) */
  readonly jpegQuality: number;
  /** Names the page in errors */
  readonly label: string;
}

export interface QuarterTurnOutput {
  readonly page: PreparedPage;
  readonly ocr: OcrResult | null;
}

/**
 * Turns `page` clockwise by `turnDeg` and moves its OCR boxes with it.
 *
 * Expects `ocr` in the image's pixels. Guarantees: width/height and the x/y resolutions swap on a
 * 90° or 270° turn; the encoding keeps its kind (bilevel pages stay 1-bit PNG, grey and colour
 * PNGs stay lossless, JPEGs are encoded again at `jpegQuality`, the one loss a turn costs);
 * a turn of 0 returns the input as it is. Deterministic for the same input.
 *
 * Throws `turn.angle_invalid` for anything but a quarter turn and `turn.image_unreadable` when
 * sharp cannot read the image (both not retryable).
 *
 * @example
 * const { page, ocr } = await quarterTurn({ page: prepared, ocr, turnDeg: 90, jpegQuality: 80,
 *   label: `page ${pageId}` });
 */
export async function quarterTurn(input: QuarterTurnInput): Promise<QuarterTurnOutput> {
  const { page, ocr, turnDeg } = input;
  if (turnDeg === 0) return { page, ocr };
  if (turnDeg !== 90 && turnDeg !== 180 && turnDeg !== 270) {
    throw new StageError('turn.angle_invalid', {
      message: `${input.label}: góc xoay ${String(turnDeg)}° không phải bội số của 90° / turn of ${String(turnDeg)}° is not a quarter turn`,
      retryable: false,
    });
  }
  const sideways = turnDeg !== 180;
  const density = Math.max(1, Math.round(sideways ? page.dpi.y : page.dpi.x));
  let encoded: Buffer;
  try {
    const turned = sharp(page.encoded).rotate(turnDeg);
    encoded =
      page.mediaType === 'image/jpeg'
        ? await (page.colorMode === 'rgb' ? turned : turned.toColourspace('b-w'))
            .jpeg({ quality: clampQuality(input.jpegQuality), mozjpeg: true })
            .withDensity(density)
            .toBuffer()
        : page.colorMode === 'bilevel'
          ? await turned
              .png({ palette: true, colours: 2, dither: 0, compressionLevel: 9 })
              .withDensity(density)
              .toBuffer()
          : await (page.colorMode === 'rgb' ? turned : turned.toColourspace('b-w'))
              .png({ compressionLevel: 9 })
              .withDensity(density)
              .toBuffer();
  } catch (err) {
    throw new StageError('turn.image_unreadable', {
      message: `${input.label}: không đọc được ảnh để xoay / the image cannot be read to turn it (${err instanceof Error ? err.message : String(err)})`,
      retryable: false,
      cause: err,
    });
  }
  const turnedPage: PreparedPage = {
    ...page,
    encoded,
    width: sideways ? page.height : page.width,
    height: sideways ? page.width : page.height,
    dpi: sideways ? { ...page.dpi, x: page.dpi.y, y: page.dpi.x } : page.dpi,
  };
  return { page: turnedPage, ocr: ocr === null ? null : turnOcr(ocr, page, turnDeg) };
}

/** The OCR boxes of a `size` image, as they lie once the image is turned clockwise by `deg`. */
export function turnOcr(
  ocr: OcrResult,
  size: { readonly width: number; readonly height: number },
  deg: 90 | 180 | 270,
): OcrResult {
  const move = (b: Box): Box => turnBox(b, size, deg);
  const sideways = deg !== 180;
  return {
    ...ocr,
    width: sideways ? ocr.height : ocr.width,
    height: sideways ? ocr.width : ocr.height,
    words: ocr.words.map((w) => ({ ...w, bbox: move(w.bbox) })),
    lines: ocr.lines.map((l) => ({ ...l, bbox: move(l.bbox) })),
  };
}

/**
 * One box turned clockwise with its `size` image. A point (x, y) goes to (H − y, x) at 90°,
 * (W − x, H − y) at 180° and (y, W − x) at 270°; the box's corners are sorted again after.
 */
export function turnBox(
  b: Box,
  size: { readonly width: number; readonly height: number },
  deg: 90 | 180 | 270,
): Box {
  const W = size.width;
  const H = size.height;
  switch (deg) {
    case 90:
      return { x0: H - b.y1, y0: b.x0, x1: H - b.y0, y1: b.x1 };
    case 180:
      return { x0: W - b.x1, y0: H - b.y1, x1: W - b.x0, y1: H - b.y0 };
    case 270:
      return { x0: b.y0, y0: W - b.x1, x1: b.y1, y1: W - b.x0 };
  }
}

const clampQuality = (q: number): number => Math.min(100, Math.max(1, Math.round(q)));
