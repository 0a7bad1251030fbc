/**
 * PAdES baseline signature (ETSI EN 319 142-1, B-B level) of a finished PDF/A, as Thông tư
 * 05/2025 asks of a digitized record: the digitizing organization signs, the signature is shown at
 * the top right of page 1 with the organization's name and the signing time (ISO 8601, Vietnam
 * time) in a Times New Roman–compatible font at 10 pt, no seal image.
 *
 * The signature is appended as an incremental update: the PDF/A's bytes stay exactly as they were,
 * followed by the new objects (signature field and widget, its appearance and font, the signature
 * dictionary), a cross-reference section for them and a trailer pointing back at the original.
 * pdf-lib builds and serializes the objects but can only save a whole file, so the update is
 * written here. The CMS (detached, SHA-256, signed attributes content-type, message-digest and
 * ESS signing-certificate-v2; no signing-time attribute: PAdES puts the time in /M) is built
 * with PKI.js.
 */
import { createHash, webcrypto } from 'node:crypto';
import fontkit from '@pdf-lib/fontkit';
import * as asn1js from 'asn1js';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFString,
  type PDFObject,
  type PDFRef,
} from 'pdf-lib';
import * as pkijs from 'pkijs';
import subsetFont from 'subset-font';
import { StageError } from '../../../core/errors.js';
import { tinos } from '../../../core/fonts/tinos.js';
import type { SigningIdentity } from './signing-identity.js';

export interface SignOptions {
  /** The signing time: written to /M and shown on the page in Vietnam time */
  readonly signedAt: Date;
  /** /Reason, e.g. "Số hóa tài liệu lưu trữ" */
  readonly reason?: string;
  /** /Location, e.g. the archive's province */
  readonly location?: string;
  /**
   * What the block should not cover on page 1 (the OCR words), in points from the page's top-left
   * corner. The block moves up into the top margin to clear them when the margin allows.
   */
  readonly keepClearOf?: readonly { x0: number; y0: number; x1: number; y1: number }[];
}

/**
 * Slack (bytes) left in /Contents beyond the CMS a trial signature measured. Its size is fixed by
 * the certificates and the key (the digest and the RSA signature have fixed lengths), so the
 * reservation need not be the 8–16 KiB other signers leave empty in every file.
 */
const CONTENTS_SLACK = 64;
/** Font size of the visible block (points), as the circular asks. */
const FONT_PT = 10;
/** Distance of the block from the top and right edges of page 1 (points; 4 mm, in the margin). */
const EDGE_PT = (4 / 25.4) * 72;
/** Closest the block comes to the top edge when it moves up to clear the text (1.5 mm). */
const MIN_TOP_PT = (1.5 / 25.4) * 72;
/** The block is at most this share of the page width; longer names wrap. */
const MAX_WIDTH_SHARE = 0.45;
const VIETNAM_OFFSET_MIN = 7 * 60;

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

const engine = new pkijs.CryptoEngine({
  name: 'node',
  crypto: webcrypto as unknown as Crypto,
});

/**
 * Signs `pdf` (a complete PDF with a classic cross-reference table, as buildPdfA writes) for
 * `identity`, as an incremental update. Guarantees: the first `pdf.length` bytes of the result are
 * `pdf`; one signature field whose widget on page 1 shows the organization and the time; the
 * signature covers the whole file but its /Contents; SubFilter ETSI.CAdES.detached.
 * Throws StageError `sign.pdf_unreadable`, `sign.already_signed`, `sign.signature_too_large`
 * (not retryable).
 */
