import { deflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { inspectPdf } from './pdf.js';
import { bufferSource } from './types.js';

/** Numbered objects laid out one after the other behind a header, with their offsets. */
function body(objects: readonly string[], start = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n') {
  let text = start;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(text, 'latin1'));
    text += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  return { text, offsets };
}

function xrefTable(offsets: readonly number[], first = 0): string {
  const rows = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  return first === 0
    ? `xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n${rows}`
    : `xref\n${first} ${offsets.length}\n${rows}`;
}

/** A classic PDF: catalogue, page tree root with `count` kids, the pages. */
function classicPdf(count: number, o: { startxrefDelta?: number; declaredCount?: number } = {}) {
  const kids = Array.from({ length: count }, (_, i) => `${i + 3} 0 R`).join(' ');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${o.declaredCount ?? count} >>`,
    ...Array.from(
      { length: count },
      () => '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    ),
  ];
  const { text, offsets } = body(objects);
  const xrefAt = Buffer.byteLength(text, 'latin1');
  const trailer = `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt + (o.startxrefDelta ?? 0)}\n%%EOF\n`;
  return Buffer.from(text + xrefTable(offsets) + trailer, 'latin1');
}

async function pdfLib(pages: number, useObjectStreams: boolean): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([595, 842]);
  return Buffer.from(await doc.save({ useObjectStreams }));
}

/**
 * A PDF 1.5 file whose catalogue and page tree sit in object stream 3, found through a
 * cross-reference stream compressed with the PNG Up predictor.
 */
function objectStreamPdf(o: { objStmData?: Buffer; encrypt?: boolean } = {}): Buffer {
  const inner = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 4 >>'];
  const header = `1 0 2 ${inner[0]?.length ?? 0} `;
  const plain = Buffer.from(`${header}${inner.join(' ')}`, 'latin1');
  const objStm = o.objStmData ?? deflateSync(plain);
  let text = '%PDF-1.5\n';
  const stmAt = text.length;
  text += `3 0 obj\n<< /Type /ObjStm /N 2 /First ${header.length} /Filter /FlateDecode /Length ${objStm.length} >>\nstream\n`;
  const parts: Buffer[] = [
    Buffer.from(text, 'latin1'),
    objStm,
    Buffer.from('\nendstream\nendobj\n'),
  ];
  const xrefAt = parts.reduce((n, b) => n + b.length, 0);
  // Rows: type (1 byte), field 2 (4 bytes), field 3 (2 bytes), for objects 0..4.
  const rows = [
    [0, 0, 0xffff],
    [2, 3, 0],
    [2, 3, 1],
    [1, stmAt, 0],
    [1, xrefAt, 0],
  ].map(([t, a, b]) => {
    const r = Buffer.alloc(7);
    r[0] = t ?? 0;
    r.writeUInt32BE(a ?? 0, 1);
    r.writeUInt16BE(b ?? 0, 5);
    return r;
  });
  // PNG "Up" filter on every row: each byte minus the byte above.
  const filtered = Buffer.concat(
    rows.map((r, i) => {
      const prev = rows[i - 1] ?? Buffer.alloc(7);
      return Buffer.concat([
        Buffer.from([2]),
        Buffer.from(r.map((v, k) => (v - (prev[k] ?? 0)) & 0xff)),
      ]);
    }),
  );
  const xref = deflateSync(filtered);
  const enc = o.encrypt === true ? ' /Encrypt << /Filter /Standard /V 4 /R 4 >>' : '';
  parts.push(
    Buffer.from(
      `4 0 obj\n<< /Type /XRef /Size 5 /W [1 4 2] /Root 1 0 R${enc} /Filter /FlateDecode ` +
        `/DecodeParms << /Predictor 12 /Columns 7 >> /Length ${xref.length} >>\nstream\n`,
      'latin1',
    ),
    xref,
    Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'),
  );
  return Buffer.concat(parts);
}

describe('inspectPdf', () => {
  it('counts pages through a classic cross-reference table', async () => {
    expect(await inspectPdf(bufferSource(classicPdf(3)))).toEqual({
      pageCount: 3,
      countSource: 'xref',
      encrypted: false,
    });
  });

  it('counts pages written by pdf-lib with and without object streams', async () => {
    for (const useObjectStreams of [true, false]) {
      const r = await inspectPdf(bufferSource(await pdfLib(7, useObjectStreams)));
      expect(r).toMatchObject({ pageCount: 7, countSource: 'xref' });
    }
  });

  it('follows a predicted cross-reference stream into an object stream', async () => {
    expect(await inspectPdf(bufferSource(objectStreamPdf()))).toMatchObject({
      pageCount: 4,
      countSource: 'xref',
    });
  });

  it('finds the page tree by scanning when startxref points nowhere useful', async () => {
    expect(await inspectPdf(bufferSource(classicPdf(5, { startxrefDelta: -37 })))).toMatchObject({
      pageCount: 5,
      countSource: 'scan',
    });
  });

  it('takes the page count of the newest incremental update', async () => {
    const base = classicPdf(2);
    const prevXref = Number(/startxref\n(\d+)/.exec(base.toString('latin1'))?.[1]);
    const update =
      '2 0 obj\n<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>\nendobj\n' +
      '5 0 obj\n<< /Type /Page /Parent 2 0 R >>\nendobj\n';
    const at2 = base.length;
    const at5 = at2 + update.indexOf('5 0 obj');
    const xrefAt = base.length + update.length;
    const tail =
      `xref\n2 1\n${String(at2).padStart(10, '0')} 00000 n \n5 1\n${String(at5).padStart(10, '0')} 00000 n \n` +
      `trailer\n<< /Size 6 /Root 1 0 R /Prev ${prevXref} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
    const pdf = Buffer.concat([base, Buffer.from(update + tail, 'latin1')]);
    expect(await inspectPdf(bufferSource(pdf))).toMatchObject({
      pageCount: 3,
      countSource: 'xref',
    });
  });

  it('says a PDF cut short is truncated', async () => {
    const pdf = await pdfLib(3, true);
    await expect(
      inspectPdf(bufferSource(pdf.subarray(0, Math.floor(pdf.length * 0.6)))),
    ).rejects.toMatchObject({
      code: 'upload.truncated',
      status: 422,
      message: expect.stringContaining('%%EOF') as unknown,
    });
  });

  it('refuses a header and %%EOF with nothing between (no page tree)', async () => {
    const pdf = Buffer.from('%PDF-1.3\nThis is not a valid PDF file\n%%EOF\n');
    await expect(inspectPdf(bufferSource(pdf))).rejects.toMatchObject({ code: 'upload.corrupt' });
  });

  it('refuses a page tree that declares no pages or absurdly many', async () => {
    await expect(
      inspectPdf(bufferSource(classicPdf(1, { declaredCount: 0 }))),
    ).rejects.toMatchObject({
      code: 'upload.corrupt',
    });
    await expect(
      inspectPdf(bufferSource(classicPdf(1, { declaredCount: 5_000_000 }))),
    ).rejects.toMatchObject({
      code: 'upload.corrupt',
    });
  });

  it('assumes 1 page, marked unknown, when an encrypted file hides its page tree', async () => {
    const hidden = Buffer.alloc(64, 0x5a); // what an encrypted object stream looks like to us
    expect(
      await inspectPdf(bufferSource(objectStreamPdf({ objStmData: hidden, encrypt: true }))),
    ).toEqual({
      pageCount: 1,
      countSource: 'assumed',
      encrypted: true,
    });
    await expect(
      inspectPdf(bufferSource(objectStreamPdf({ objStmData: hidden }))),
    ).rejects.toMatchObject({
      code: 'upload.corrupt',
    });
  });
});
