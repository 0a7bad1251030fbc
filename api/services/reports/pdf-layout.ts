/**
 * A small flowing layout on A4 for the reports: paragraphs that wrap, headings, and tables whose
 * cells wrap and whose header repeats on each page, in Tinos (Times New Roman metrics, Vietnamese
 * letters) with the margins of Nghị định 30/2020 (top and bottom 20 mm, left 30 mm, right 15 mm).
 *
 * By hand over pdf-lib because no maintained npm package lays out tables on top of it; pdf-lib
 * writes the objects and the fonts' ToUnicode maps (so `pdftotext` gives the Vietnamese text
 * back). The fonts are cut to the characters the document uses by HarfBuzz (subset-font) and
 * embedded whole, as the signature block does, because pdf-lib's own subsetting drops glyphs of
 * this font.
 *
 * Just over 300 lines: the writer (pages, wrapping, tables with repeated headers) reads best whole.
 */
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import subsetFont from 'subset-font';
import { tinos, type TinosWeight } from '../../../core/fonts/tinos.js';

const MM = 72 / 25.4;
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;

export type Align = 'left' | 'center' | 'right';

/** What the document says, in order. */
export type Block =
  | { kind: 'lines'; lines: readonly Line[] }
  | {
      kind: 'paragraph';
      text: string;
      size?: number;
      weight?: TinosWeight;
      align?: Align;
      indent?: number;
    }
  | { kind: 'space'; pt: number }
  | {
      kind: 'table';
      columns: readonly TableColumn[];
      rows: readonly (readonly string[])[];
      size?: number;
    }
  | { kind: 'columns'; left: readonly Line[]; right: readonly Line[] };

export interface Line {
  readonly text: string;
  readonly size?: number;
  readonly weight?: TinosWeight;
  readonly align?: Align;
}

export interface TableColumn {
  readonly label: string;
  /** Share of the content width */
  readonly width: number;
  readonly align?: Align;
}

/** Every text of `blocks`, to cut the fonts to. */
function textsOf(blocks: readonly Block[]): string[] {
  return blocks.flatMap((b) => {
    switch (b.kind) {
      case 'lines':
        return b.lines.map((l) => l.text);
      case 'paragraph':
        return [b.text];
      case 'space':
        return [];
      case 'table':
        return [...b.columns.map((c) => c.label), ...b.rows.flat()];
      case 'columns':
        return [...b.left, ...b.right].map((l) => l.text);
    }
  });
}

/** Splits `text` into lines no wider than `width` (words longer than a line are cut). */
export function wrap(text: string, width: number, measure: (s: string) => number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter((w) => w !== '')) {
      const next = line === '' ? word : `${line} ${word}`;
      if (measure(next) <= width) {
        line = next;
        continue;
      }
      if (line !== '') out.push(line);
      line = word;
      while (measure(line) > width && line.length > 1) {
        let cut = line.length - 1;
        while (cut > 1 && measure(line.slice(0, cut)) > width) cut--;
        out.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    out.push(line);
  }
  return out;
}

