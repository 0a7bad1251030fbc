/**
 * The upload headers the api interprets itself: RFC 9530 Content-Digest and the percent-encoded
 * original file name.
 */
import { InputError } from '../../core/errors.js';
import { CONTENT_DIGEST_RE } from '../contracts.js';

/** The SHA-256 (hex) named by an RFC 9530 Content-Digest header; `upload.digest_invalid` (400) otherwise. */
export function digestFromHeader(header: string): string {
  const b64 = CONTENT_DIGEST_RE.exec(header)?.[1];
  const bytes = b64 === undefined ? null : Buffer.from(b64, 'base64');
  if (bytes === null || bytes.length !== 32) {
    throw new InputError('upload.digest_invalid', {
      message: `Content-Digest ${JSON.stringify(header.slice(0, 200))} không chứa sha-256=:<base64 32 byte>: / Content-Digest ${JSON.stringify(header.slice(0, 200))} holds no sha-256=:<base64 of 32 bytes>:`,
      hint: 'Tính SHA-256 của tệp và gửi dạng sha-256=:<base64>: (RFC 9530) / Hash the file with SHA-256 and send sha-256=:<base64>: (RFC 9530)',
    });
  }
  return bytes.toString('hex');
}

/**
 * The original file name from X-File-Name: percent-decoded, NFC, without directories or control
 * characters, at most 500 characters; undefined when absent or empty. `upload.bad_file_name` (400)
 * when the percent-encoding is broken.
 */
export function fileNameFromHeader(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(header);
  } catch {
    throw new InputError('upload.bad_file_name', {
      message: `X-File-Name ${JSON.stringify(header.slice(0, 200))} không phải chuỗi mã hóa phần trăm hợp lệ / X-File-Name ${JSON.stringify(header.slice(0, 200))} is not valid percent-encoding`,
      hint: 'Mã hóa tên tệp bằng encodeURIComponent / Encode the file name with encodeURIComponent',
    });
  }
  const base = name.split(/[/\\]/).pop() ?? '';
  const clean = base
    .normalize('NFC')
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 500);
  return clean === '' ? undefined : clean;
}
