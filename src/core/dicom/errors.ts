/** Why a file could not be read. Stable codes so that callers and reports can group failures. */
export type DicomErrorCode =
  | 'not-dicom'
  | 'truncated'
  | 'length-past-end'
  | 'bad-structure'
  | 'too-deep'
  | 'too-many-elements'
  | 'inflate-failed'
  | 'too-large';

/**
 * A file could not be read (or written). The message names the file, the byte offset and what
 * was expected, in words a user can act on; the parser never throws anything else for bad input.
 */
export class DicomError extends Error {
  override readonly name = 'DicomError';
  constructor(
    readonly code: DicomErrorCode,
    readonly detail: string,
    readonly offset: number,
    readonly fileName = '',
  ) {
    super(`${fileName ? `${fileName}: ` : ''}${detail} (at byte ${offset})`);
  }

  /** The same error, named after the file it came from. */
  inFile(fileName: string): DicomError {
    return new DicomError(this.code, this.detail, this.offset, fileName);
  }
}

/** Writing an edited data set failed: a value cannot be encoded the way the data set needs. */
export class DicomWriteError extends Error {
  override readonly name = 'DicomWriteError';
}
