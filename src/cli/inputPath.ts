/**
 * Paths of input files as the file system has them. On Linux a name is bytes, not text: a
 * Latin-1 "Müller" (4D FC 6C 6C 65 72) is no valid UTF-8, and a string made of it (U+FFFD for
 * the FC) names no file, so such a file was lost as "not found". A path whose names are all
 * valid UTF-8 stays a string (the bytes Node gives the kernel for it are the same, and nearly
 * every path is one); any other is kept as its bytes, which Node's fs opens just as well.
 */
import { Buffer } from 'node:buffer';

/**
 * What fs opens. The bytes are a Uint8Array with a buffer of their own, not a Buffer: a Buffer
 * may be a slice of Node's shared pool, which postMessage would copy whole to the worker, and
 * the structured clone turns a Buffer into a plain Uint8Array anyway.
 */
export type InputPath = string | Uint8Array;

const strict = new TextDecoder('utf-8', { fatal: true });

/** The name as text when it is valid UTF-8, else undefined. */
export function utf8Name(bytes: Uint8Array): string | undefined {
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * A name for reports and logs: valid UTF-8 as it is; otherwise each byte that is not part of
 * valid UTF-8 as \xHH, and a backslash as \\, so that two names with invalid bytes never read
 * alike (a lossy decode would show both Latin-1 "Mül" and "Mïl" as "M�l"). The text is always
 * valid Unicode, so a CSV or JSON holding it stays valid UTF-8.
 */
export function displayName(bytes: Uint8Array, text = utf8Name(bytes)): string {
  if (text !== undefined) return text;
  let shown = '';
  for (let at = 0; at < bytes.length;) {
    const length = utf8SequenceAt(bytes, at);
    if (length === 0) {
      shown += `\\x${bytes[at]!.toString(16).toUpperCase().padStart(2, '0')}`;
      at += 1;
    } else {
      const char = strict.decode(bytes.subarray(at, at + length));
      shown += char === '\\' ? '\\\\' : char;
      at += length;
    }
  }
  return shown;
}

/** The length of the valid UTF-8 sequence starting at `at` (RFC 3629), or 0 if there is none. */
function utf8SequenceAt(bytes: Uint8Array, at: number): number {
  const lead = bytes[at]!;
  if (lead < 0x80) return 1;
  const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : 4;
  if (lead < 0xc2 || lead > 0xf4 || at + length > bytes.length) return 0;
  const second = bytes[at + 1]!;
  // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
  const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
  const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
  if (second < low || second > high) return 0;
  for (let i = 2; i < length; i++) {
    const next = bytes[at + i]!;
    if (next < 0x80 || next > 0xbf) return 0;
  }
  return length;
}

/**
 * `name` in the folder `dir`: a string while both are text, else bytes. `text` is the name's
 * utf8Name, when the caller has it already.
 */
export function childPath(
  dir: InputPath,
  name: Uint8Array,
  text: string | undefined = utf8Name(name),
): InputPath {
  if (typeof dir === 'string' && text !== undefined) {
    return dir === '/' ? `/${text}` : `${dir}/${text}`;
  }
  const parent = typeof dir === 'string' ? Buffer.from(dir) : dir;
  const slash = parent.length > 0 && parent[parent.length - 1] === 0x2f ? 0 : 1;
  const joined = new Uint8Array(parent.length + slash + name.length);
  joined.set(parent);
  if (slash) joined[parent.length] = 0x2f;
  joined.set(name, parent.length + slash);
  return joined;
}

/**
 * The path as Node's fs typings take it. The bytes are not copied: the Buffer is a view of the
 * same memory (a Uint8Array that came through postMessage is no Buffer any more).
 */
export function fsPath(file: InputPath): string | Buffer {
  return typeof file === 'string' ? file : Buffer.from(file.buffer, file.byteOffset, file.length);
}

/**
 * The path as text for matching, never for opening: invalid bytes become U+FFFD, which is also
 * how Node's own error messages show such a path.
 */
export function lossyText(file: InputPath): string {
  return typeof file === 'string' ? file : Buffer.from(file).toString('utf8');
}

/** The last name of the path, as lossyText. */
export function lossyBaseName(file: InputPath): string {
  const text = lossyText(file);
  return text.slice(text.lastIndexOf('/') + 1);
}
