/**
 * Password hashing with scrypt (RFC 7914), the memory-hard KDF built into Node, stored as a PHC
 * string: `$scrypt$ln=15,r=8,p=1$<salt b64>$<hash b64>`. The parameters travel with each hash, so
 * raising the cost later only needs `needsRehash` at the next login. Node's own scrypt is used
 * rather than an npm argon2 binding because it needs no native build or install script.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt cost parameters. */
export interface ScryptCost {
  /** log2(N) */
  readonly ln: number;
  readonly r: number;
  readonly p: number;
}

// 2^16 × 128 × 8 = 64 MiB per hash: strong, yet a login burst cannot exhaust the api's memory.
export const DEFAULT_COST: ScryptCost = { ln: 16, r: 8, p: 1 };

const KEY_BYTES = 32;
const SALT_BYTES = 16;
const PHC_RE =
  /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** Shortest password accepted (NIST SP 800-63B asks for at least 8). */
export const MIN_PASSWORD_LENGTH = 10;
/** Longest accepted: far beyond any passphrase, short enough to hash cheaply. */
export const MAX_PASSWORD_LENGTH = 256;

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const opts: ScryptOptions = {
    N: 2 ** cost.ln,
    r: cost.r,
    p: cost.p,
    maxmem: 2 * 128 * cost.r * 2 ** cost.ln + 1024 * 1024,
  };
  return new Promise((resolve, reject) => {
    scryptCb(password.normalize('NFC'), salt, KEY_BYTES, opts, (err, key) =>
      err === null ? resolve(key) : reject(err),
    );
  });
}

const b64 = (b: Buffer): string => b.toString('base64').replace(/=+$/, '');

/** Hashes `password` with a fresh salt; the result is what `User.passwordHash` stores. */
export async function hashPassword(
  password: string,
  cost: ScryptCost = DEFAULT_COST,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, cost);
  return `$scrypt$ln=${cost.ln},r=${cost.r},p=${cost.p}$${b64(salt)}$${b64(key)}`;
}

/**
 * Whether `password` matches `phc`, compared in constant time. A hash that is not a scrypt PHC
 * string never matches (and throws nothing: a corrupt row must not tell an attacker more).
 */
export async function verifyPassword(password: string, phc: string): Promise<boolean> {
  const m = PHC_RE.exec(phc);
  if (m === null) return false;
  const cost = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (cost.ln < 10 || cost.ln > 22 || cost.r < 1 || cost.p < 1) return false;
  const salt = Buffer.from(m[4] ?? '', 'base64');
  const expected = Buffer.from(m[5] ?? '', 'base64');
  const key = await derive(password, salt, cost);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Whether a stored hash uses a weaker cost than `cost` (rehash it at the next good login). */
export function needsRehash(phc: string, cost: ScryptCost = DEFAULT_COST): boolean {
  const m = PHC_RE.exec(phc);
  if (m === null) return true;
  return Number(m[1]) < cost.ln || Number(m[2]) < cost.r || Number(m[3]) < cost.p;
}

/** A problem with a new password, in Vietnamese then English, or null when it is acceptable. */
export function passwordProblem(password: string, username: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return `Mật khẩu phải có ít nhất ${MIN_PASSWORD_LENGTH} ký tự / The password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH)
    return `Mật khẩu dài quá ${MAX_PASSWORD_LENGTH} ký tự / The password is longer than ${MAX_PASSWORD_LENGTH} characters`;
  if (password.toLowerCase().includes(username.toLowerCase()))
    return 'Mật khẩu không được chứa tên đăng nhập / The password must not contain the user name';
  return null;
}
