/** Why the ZIP writer refused a call. Stable codes so that callers can tell a bad path from misuse. */
export type ZipErrorCode =
  /** The path is not a safe relative file path, or its UTF-8 form is too long for a ZIP header. */
  | 'bad-path'
  /** The path was already added, or clashes with one (a file where another needs a folder). */
  | 'duplicate-path'
  /** addFile or finish after finish. */
  | 'finished'
  /** A streamed file's content was not the size declared for it: the archive is broken. */
  | 'size-mismatch';

export class ZipError extends Error {
  override readonly name = 'ZipError';
  constructor(
    readonly code: ZipErrorCode,
    message: string,
  ) {
    super(message);
  }
}
