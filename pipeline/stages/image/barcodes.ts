/**
 * Barcodes on a page, read by ZXing-C++ compiled to WebAssembly (zxing-wasm). Separator sheets
 * carry `PATCHT` as Code 39 (the Kodak sheet, the corpus' variant A), as Code 128 or as a QR code
 * (paperless-ngx's sheets); ZXing reads all three, skewed or upside down.
 *
 * zxing-wasm fetches its .wasm from a CDN unless told otherwise: the binary is read here from the
 * installed package, so nothing is fetched at run time. One module per process (or thread), made
 * on first use.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import type { Plane } from '../raster.js';

/** A symbol read on a page. */
export interface Barcode {
  /** ZXing's name of the symbology, e.g. `Code39`, `QRCode` */
  readonly format: string;
  readonly text: string;
}

/** The symbologies a separator sheet is printed with. */
const FORMATS: ReaderOptions['formats'] = ['Code39', 'Code128', 'QRCode'];

let ready: Promise<unknown> | null = null;

function loadModule(): Promise<unknown> {
  ready ??= (async () => {
    const path = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
    const bytes = await readFile(path);
    const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    return prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
  })().catch((err: unknown) => {
    ready = null;
    throw err;
  });
  return ready;
}

/**
 * The separator symbologies (Code 39, Code 128, QR) ZXing reads on the grey plane `plane`, in
 * any direction, at most `max` of them. Only valid symbols (check characters and error correction
 * passed) are returned. Rejects only if the WebAssembly module cannot be loaded.
 */
export async function readSeparatorCodes(plane: Plane, max = 4): Promise<Barcode[]> {
  await loadModule();
  const { width, height, data } = plane;
  // ZXing takes RGBA; it reduces it back to luminance itself.
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 0; i < data.length; i++, j += 4) {
    const v = data[i]!;
    rgba[j] = v;
    rgba[j + 1] = v;
    rgba[j + 2] = v;
    rgba[j + 3] = 255;
  }
  const image = { data: rgba, width, height, colorSpace: 'srgb' } as unknown as ImageData;
  const found = await readBarcodes(image, {
    formats: FORMATS,
    tryHarder: true,
    tryRotate: true,
    tryInvert: false,
    tryDownscale: true,
    maxNumberOfSymbols: max,
  });
  return found.filter((r) => r.isValid).map((r) => ({ format: r.format, text: r.text }));
}