class Writer {
  private page!: PDFPage;
  private y = 0;
  readonly pages: PDFPage[] = [];

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: Record<TinosWeight, PDFFont>,
  ) {
    this.newPage();
  }

  private newPage(): void {
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.pages.push(this.page);
    this.y = PAGE.height - MARGIN.top;
  }

  private ensure(height: number): void {
    if (this.y - height < MARGIN.bottom) this.newPage();
  }

  width(text: string, size: number, weight: TinosWeight = 'regular'): number {
    return this.fonts[weight].widthOfTextAtSize(text, size);
  }

  private draw(text: string, x: number, width: number, o: Required<Omit<Line, 'text'>>): void {
    const w = this.width(text, o.size, o.weight);
    const dx = o.align === 'center' ? (width - w) / 2 : o.align === 'right' ? width - w : 0;
    this.page.drawText(text, { x: x + dx, y: this.y, size: o.size, font: this.fonts[o.weight] });
  }

  lines(lines: readonly Line[], x = MARGIN.left, width = CONTENT_WIDTH): void {
    for (const l of lines) {
      const o = { size: l.size ?? 13, weight: l.weight ?? 'regular', align: l.align ?? 'left' };
      for (const part of wrap(l.text, width, (s) => this.width(s, o.size, o.weight))) {
        this.ensure(o.size * 1.3);
        this.y -= o.size * 1.15;
        this.draw(part, x, width, o);
        this.y -= o.size * 0.15;
      }
    }
  }

  /** Two blocks side by side: the issuing organ (left) and the national motto (right). */
  columns(left: readonly Line[], right: readonly Line[]): void {
    const top = this.y;
    const split = CONTENT_WIDTH * 0.42;
    this.lines(left, MARGIN.left, split);
    const leftEnd = this.y;
    this.y = top;
    this.lines(right, MARGIN.left + split, CONTENT_WIDTH - split);
    this.y = Math.min(this.y, leftEnd);
  }

  space(pt: number): void {
    this.y -= pt;
  }

  table(columns: readonly TableColumn[], rows: readonly (readonly string[])[], size = 11): void {
    const pad = 3;
    const lineH = size * 1.25;
    const xs: number[] = [];
    let x = MARGIN.left;
    for (const c of columns) {
      xs.push(x);
      x += c.width * CONTENT_WIDTH;
    }
    const cellLines = (cells: readonly string[], weight: TinosWeight) =>
      columns.map((c, i) =>
        wrap(cells[i] ?? '', c.width * CONTENT_WIDTH - 2 * pad, (s) => this.width(s, size, weight)),
      );
    const drawRow = (cells: readonly string[], weight: TinosWeight, header: boolean) => {
      const wrapped = cellLines(cells, weight);
      const h = Math.max(...wrapped.map((l) => l.length)) * lineH + 2 * pad;
      const top = this.y;
      if (header) {
        this.page.drawRectangle({
          x: MARGIN.left,
          y: top - h,
          width: CONTENT_WIDTH,
          height: h,
          color: rgb(0.9, 0.9, 0.9),
        });
      }
      for (const [i, c] of columns.entries()) {
        const cx = xs[i] ?? MARGIN.left;
        const cw = c.width * CONTENT_WIDTH;
        this.page.drawRectangle({
          x: cx,
          y: top - h,
          width: cw,
          height: h,
          borderColor: rgb(0.3, 0.3, 0.3),
          borderWidth: 0.5,
        });
        let ly = top - pad - size;
        for (const part of wrapped[i] ?? []) {
          const w = this.width(part, size, weight);
          const align = header ? 'center' : (c.align ?? 'left');
          const dx = align === 'center' ? (cw - w) / 2 : align === 'right' ? cw - pad - w : pad;
          this.page.drawText(part, { x: cx + dx, y: ly, size, font: this.fonts[weight] });
          ly -= lineH;
        }
      }
      this.y = top - h;
      return h;
    };
    const headerHeight = () =>
      Math.max(
        ...cellLines(
          columns.map((c) => c.label),
          'bold',
        ).map((l) => l.length),
      ) *
        lineH +
      2 * pad;
    this.ensure(headerHeight() + lineH * 2);
    drawRow(
      columns.map((c) => c.label),
      'bold',
      true,
    );
    for (const r of rows) {
      const h = Math.max(...cellLines(r, 'regular').map((l) => l.length)) * lineH + 2 * pad;
      if (this.y - h < MARGIN.bottom) {
        this.newPage();
        drawRow(
          columns.map((c) => c.label),
          'bold',
          true,
        );
      }
      drawRow(r, 'regular', false);
    }
  }

  footer(label: (n: number, total: number) => string): void {
    for (const [i, p] of this.pages.entries()) {
      const text = label(i + 1, this.pages.length);
      const w = this.width(text, 10);
      p.drawText(text, {
        x: (PAGE.width - w) / 2,
        y: MARGIN.bottom / 2,
        size: 10,
        font: this.fonts.regular,
      });
    }
  }
}

/**
 * The PDF of `blocks`, with `footer(n, total)` centred at the bottom of each page and `title` in
 * the document information.
 */
export async function renderPdf(
  blocks: readonly Block[],
  o: { title: string; author: string; footer: (n: number, total: number) => string; created: Date },
): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(o.title);
  doc.setAuthor(o.author);
  doc.setProducer('sohoa');
  doc.setCreationDate(o.created);
  doc.setModificationDate(o.created);
  doc.setLanguage('vi-VN');
  const chars = [...new Set([...textsOf(blocks).join(''), ...'Trang0123456789/ '])].join('');
  const embed = async (w: TinosWeight) =>
    doc.embedFont(await subsetFont(tinos(w), chars), { subset: false });
  const fonts = {
    regular: await embed('regular'),
    bold: await embed('bold'),
    italic: await embed('italic'),
  };
  const w = new Writer(doc, fonts);
  for (const b of blocks) {
    switch (b.kind) {
      case 'lines':
        w.lines(b.lines);
        break;
      case 'paragraph':
        w.lines(
          [
            {
              text: b.text,
              size: b.size ?? 13,
              weight: b.weight ?? 'regular',
              align: b.align ?? 'left',
            },
          ],
          MARGIN.left + (b.indent ?? 0),
          CONTENT_WIDTH - (b.indent ?? 0),
        );
        break;
      case 'space':
        w.space(b.pt);
        break;
      case 'table':
        w.table(b.columns, b.rows, b.size);
        break;
      case 'columns':
        w.columns(b.left, b.right);
        break;
    }
  }
  w.footer(o.footer);
  return Buffer.from(await doc.save());
}
