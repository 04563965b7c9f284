/**
 * Header-only reads: the elements before the pixel data, from the first bytes of a file. A scan
 * of a multi-gigabyte folder must not read the images themselves, so the caller hands over a
 * prefix of the file and, when that is not enough, a longer one (readHeaderFrom does the
 * growing). Built on readDicom with a stop tag, so it reads exactly what a full read would.
 */
import type { DicomFile } from './dataset';
import { DicomError } from './errors';
import { readDicom, type ReadOptions } from './readDicom';
import { tag } from './tag';

/** Everything before group 7FE0 (pixel data, float pixel data and what follows). */
export const PIXEL_DATA_GROUP_START = tag(0x7fe0, 0x0000);

export interface HeaderOptions extends Pick<ReadOptions, 'fileName' | 'maxDepth' | 'maxElements'> {
  /** The header ends before the first top-level element at or past this tag. */
  readonly stopAtTag?: number;
  /** A deflated data set is inflated at most this far for a header (default 64 MiB). */
  readonly maxInflatedBytes?: number;
}

const MIN_PREFIX = 132 + 8;
const DEFAULT_MAX_INFLATED = 64 * 1024 * 1024;

/**
 * Reads the header from `bytes`, the first `bytes.length` of a file of `fileSize` bytes.
 * Returns undefined when the header goes on past the end of `bytes` (ask again with more);
 * throws DicomError when the file is not DICOM or its header is broken.
 */
export function readDicomHeader(
  bytes: Uint8Array,
  fileSize: number,
  options: HeaderOptions = {},
): DicomFile | undefined {
  const stopAtTag = options.stopAtTag ?? PIXEL_DATA_GROUP_START;
  const complete = bytes.length >= fileSize;
  // Whether "DICM" follows a 128-byte preamble cannot be told from fewer bytes.
  if (!complete && bytes.length < MIN_PREFIX) return undefined;
  let file: DicomFile;
  try {
    file = readDicom(bytes, {
      ...options,
      stopAtTag,
      prefixOnly: !complete,
      maxInflatedBytes: options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED,
    });
  } catch (error) {
    if (!complete && error instanceof DicomError && isCutShort(error)) return undefined;
    throw error;
  }
  if (complete || stoppedAtTag(file, stopAtTag)) return file;
  // The data set ended with the bytes given, not at the stop tag: the rest is still to come.
  return undefined;
}

/** What a header read of a prefix may fail with only because the prefix ends too soon. */
function isCutShort(error: DicomError): boolean {
  return error.code === 'truncated' || error.code === 'length-past-end';
}

/** True when the element right after the data set is the one the read stopped at. */
function stoppedAtTag(file: DicomFile, stopAtTag: number): boolean {
  const { source, end, encoding } = file.dataset;
  if (end + 4 > source.length) return false;
  const view = new DataView(source.buffer, source.byteOffset, source.byteLength);
  const next = tag(
    view.getUint16(end, encoding.littleEndian),
    view.getUint16(end + 2, encoding.littleEndian),
  );
  return next >= stopAtTag;
}

/** Reads the first `length` bytes of the file (fewer if the file is shorter). */
export type PrefixReader = (length: number) => Promise<Uint8Array>;

export interface GrowingReadOptions extends HeaderOptions {
  /** The first prefix read (default 64 KiB). */
  readonly firstBytes?: number;
  /** The longest prefix read for a header before giving up (default 16 MiB). */
  readonly maxBytes?: number;
}

export const FIRST_HEADER_BYTES = 64 * 1024;
export const MAX_HEADER_BYTES = 16 * 1024 * 1024;

/**
 * Reads the header through `read`, starting with a small prefix and quadrupling it while the
 * header runs on. Throws DicomError('too-large') when the header is longer than maxBytes.
 */
export async function readHeaderFrom(
  read: PrefixReader,
  fileSize: number,
  options: GrowingReadOptions = {},
): Promise<DicomFile> {
  const maxBytes = options.maxBytes ?? MAX_HEADER_BYTES;
  let length = Math.min(fileSize, options.firstBytes ?? FIRST_HEADER_BYTES);
  for (;;) {
    const bytes = await read(length);
    // A file that shrank since it was listed is read as what it now is.
    const file = readDicomHeader(bytes, bytes.length < length ? bytes.length : fileSize, options);
    if (file) return file;
    if (length >= maxBytes || length >= fileSize) {
      throw new DicomError(
        'too-large',
        `the header (everything before the image data) is longer than ${maxBytes / 1024 / 1024} MiB`,
        length,
      );
    }
    length = Math.min(fileSize, maxBytes, length * 4);
  }
}
