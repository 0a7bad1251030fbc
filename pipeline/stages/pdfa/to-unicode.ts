/**
 * Character ids of the text layer and the ToUnicode CMap that turns them back into text.
 *
 * Every distinct code point of a document gets its own CID (1, 2, 3… in order of first use), all
 * drawn with the one empty glyph of the glyphless font. The ToUnicode CMap maps each CID to its
 * code point (a surrogate pair outside the BMP), so copying, searching and `pdftotext` give back
 * exactly the OCR text, Vietnamese or not. pdf-lib writes ToUnicode maps only for the fonts it
 * embeds itself, from their own cmap, so this one is written here.
 */
import { StageError } from '../../../core/errors.js';

/** CIDs are two bytes under Identity-H; CID 0 is left to `.notdef`. */
const MAX_CID = 0xffff;

/** Assigns CIDs to code points as text is added. One per document. */
export class CidAllocator {
  private readonly byCodePoint = new Map<number, number>();
  private readonly codePoints: number[] = [0];

  /** The CIDs of `text`, one per code point, as big-endian hex for a `<…> Tj` string. */
  encode(text: string): string {
    let hex = '';
    for (const ch of text) {
      const raw = ch.codePointAt(0) as number;
      // A lone surrogate has no Unicode value to map back to.
      const cp = raw >= 0xd800 && raw <= 0xdfff ? 0xfffd : raw;
      let cid = this.byCodePoint.get(cp);
      if (cid === undefined) {
        cid = this.codePoints.length;
        if (cid > MAX_CID) {
          throw new StageError('pdfa.too_many_characters', {
            message: `Văn bản có hơn ${MAX_CID} ký tự khác nhau, lớp chữ không mã hóa được / The text has more than ${MAX_CID} distinct characters, the text layer cannot encode them`,
            retryable: false,
          });
        }
        this.byCodePoint.set(cp, cid);
        this.codePoints.push(cp);
      }
      hex += cid.toString(16).padStart(4, '0');
    }
    return hex;
  }

  /** Highest CID handed out (0 when none). */
  get maxCid(): number {
    return this.codePoints.length - 1;
  }

  /** The ToUnicode CMap program for every CID handed out. */
  toUnicodeCMap(): string {
    const entries: string[] = [];
    for (let cid = 1; cid < this.codePoints.length; cid++) {
      const cp = this.codePoints[cid] as number;
      entries.push(`<${hex4(cid)}> <${utf16Hex(cp)}>`);
    }
    const chunks: string[] = [];
    // A bfchar section holds at most 100 entries (PDF 32000-1, 9.10.3).
    for (let i = 0; i < entries.length; i += 100) {
      const part = entries.slice(i, i + 100);
      chunks.push(`${part.length} beginbfchar\n${part.join('\n')}\nendbfchar`);
    }
    return [
      '/CIDInit /ProcSet findresource begin',
      '12 dict begin',
      'begincmap',
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
      '/CMapName /Adobe-Identity-UCS def',
      '/CMapType 2 def',
      '1 begincodespacerange',
      '<0000> <FFFF>',
      'endcodespacerange',
      ...chunks,
      'endcmap',
      'CMapName currentdict /CMap defineresource pop',
      'end',
      'end',
      '',
    ].join('\n');
  }

  /** CIDToGIDMap stream contents: CID 0 → glyph 0, every other CID → glyph 1. */
  cidToGidMap(): Buffer {
    const map = Buffer.alloc(2 * (this.maxCid + 1));
    for (let cid = 1; cid <= this.maxCid; cid++) map.writeUInt16BE(1, 2 * cid);
    return map;
  }
}

const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');

function utf16Hex(cp: number): string {
  if (cp < 0x10000) return hex4(cp);
  const v = cp - 0x10000;
  return hex4(0xd800 + (v >> 10)) + hex4(0xdc00 + (v & 0x3ff));
}