export async function signPdf(
  pdf: Buffer,
  identity: SigningIdentity,
  opts: SignOptions,
): Promise<Buffer> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false });
  } catch (cause) {
    throw new StageError('sign.pdf_unreadable', {
      message: `Không đọc được PDF để ký: ${String(cause)} / Cannot read the PDF to sign: ${String(cause)}`,
      retryable: false,
      cause,
    });
  }
  const ctx = doc.context;
  const catalog = doc.catalog;
  if (catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict) !== undefined) {
    throw new StageError('sign.already_signed', {
      message:
        'PDF đã có biểu mẫu hoặc chữ ký; chỉ ký PDF/A vừa tạo / The PDF already has a form or a signature; only a freshly built PDF/A is signed',
      retryable: false,
    });
  }
  const baseMax = ctx.largestObjectNumber;
  const rootRef = ctx.trailerInfo.Root as PDFRef;
  const page = doc.getPage(0);
  const pageRef = page.ref;

  const reserved = await reservedBytes(identity);
  const lines = blockLines(identity.organization, opts.signedAt);
  doc.registerFontkit(fontkit);
  // pdf-lib's own subsetting drops glyphs of this font (pages showed "gned" for "Signed by"), so
  // the font is cut to the block's characters by HarfBuzz and embedded whole.
  const font = await doc.embedFont(await subsetFont(tinos(), lines.join('')), { subset: false });
  const { width: pageW, height: pageH } = page.getSize();
  const maxW = pageW * MAX_WIDTH_SHARE;
  const wrapped = lines.flatMap((l) => wrap(l, maxW, (s) => font.widthOfTextAtSize(s, FONT_PT)));
  const lineH = FONT_PT * 1.2;
  const boxW = Math.min(
    maxW,
    Math.max(...wrapped.map((l) => font.widthOfTextAtSize(l, FONT_PT))) + 2,
  );
  const boxH = wrapped.length * lineH + 2;
  const x1 = pageW - EDGE_PT;
  const top = blockTop(x1 - boxW, x1, boxH, opts.keepClearOf ?? []);
  const y1 = pageH - top;
  const rect = [x1 - boxW, y1 - boxH, x1, y1].map(round2);
  const ops = wrapped
    .map((l, i) => {
      const y = boxH - 1 - (i + 1) * lineH + (lineH - FONT_PT) / 2 + FONT_PT * 0.22;
      return `1 0 0 1 1 ${round2(y)} Tm ${font.encodeText(l).toString()} Tj`;
    })
    .join('\n');
  const appearance = ctx.register(
    ctx.flateStream(`q 0 g BT /F1 ${FONT_PT} Tf\n${ops}\nET Q`, {
      Type: 'XObject',
      Subtype: 'Form',
      BBox: [0, 0, round2(boxW), round2(boxH)],
      Resources: { Font: { F1: font.ref } },
    }),
  );
  const sigRef = ctx.nextRef();
  const widget = ctx.register(
    ctx.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      T: PDFString.of('Signature1'),
      TU: PDFHexString.fromText(`Chữ ký số của ${identity.organization}`),
      F: 4,
      Rect: rect,
      P: pageRef,
      V: sigRef,
      AP: { N: appearance },
    }),
  );
  const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
  if (annots === undefined) page.node.set(PDFName.of('Annots'), ctx.obj([widget]));
  else annots.push(widget);
  catalog.set(PDFName.of('AcroForm'), ctx.obj({ Fields: [widget], SigFlags: 3 }));
  await doc.flush();

  // The update: every object made here, and the two changed ones (catalog, page 1).
  const changed = new Map<number, { gen: number; obj: PDFObject }>();
  for (const [ref, obj] of ctx.enumerateIndirectObjects()) {
    if (ref.objectNumber > baseMax || ref === rootRef || ref === pageRef) {
      changed.set(ref.objectNumber, { gen: ref.generationNumber, obj });
    }
  }
  const base = pdf[pdf.length - 1] === 0x0a ? pdf : Buffer.concat([pdf, Buffer.from('\n')]);
  const parts: Buffer[] = [];
  const offsets = new Map<number, { gen: number; at: number }>();
  let at = base.length;
  const push = (b: Buffer): void => {
    parts.push(b);
    at += b.length;
  };
  for (const [num, { gen, obj }] of [...changed].sort((a, b) => a[0] - b[0])) {
    offsets.set(num, { gen, at });
    const body = new Uint8Array(obj.sizeInBytes());
    obj.copyBytesInto(body, 0);
    push(Buffer.concat([Buffer.from(`${num} ${gen} obj\n`), body, Buffer.from('\nendobj\n')]));
  }
  // The signature dictionary, written by hand so that /ByteRange and /Contents sit at known places.
  offsets.set(sigRef.objectNumber, { gen: 0, at });
  const byteRangeSlot = `/ByteRange [0 ${'0'.repeat(10)} ${'0'.repeat(10)} ${'0'.repeat(10)}]`;
  const sigHead =
    `${sigRef.objectNumber} 0 obj\n<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached` +
    ` /Name ${PDFHexString.fromText(identity.organization).toString()}` +
    ` /M ${PDFString.fromDate(opts.signedAt).toString()}` +
    (opts.reason !== undefined ? ` /Reason ${PDFHexString.fromText(opts.reason).toString()}` : '') +
    (opts.location !== undefined
      ? ` /Location ${PDFHexString.fromText(opts.location).toString()}`
      : '') +
    `\n${byteRangeSlot}\n/Contents <`;
  const byteRangeAt = at + sigHead.indexOf('/ByteRange');
  const contentsStart = at + sigHead.length - 1; // the "<"
  push(Buffer.from(sigHead, 'latin1'));
  push(Buffer.from('0'.repeat(reserved * 2), 'latin1'));
  push(Buffer.from('>>>\nendobj\n', 'latin1'));
  const contentsEnd = contentsStart + 1 + reserved * 2 + 1; // after the ">"

  const xrefAt = at;
  push(Buffer.from(xrefSection(offsets), 'latin1'));
  const size = Math.max(ctx.largestObjectNumber, sigRef.objectNumber) + 1;
  const info = ctx.trailerInfo.Info;
  const id = ctx.trailerInfo.ID;
  push(
    Buffer.from(
      `trailer\n<</Size ${size} /Root ${rootRef.toString()}` +
        (info !== undefined ? ` /Info ${info.toString()}` : '') +
        (id !== undefined ? ` /ID ${id.toString()}` : '') +
        ` /Prev ${previousXref(pdf)}>>\nstartxref\n${xrefAt}\n%%EOF\n`,
      'latin1',
    ),
  );
  const out = Buffer.concat([base, ...parts]);

  const range = [0, contentsStart, contentsEnd, out.length - contentsEnd] as const;
  const rangeText = `/ByteRange [${range.join(' ')}]`.padEnd(byteRangeSlot.length, ' ');
  out.write(rangeText, byteRangeAt, 'latin1');
  const signed = Buffer.concat([out.subarray(0, contentsStart), out.subarray(contentsEnd)]);
  const cms = await detachedCms(signed, identity);
  if (cms.length > reserved) {
    // Cannot happen with a fixed identity; a bug if it does, so it is not retried.
    throw new StageError('sign.signature_too_large', {
      message: `Chữ ký ${cms.length} byte, vượt chỗ dành sẵn ${reserved} byte / The signature is ${cms.length} bytes, over the ${reserved} reserved`,
      retryable: false,
    });
  }
  out.write(cms.toString('hex').toUpperCase(), contentsStart + 1, 'latin1');
  return out;
}

