/**
 * Reads the chunk list of a PNG without inflating it. sharp reports 72 dpi for a PNG that has no
 * pHYs chunk, which cannot be told apart from a real 72 dpi tag, and libpng reports a cut-short
 * file only as "read error"; walking the chunks answers both.
 */

export interface PngLayout {
  /** Size declared by IHDR (0 when there is no IHDR) */
  readonly width: number;
  readonly height: number;
  /** Pixels per inch from pHYs when its unit is the metre, else null */
  readonly dpiX: number | null;
  readonly dpiY: number | null;
  /** Set when a chunk runs past the end of the file or IEND is missing */
  readonly truncatedAt: {
    readonly chunk: string;
    readonly offset: number;
    readonly end: number;
  } | null;
  readonly fileLength: number;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Walks the chunks of the PNG in `bytes`; null when the bytes are not a PNG. Never throws. */
export function readPngLayout(bytes: Buffer): PngLayout | null {
  if (bytes.length < 8 || !bytes.subarray(0, 8).equals(SIGNATURE)) return null;
  let dpiX: number | null = null;
  let dpiY: number | null = null;
  let width = 0;
  let height = 0;
  let offset = 8;
  while (offset + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (end > bytes.length) {
      return {
        width,
        height,
        dpiX,
        dpiY,
        truncatedAt: { chunk: type, offset, end },
        fileLength: bytes.length,
      };
    }
    if (type === 'IHDR' && length >= 8) {
      width = bytes.readUInt32BE(offset + 8);
      height = bytes.readUInt32BE(offset + 12);
    }
    if (type === 'pHYs' && length >= 9 && bytes[offset + 16] === 1) {
      dpiX = bytes.readUInt32BE(offset + 8) * 0.0254;
      dpiY = bytes.readUInt32BE(offset + 12) * 0.0254;
    }
    if (type === 'IEND') {
      return { width, height, dpiX, dpiY, truncatedAt: null, fileLength: bytes.length };
    }
    offset = end;
  }
  return {
    width,
    height,
    dpiX,
    dpiY,
    truncatedAt: { chunk: 'IEND', offset, end: offset + 12 },
    fileLength: bytes.length,
  };
}
