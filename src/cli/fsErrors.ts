/**
 * File system errors in words, without the path Node puts in its messages: reasons end up in
 * reports and on stderr, where a path (folder names are often patient names) must not.
 */
const DESCRIPTIONS: Record<string, string> = {
  ENOENT: 'not found',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a parent is not a directory',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EIO: 'input/output error',
  EBUSY: 'resource busy',
  EEXIST: 'it already exists',
  ENAMETOOLONG: 'name too long',
  ENODEV: 'no such device',
  ENXIO: 'no such device or address',
  ESTALE: 'stale network file handle',
  ENOTCONN: 'the network file system is not connected',
  EFBIG: 'file too large for this file system',
  ERR_FS_FILE_TOO_LARGE: 'larger than 2 GiB, the most Node can read at once',
};

/**
 * Why writing the output cannot go on at all, when an error says so: every later file would
 * fail the same way, so the run stops and says it in words rather than failing file after file.
 * `full`: no space or quota left; `gone`: the disk or share went away, or failed, or no longer
 * lets us write (a folder of ours vanished: the disk was unplugged or the folder removed).
 */
export function outputStopCause(error: unknown): 'full' | 'gone' | undefined {
  const code = codeOf(error);
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'full';
  if (['EIO', 'ENODEV', 'ENXIO', 'ESTALE', 'ENOTCONN', 'EROFS', 'ENOENT'].includes(code)) {
    return 'gone';
  }
  return undefined;
}

export function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'unknown error';
}

/**
 * "permission denied (EACCES)". Node's messages are not used: they quote the path. An error
 * without a system code (a ZipError, say) is ours, and its message names no input.
 */
export function describeFsError(error: unknown): string {
  const code = codeOf(error);
  const description = DESCRIPTIONS[code];
  if (description) return `${description} (${code})`;
  if (/^(E[A-Z0-9]+|ERR_\w+)$/.test(code) || !(error instanceof Error)) return code;
  return error.message;
}