/** The lines of the visible block: who signed, then when (label Vietnamese first). */
function blockLines(organization: string, at: Date): string[] {
  return [organization, `Ký số / Signed: ${vietnamTime(at)}`];
}

/**
 * Distance (points) from the page top to the block's top: EDGE_PT, or higher up (not above
 * MIN_TOP_PT) when that keeps the block off the words under its x-range; EDGE_PT when even that
 * would not clear them (a page printed to its edge: the block then overlays the scan as it must).
 */
function blockTop(
  x0: number,
  x1: number,
  height: number,
  words: readonly { x0: number; y0: number; x1: number; y1: number }[],
): number {
  const under = words.filter((w) => w.x1 > x0 && w.x0 < x1);
  const firstText = Math.min(Infinity, ...under.map((w) => w.y0));
  if (firstText >= EDGE_PT + height + 1) return EDGE_PT;
  const top = firstText - height - 1;
  return top >= MIN_TOP_PT ? top : EDGE_PT;
}

/** ISO 8601 in Vietnam time (UTC+07:00, no daylight saving), to the second. */
export function vietnamTime(d: Date): string {
  const local = new Date(d.getTime() + VIETNAM_OFFSET_MIN * 60_000);
  return `${local.toISOString().slice(0, 19)}+07:00`;
}

