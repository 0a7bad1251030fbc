/**
 * Verification of a signed PDF (the pipeline signs in pipeline/stages/pdfa/sign.ts): the bytes the last signature covers are hashed again and checked
 * against the CMS (message digest, the signer's RSA signature, the ESS certificate hash), and the
 * signature must cover the whole file. Used by the fixity job and the catalogue; it reports, it
 * never repairs.
 *
 * The signature dictionary is found by its /ByteRange, and /Contents is read from the hole the
 * byte range leaves, which is what a validator signs against; the PDF is not parsed as a whole,
 * so a file of any size is checked in one read.
 */
import { createHash, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export interface SignatureReport {
  /** Signature dictionaries found (one per signing) */
  readonly signatures: number;
  /** The last signature verifies against the bytes it covers, and its certificate hash matches */
  readonly valid: boolean;
  /** The last signature covers every byte of the file but its own /Contents */
  readonly coversWholeFile: boolean;
  /** Subject of the signer's certificate, most specific first ("CN=…, O=…, C=VN") */
  readonly signer: string | null;
  /** /M of the signature dictionary, as written (PDF date) */
  readonly signedAt: string | null;
  readonly subFilter: string | null;
  /** What is wrong, Vietnamese first; empty when valid and whole */
  readonly problems: readonly string[];
}

const engine = new pkijs.CryptoEngine({
  name: 'node',
  crypto: webcrypto as unknown as Crypto,
});

const OID_SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';
const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;

/** Checks the last signature of `pdf`. Never throws for a bad file: problems are reported. */
export async function verifyPdfSignature(pdf: Buffer): Promise<SignatureReport> {
  const text = pdf.toString('latin1');
  const ranges = [...text.matchAll(BYTE_RANGE)];
  const last = ranges.at(-1);
  const none = (problem: string): SignatureReport => ({
    signatures: ranges.length,
    valid: false,
    coversWholeFile: false,
    signer: null,
    signedAt: null,
    subFilter: null,
    problems: [problem],
  });
  if (last === undefined) return none('Không có chữ ký số / No digital signature');
  const [a, b, c, d] = [last[1], last[2], last[3], last[4]].map(Number) as [
    number,
    number,
    number,
    number,
  ];
  if (a !== 0 || b <= 0 || c <= b || c + d > pdf.length || pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e) {
    return none(
      `/ByteRange [${a} ${b} ${c} ${d}] không khớp với tệp ${pdf.length} byte / does not fit the ${pdf.length}-byte file`,
    );
  }
  // The dictionary around the byte range: /M and /SubFilter sit in it.
  const dictStart = text.lastIndexOf('<<', last.index);
  const dict = text.slice(Math.max(0, dictStart), c + 64);
  const signedAt = /\/M\s*\((D:[^)]*)\)/.exec(dict)?.[1] ?? null;
  const subFilter = /\/SubFilter\s*\/([A-Za-z0-9.#-]+)/.exec(dict)?.[1] ?? null;
  const problems: string[] = [];
  const coversWholeFile = c + d === pdf.length;
  if (!coversWholeFile) {
    problems.push(
      `Tệp có ${pdf.length - (c + d)} byte thêm vào sau khi ký / The file has ${pdf.length - (c + d)} bytes added after signing`,
    );
  }
  const hex = text.slice(b + 1, c - 1).replace(/\s+/g, '');
  if (!/^[0-9A-Fa-f]*$/.test(hex)) {
    return { ...none('/Contents không phải chuỗi hex / /Contents is not a hex string'), signedAt };
  }
  let signedData: pkijs.SignedData;
  try {
    const der = Buffer.from(hex, 'hex');
    const parsed = asn1js.fromBER(bytesOf(der));
    if (parsed.offset === -1) throw new Error(parsed.result.error);
    const info = new pkijs.ContentInfo({ schema: parsed.result });
    signedData = new pkijs.SignedData({ schema: info.content });
  } catch (err) {
    return {
      ...none(`CMS không đọc được / Unreadable CMS: ${(err as Error).message}`),
      signedAt,
      subFilter,
    };
  }
  const covered = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  let signer: string | null = null;
  let valid = false;
  try {
    const result = await signedData.verify(
      { signer: 0, data: bytesOf(covered), checkChain: false, extendedMode: true },
      engine,
    );
    valid = result.signatureVerified === true;
    const cert = result.signerCertificate ?? null;
    if (cert !== null) {
      const certDer = Buffer.from(cert.toSchema().toBER(false));
      signer = certificateSubject(certDer);
      const essProblem = essCertificateProblem(signedData, certDer);
      if (essProblem !== null) {
        valid = false;
        problems.push(essProblem);
      }
    }
    if (!valid && problems.length === 0) problems.push(modified(result.message));
  } catch (err) {
    // PKI.js throws for a digest that does not match the bytes: the file was changed.
    problems.push(modified((err as { message?: string }).message ?? String(err)));
  }
  return {
    signatures: ranges.length,
    valid,
    coversWholeFile,
    signer,
    signedAt,
    subFilter,
    problems,
  };
}

const modified = (detail: string): string =>
  `Chữ ký không khớp với nội dung: tệp đã bị thay đổi (${detail}) / The signature does not match the content: the file was modified (${detail})`;

/** A problem when the signed ESS signing-certificate-v2 hash does not name `certDer`. */
function essCertificateProblem(sd: pkijs.SignedData, certDer: Buffer): string | null {
  const attrs = sd.signerInfos[0]?.signedAttrs?.attributes ?? [];
  const ess = attrs.find((x) => x.type === OID_SIGNING_CERTIFICATE_V2);
  if (ess === undefined) {
    return 'Thiếu thuộc tính signing-certificate-v2 (PAdES) / The signing-certificate-v2 attribute (PAdES) is missing';
  }
  const want = createHash('sha256').update(certDer).digest('hex');
  // SigningCertificateV2 → certs → first ESSCertIDv2 → (hashAlgorithm?) certHash
  const certs = (ess.values[0] as asn1js.Sequence | undefined)?.valueBlock.value[0] as
    asn1js.Sequence | undefined;
  const first = certs?.valueBlock.value[0] as asn1js.Sequence | undefined;
  const hash = first?.valueBlock.value.find((v) => v instanceof asn1js.OctetString);
  const got = hash === undefined ? null : Buffer.from(hash.valueBlock.valueHexView).toString('hex');
  return got === want
    ? null
    : 'Mã băm chứng thư trong chữ ký không khớp chứng thư người ký / The certificate hash in the signature does not match the signer certificate';
}

function bytesOf(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

const NAME_KEYS: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.11': 'OU',
  '2.5.4.10': 'O',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.6': 'C',
};

/**
 * A DER certificate's subject as "CN=…, O=…, C=…", most specific first, each value decoded by its
 * ASN.1 type (Node's X509Certificate prints UTF8String names byte by byte, garbling Vietnamese).
 */
export function certificateSubject(der: Buffer): string {
  return pkijs.Certificate.fromBER(bytesOf(der))
    .subject.typesAndValues.map(
      (tv) => `${NAME_KEYS[tv.type] ?? tv.type}=${String(tv.value.valueBlock.value)}`,
    )
    .reverse()
    .join(', ');
}
