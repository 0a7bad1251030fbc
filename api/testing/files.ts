/**
 * Small scan files built in code for the api tests (the api may not load image libraries): a grey
 * PNG, a multi-page uncompressed TIFF, a PDF with N pages, and a PNG header claiming any size.
 */
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const PNG_SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function ihdr(width: number, height: number): Buffer {
  const d = Buffer.alloc(13);
  d.writeUInt32BE(width, 0);
  d.writeUInt32BE(height, 4);
  d[8] = 8; // bit depth
  d[9] = 0; // grey
  return chunk('IHDR', d);
}

/** A grey PNG whose pixels depend on `seed`, so different seeds give different files. */
export function grayPng(width: number, height: number, seed = 0): Buffer {
  const rows = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      rows[y * (width + 1) + 1 + x] = (x * 7 + y * 3 + seed * 31) & 0xff;
  }
  return Buffer.concat([
    PNG_SIG,
    ihdr(width, height),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Signature and IHDR only: what a client sends first of a huge PNG. */
export const pngHeaderOnly = (width: number, height: number): Buffer =>
  Buffer.concat([PNG_SIG, ihdr(width, height)]);

/** An uncompressed grey TIFF with `pages` directories of width × height, one strip each. */
export function multiPageTiff(pages: number, width: number, height: number): Buffer {
  const entries = 8;
  const ifdSize = 2 + entries * 12 + 4;
  const pageBytes = width * height;
  const parts: Buffer[] = [];
  const header = Buffer.alloc(8);
  header.write('II', 0, 'latin1');
  header.writeUInt16LE(42, 2);
  header.writeUInt32LE(8, 4);
  parts.push(header);
  let at = 8;
  for (let p = 0; p < pages; p++) {
    const ifd = Buffer.alloc(ifdSize);
    const dataAt = at + ifdSize;
    const next = p + 1 < pages ? dataAt + pageBytes : 0;
    const tags: [number, number, number][] = [
      [256, 4, width],
      [257, 4, height],
      [258, 3, 8],
      [259, 3, 1],
      [262, 3, 1],
      [273, 4, dataAt],
      [278, 4, height],
      [279, 4, pageBytes],
    ];
    ifd.writeUInt16LE(entries, 0);
    tags.forEach(([tag, type, value], i) => {
      const o = 2 + i * 12;
      ifd.writeUInt16LE(tag, o);
      ifd.writeUInt16LE(type, o + 2);
      ifd.writeUInt32LE(1, o + 4);
      if (type === 3) ifd.writeUInt16LE(value, o + 8);
      else ifd.writeUInt32LE(value, o + 8);
    });
    ifd.writeUInt32LE(next, 2 + entries * 12);
    parts.push(ifd, Buffer.alloc(pageBytes, (p * 40) & 0xff));
    at = dataAt + pageBytes;
  }
  return Buffer.concat(parts);
}

/** A PDF with `pages` empty pages and a classic cross-reference table. */
export function simplePdf(pages: number): Buffer {
  const kids = Array.from({ length: pages }, (_, i) => `${i + 3} 0 R`).join(' ');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`,
    ...Array.from(
      { length: pages },
      () => '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    ),
  ];
  let text = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(text.length);
    text += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xrefAt = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  text += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}
