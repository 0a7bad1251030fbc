/**
 * What a path in the hot folder means: a page file of a dossier, a closing marker, something the
 * agent leaves alone, or its own bookkeeping folders. Pure functions over path strings.
 */
import { basename, extname, isAbsolute, relative, sep } from 'node:path';
import type { MediaType } from './api-types.js';

/** Folder inside the inbox where acknowledged files go, one sub-folder per dossier. */
export const DONE_DIR = '.done';
/** Folder inside the inbox where files the server refused go, one sub-folder per dossier. */
export const REJECTED_DIR = '.rejected';

const MEDIA_BY_EXT: Record<string, MediaType> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.pdf': 'application/pdf',
};

/** Media type for a file name by its extension (case-insensitive), or undefined if not accepted. */
export const mediaTypeOf = (name: string): MediaType | undefined =>
  MEDIA_BY_EXT[extname(name).toLowerCase()];

/**
 * True for the names that close a dossier's batch: `.done` and `XONG` from the brief, and
 * `XONG.txt` because Notepad on the scanning PCs adds the extension.
 */
export const isMarkerName = (name: string): boolean => {
  const n = name.toLowerCase();
  return n === '.done' || n === 'xong' || n === 'xong.txt';
};

/** Classification of one path under the inbox. */
export type InboxPath =
  | {
      kind: 'page';
      /** Path relative to the inbox with `/` separators; the key the outbox remembers. */
      relPath: string;
      /** Mã hồ sơ, NFC (macOS and some copy tools hand out decomposed names). */
      dossierCode: string;
      /** The file's own name, NFC. */
      fileName: string;
      mediaType: MediaType;
    }
  | { kind: 'marker'; relPath: string; dossierCode: string }
  | { kind: 'dossier-dir'; relPath: string; dossierCode: string }
  /** A file the agent reports once and leaves where it is. */
  | { kind: 'unsupported'; relPath: string; reason: 'extension' | 'too-deep' | 'marker-in-root' }
  /** The agent's own folders, hidden files, partial downloads: not reported. */
  | { kind: 'ignored'; relPath: string };

/**
 * Classifies `absPath` (a file, or a directory when `isDir`) under `inboxDir`. A sub-folder is one
 * dossier named by its code; a file in the root is a dossier of its own named by its stem. Hidden
 * names (leading `.`, Office's `~$` lock files) are ignored, except the `.done` marker.
 */
export function classifyInboxPath(inboxDir: string, absPath: string, isDir: boolean): InboxPath {
  const rel = relative(inboxDir, absPath);
  const parts = rel.split(sep).filter((p) => p !== '');
  const relPath = parts.join('/');
  if (parts.length === 0 || rel.startsWith('..') || isAbsolute(rel)) {
    return { kind: 'ignored', relPath };
  }
  const hidden = (n: string) => n.startsWith('.') || n.startsWith('~$');
  const [first, second] = parts as [string, string | undefined];
  if (parts.length === 1) {
    if (isDir) {
      return hidden(first)
        ? { kind: 'ignored', relPath }
        : { kind: 'dossier-dir', relPath, dossierCode: first.normalize('NFC') };
    }
    if (isMarkerName(first)) return { kind: 'unsupported', relPath, reason: 'marker-in-root' };
    if (hidden(first)) return { kind: 'ignored', relPath };
    const mediaType = mediaTypeOf(first);
    if (mediaType === undefined) return { kind: 'unsupported', relPath, reason: 'extension' };
    const stem = basename(first, extname(first)).normalize('NFC');
    return {
      kind: 'page',
      relPath,
      dossierCode: stem,
      fileName: first.normalize('NFC'),
      mediaType,
    };
  }
  if (hidden(first)) return { kind: 'ignored', relPath };
  const dossierCode = first.normalize('NFC');
  if (parts.length > 2 || second === undefined) {
    return { kind: 'unsupported', relPath, reason: 'too-deep' };
  }
  if (isDir) return { kind: 'unsupported', relPath, reason: 'too-deep' };
  if (isMarkerName(second)) return { kind: 'marker', relPath, dossierCode };
  if (hidden(second)) return { kind: 'ignored', relPath };
  const mediaType = mediaTypeOf(second);
  if (mediaType === undefined) return { kind: 'unsupported', relPath, reason: 'extension' };
  return { kind: 'page', relPath, dossierCode, fileName: second.normalize('NFC'), mediaType };
}

// Intl's numeric collation already orders "scan_2" before "scan_10"; the code-point comparison
// after it only makes the order total (names equal to the collator but spelled differently).
const collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });

/** Natural order of file names: digit runs compare as numbers (`scan_2` < `scan_10`). */
export const compareNatural = (a: string, b: string): number =>
  collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
