/**
 * Entry paths. An archive is extracted onto someone's disk by tools we do not control, so a path
 * must not be able to leave the extraction folder or mean different things to different
 * unzippers: no absolute paths or drive letters, no `..` (nor `.`, so that one file has one
 * spelling), no backslashes (a separator on Windows, a plain character elsewhere), no empty
 * segments (a trailing `/` would make a folder entry), no NUL (ends the name in C tools).
 */
import { ZipError } from './zipErrors.ts';

/** The name length field is 16 bits. */
const MAX_NAME_BYTES = 0xffff;

const encoder = new TextEncoder();

/** An unpaired surrogate has no UTF-8 form: TextEncoder would turn it into U+FFFD, silently. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const DRIVE_LETTER = /^[A-Za-z]:/;

function reject(path: string, why: string): never {
  throw new ZipError('bad-path', `ZIP entry path ${JSON.stringify(path)} ${why}`);
}

function checkPath(path: string): void {
  if (path === '') reject(path, 'is empty');
  if (path.includes('\0')) reject(path, 'contains NUL');
  if (path.includes('\\')) reject(path, 'contains a backslash (use / between folders)');
  if (path.startsWith('/')) reject(path, 'is absolute');
  if (DRIVE_LETTER.test(path)) reject(path, 'starts with a drive letter');
  if (LONE_SURROGATE.test(path)) reject(path, 'contains an unpaired UTF-16 surrogate');
  for (const segment of path.split('/')) {
    if (segment === '') reject(path, 'has an empty segment (// or a trailing /)');
    if (segment === '.' || segment === '..') reject(path, `has a "${segment}" segment`);
  }
}

/** The UTF-8 bytes of a valid entry path; throws ZipError('bad-path') for an unsafe one. */
export function encodeZipPath(path: string): Uint8Array {
  checkPath(path);
  const bytes = encoder.encode(path);
  if (bytes.length > MAX_NAME_BYTES) {
    reject(path.slice(0, 40) + '…', `is ${bytes.length} bytes in UTF-8, over ${MAX_NAME_BYTES}`);
  }
  return bytes;
}

/**
 * The paths of one archive (or of a set of parts meant to be extracted into one folder). Besides
 * exact duplicates it refuses a file whose path another entry uses as a folder, and the reverse:
 * unzippers would fail or overwrite on extraction.
 */
export class ZipPathRegistry {
  private readonly files = new Set<string>();
  private readonly folders = new Set<string>();

  /** Validates and records `path`; returns its UTF-8 bytes. */
  claim(path: string): Uint8Array {
    const bytes = encodeZipPath(path);
    if (this.files.has(path)) {
      throw new ZipError('duplicate-path', `ZIP entry path ${JSON.stringify(path)} added twice`);
    }
    if (this.folders.has(path)) {
      throw new ZipError(
        'duplicate-path',
        `ZIP entry path ${JSON.stringify(path)} is already a folder of another entry`,
      );
    }
    const folders: string[] = [];
    for (let slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      const folder = path.slice(0, slash);
      if (this.files.has(folder)) {
        throw new ZipError(
          'duplicate-path',
          `ZIP entry path ${JSON.stringify(path)} needs ${JSON.stringify(folder)} as a folder, ` +
            'but it is a file entry',
        );
      }
      folders.push(folder);
    }
    this.files.add(path);
    for (const folder of folders) this.folders.add(folder);
    return bytes;
  }
}
