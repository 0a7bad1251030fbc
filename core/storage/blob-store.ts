/**
 * Content-addressed blob storage: every file is stored once under its SHA-256.
 *
 * The original upload is the archival master and is never rewritten; derived images, OCR results
 * and PDFs are blobs too, so every write is idempotent (the same bytes land at the same key) and a
 * crash in the middle of a write leaves at most a temporary file behind, never a wrong blob.
 * This interface is what an S3-compatible store would implement for several machines.
 */
import type { Readable } from 'node:stream';

export interface PutResult {
  readonly sha256: string;
  readonly bytes: number;
  /** False when the blob was already stored */
  readonly created: boolean;
}

export interface BlobStore {
  /** Stores bytes; when `expectedSha256` is given and differs, stores nothing and throws `storage.checksum_mismatch`. */
  put(data: Buffer, opts?: { expectedSha256?: string }): Promise<PutResult>;
  /**
   * Stores a file from disk by moving it in (same filesystem) or copying it. `hashedBy: 'caller'`
   * says the caller wrote the file itself, alone, and hashed every byte as it wrote
   * (`expectedSha256` is that hash), so the store does not read it again; otherwise the file is
   * hashed before and after it is moved in, in case someone else is still writing it.
   */
  putFile(
    path: string,
    opts?: { expectedSha256?: string; move?: boolean; hashedBy?: 'caller' },
  ): Promise<PutResult>;
  /** Stores a stream while hashing it. */
  putStream(stream: Readable, opts?: { expectedSha256?: string }): Promise<PutResult>;
  has(sha256: string): Promise<boolean>;
  /** The whole blob; throws `storage.missing` when absent. */
  read(sha256: string): Promise<Buffer>;
  /** A stream of the blob, optionally a byte range (inclusive start, exclusive end). */
  open(sha256: string, range?: { start: number; end: number }): Promise<Readable>;
  size(sha256: string): Promise<number>;
  /** Recomputes the hash of a stored blob; false when the bytes no longer match their name. */
  verify(sha256: string): Promise<boolean>;
}

export const SHA256_RE = /^[0-9a-f]{64}$/;
