/**
 * The digitizing organization's signing identity: its private key and certificate chain, read
 * from a PKCS#12 file (.p12/.pfx, what Vietnamese certification authorities issue), or a
 * development identity generated for tests and the demo.
 *
 * PKCS#12 is read with node-forge (Node's crypto cannot read it); forge reads RSA keys, which is
 * what organization certificates in Vietnam carry. The key is handed on as PKCS#8 for WebCrypto.
 */
import { generateKeyPairSync, randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { StageError } from '../../../core/errors.js';
import { certificateSubject } from '../../../core/signature/verify-pdf.js';

/** PKCS#12 bag types (RFC 7292), which forge's typings leave optional. */
const OIDS = {
  shroudedKey: '1.2.840.113549.1.12.10.1.2',
  key: '1.2.840.113549.1.12.10.1.1',
  cert: '1.2.840.113549.1.12.10.1.3',
} as const;

/** What signing needs: the key, the signer's certificate, the rest of the chain, the name shown. */
export interface SigningIdentity {
  /** Non-extractable RSA key for RSASSA-PKCS1-v1_5 with SHA-256 */
  readonly privateKey: CryptoKey;
  /** DER of the signer's certificate */
  readonly certificate: Buffer;
  /** DER of the other certificates of the file (intermediate and root CAs), signer's first */
  readonly chain: readonly Buffer[];
  /** Shown in the visible signature: the organization's name */
  readonly organization: string;
  /** True for a generated development certificate (never for production) */
  readonly development: boolean;
}

/**
 * Reads a PKCS#12 file. `organization` overrides the name shown in the signature block; by
 * default it is the certificate subject's O, else its CN.
 * Throws StageError `sign.p12_unreadable` (not PKCS#12, wrong password, no RSA key, no
 * certificate matching the key); not retryable.
 */
export async function loadSigningIdentity(
  p12: Buffer,
  password: string,
  opts: { organization?: string; label?: string } = {},
): Promise<SigningIdentity> {
  const label = opts.label ?? 'PKCS#12';
  let key: forge.pki.rsa.PrivateKey;
  let certs: forge.pki.Certificate[];
  try {
    const asn = forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary')));
    const store = forge.pkcs12.pkcs12FromAsn1(asn, password);
    const bags = (type: string): forge.pkcs12.Bag[] => store.getBags({ bagType: type })[type] ?? [];
    const keyBags = [...bags(OIDS.shroudedKey), ...bags(OIDS.key)];
    const found = keyBags.find((b) => b.key !== undefined)?.key;
    if (found === undefined) throw new Error('the file holds no private key');
    key = found;
    certs = bags(OIDS.cert)
      .map((b) => b.cert)
      .filter((c): c is forge.pki.Certificate => c !== undefined);
  } catch (cause) {
    throw unreadable(label, cause instanceof Error ? cause.message : String(cause), cause);
  }
  const signerIndex = certs.findIndex((c) => {
    const pub = c.publicKey as forge.pki.rsa.PublicKey;
    return pub.n !== undefined && pub.n.equals(key.n) && pub.e.equals(key.e);
  });
  if (signerIndex < 0) {
    throw unreadable(label, 'no certificate in the file matches its private key', null);
  }
  const der = (c: forge.pki.Certificate): Buffer =>
    Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(c)).getBytes(), 'binary');
  const signer = certs[signerIndex]!;
  const pkcs8 = Buffer.from(
    forge.asn1.toDer(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key))).getBytes(),
    'binary',
  );
  const privateKey = await webcrypto.subtle.importKey(
    'pkcs8',
    pkcs8,
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const field = (name: string): unknown =>
    (signer.subject.getField(name) as { value?: unknown } | null)?.value;
  const attr = (name: string): string | null => {
    const v = field(name);
    return typeof v === 'string' && v.trim() !== '' ? decodeUtf8(v.trim()) : null;
  };
  return {
    privateKey,
    certificate: der(signer),
    chain: certs.filter((_, i) => i !== signerIndex).map(der),
    organization: opts.organization ?? attr('O') ?? attr('CN') ?? 'sohoa',
    development: field('OU') === DEV_UNIT,
  };
}

// forge's typings call the tag a Class; the value it wants is the universal type UTF8String.
const UTF8 = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;

/** Organizational unit that marks a development certificate. */
const DEV_UNIT = 'sohoa development certificate - not for production';

/**
 * A new development identity: an RSA-2048 key and a self-signed certificate for `organization`,
 * valid five years, as a PKCS#12 file protected by `password`. For tests and the demo only; the
 * certificate says so in its OU.
 */
export function createDevelopmentP12(organization: string, password: string): Buffer {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(
    privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  );
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(
    publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  );
  // A positive serial: clear the top bit of the first byte.
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  cert.serialNumber = serial.toString('hex');
  const now = new Date();
  cert.validity.notBefore = new Date(now.getTime() - 24 * 3600_000);
  cert.validity.notAfter = new Date(now.getTime() + 5 * 365 * 24 * 3600_000);
  const name = [
    { shortName: 'C', value: 'VN' },
    // UTF8String, so that Vietnamese names read back as written (forge's default is PrintableString).
    { shortName: 'O', value: organization, valueTagClass: UTF8 },
    { shortName: 'OU', value: DEV_UNIT },
    { shortName: 'CN', value: organization, valueTagClass: UTF8 },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(key, [cert], password, {
    algorithm: 'aes256',
    friendlyName: organization,
  });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}

/** Subject and validity of a DER certificate, for logs and checks. */
export function describeCertificate(der: Buffer): {
  subject: string;
  validFrom: Date;
  validTo: Date;
  fingerprint256: string;
} {
  const c = new X509Certificate(der);
  return {
    subject: certificateSubject(der),
    validFrom: new Date(c.validFrom),
    validTo: new Date(c.validTo),
    fingerprint256: c.fingerprint256,
  };
}

/** forge hands back some attribute values as UTF-8 bytes in a "binary" string. */
function decodeUtf8(s: string): string {
  try {
    return forge.util.decodeUtf8(s);
  } catch {
    return s;
  }
}

function unreadable(label: string, reason: string, cause: unknown): StageError {
  return new StageError('sign.p12_unreadable', {
    message: `Không đọc được chứng thư số ${label}: ${reason} / Cannot read the signing certificate ${label}: ${reason}`,
    hint: 'Kiểm tra tệp .p12 và mật khẩu (SIGNING_P12, SIGNING_P12_PASSWORD) / Check the .p12 file and its password (SIGNING_P12, SIGNING_P12_PASSWORD)',
    retryable: false,
    cause,
  });
}