/** `text` broken at spaces into lines no wider than `maxW` (a single long word stays whole). */
function wrap(text: string, maxW: number, width: (s: string) => number): string[] {
  const words = text.split(' ');
  const out: string[] = [];
  let line = '';
  for (const w of words) {
    const next = line === '' ? w : `${line} ${w}`;
    if (line !== '' && width(next) > maxW) {
      out.push(line);
      line = w;
    } else {
      line = next;
    }
  }
  if (line !== '') out.push(line);
  return out;
}

/** A cross-reference section for the objects of the update, one subsection per run of numbers. */
function xrefSection(offsets: ReadonlyMap<number, { gen: number; at: number }>): string {
  const nums = [...offsets.keys()].sort((a, b) => a - b);
  let out = 'xref\n';
  for (let i = 0; i < nums.length;) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
    out += `${nums[i]} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) {
      const e = offsets.get(nums[k]!)!;
      out += `${String(e.at).padStart(10, '0')} ${String(e.gen).padStart(5, '0')} n \n`;
    }
    i = j + 1;
  }
  return out;
}

/** The offset the file's last `startxref` names. */
function previousXref(pdf: Buffer): number {
  const tail = pdf.subarray(Math.max(0, pdf.length - 1024)).toString('latin1');
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (m === null) {
    throw new StageError('sign.pdf_unreadable', {
      message:
        'PDF không kết thúc bằng startxref … %%EOF / The PDF does not end with startxref … %%EOF',
      retryable: false,
    });
  }
  return Number(m[1]);
}

const reservations = new WeakMap<SigningIdentity, Promise<number>>();

/** /Contents bytes for `identity`: a trial signature's size plus slack, measured once per identity. */
function reservedBytes(identity: SigningIdentity): Promise<number> {
  let r = reservations.get(identity);
  if (r === undefined) {
    r = detachedCms(Buffer.alloc(0), identity).then((cms) => cms.length + CONTENTS_SLACK);
    reservations.set(identity, r);
  }
  return r;
}

/** CMS SignedData over `data`, detached, for PAdES B-B. */
async function detachedCms(data: Buffer, identity: SigningIdentity): Promise<Buffer> {
  const cert = pkijs.Certificate.fromBER(bytesOf(identity.certificate));
  const chain = identity.chain.map((c) => pkijs.Certificate.fromBER(bytesOf(c)));
  const digest = createHash('sha256').update(data).digest();
  const certHash = createHash('sha256').update(identity.certificate).digest();
  const attr = (type: string, value: asn1js.AsnType): pkijs.Attribute =>
    new pkijs.Attribute({ type, values: [value] });
  const signer = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({
      type: 0,
      attributes: [
        attr(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data })),
        attr(OID.messageDigest, new asn1js.OctetString({ valueHex: bytesOf(digest) })),
        // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }; ESSCertIDv2 with
        // the default hash (SHA-256) is SEQUENCE { certHash OCTET STRING }.
        attr(
          OID.signingCertificateV2,
          new asn1js.Sequence({
            value: [
              new asn1js.Sequence({
                value: [
                  new asn1js.Sequence({
                    value: [new asn1js.OctetString({ valueHex: bytesOf(certHash) })],
                  }),
                ],
              }),
            ],
          }),
        ),
      ],
    }),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: [cert, ...chain],
    signerInfos: [signer],
  });
  await signedData.sign(identity.privateKey, 0, 'SHA-256', undefined, engine);
  const content = new pkijs.ContentInfo({
    contentType: OID.signedData,
    content: signedData.toSchema(true),
  });
  return Buffer.from(content.toSchema().toBER(false));
}

function bytesOf(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

const round2 = (v: number): number => Math.round(v * 100) / 100;
