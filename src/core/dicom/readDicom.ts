import type { DicomFile, DicomItem, PreambleKind } from './dataset';
import { findElement } from './dataset';
import { inflateDataSet, inflatePrefix } from './deflate';
import { DicomError } from './errors';
import { DEFAULT_LIMITS, ElementParser, asciiTrimmed, type ParseLimits } from './parser';
import { TRANSFER_SYNTAX_UID } from './tag';
import {
  EXPLICIT_BIG,
  EXPLICIT_VR_BIG_ENDIAN,
  EXPLICIT_VR_LITTLE_ENDIAN,
  IMPLICIT_VR_LITTLE_ENDIAN,
  EXPLICIT_LITTLE,
  IMPLICIT_LITTLE,
  transferSyntaxOf,
  type Encoding,
  type TransferSyntax,
} from './transferSyntax';
import { isKnownVR, looksLikeVR } from './vr';

export interface ReadOptions extends Partial<ParseLimits> {
  /** Named in every error and warning. */
  readonly fileName?: string;
  /** A deflated data set may not inflate to more than this (default 2 GiB). */
  readonly maxInflatedBytes?: number;
  /**
   * Header-only reads (readHeader.ts): the data set ends before the first top-level element
   * whose tag is this or higher; `trailing` then holds the unread rest.
   */
  readonly stopAtTag?: number;
  /**
   * `bytes` is only the start of the file: a deflated data set is inflated as far as they go,
   * and a data set cut short is reported as `truncated`/`length-past-end`, never as not DICOM.
   */
  readonly prefixOnly?: boolean;
}

const DICM = [0x44, 0x49, 0x43, 0x4d];

/**
 * Reads a DICOM file: Part 10 with or without preamble, with or without file meta, any transfer
 * syntax. Nothing is decoded or copied: the result points into `bytes` (or into the inflated
 * data set) so that untouched elements can be written back byte for byte.
 * Bad input raises a DicomError naming the file and the byte offset; nothing else is thrown.
 */
export function readDicom(bytes: Uint8Array, options: ReadOptions = {}): DicomFile {
  try {
    return read(bytes, options);
  } catch (error) {
    if (error instanceof DicomError)
      throw options.fileName ? error.inFile(options.fileName) : error;
    if (error instanceof RangeError) {
      // Allocation failures and out-of-range reads that slipped past a check still end as a
      // per-file error, never as a crash of the caller.
      throw new DicomError(
        'bad-structure',
        `unreadable structure: ${error.message}`,
        0,
        options.fileName,
      );
    }
    throw error;
  }
}

function read(bytes: Uint8Array, options: ReadOptions): DicomFile {
  const limits: ParseLimits = {
    maxDepth: options.maxDepth ?? DEFAULT_LIMITS.maxDepth,
    maxElements: options.maxElements ?? DEFAULT_LIMITS.maxElements,
  };
  if (bytes.length === 0) throw new DicomError('not-dicom', 'the file is empty', 0);
  const preamble = preambleKind(bytes);
  const headerEnd = preamble === 'preamble' ? 132 : preamble === 'magic-only' ? 4 : 0;
  const stopAtTag = options.stopAtTag ?? Infinity;
  const parser = new ElementParser(bytes, limits, stopAtTag);
  const warnings = parser.warnings;

  let meta: DicomItem | null = null;
  let bodyStart = headerEnd;
  if (bytes.length >= headerEnd + 8 && bytes[headerEnd] === 0x02 && bytes[headerEnd + 1] === 0x00) {
    const metaEncoding = looksLikeVR(bytes[headerEnd + 4]!, bytes[headerEnd + 5]!)
      ? EXPLICIT_LITTLE
      : IMPLICIT_LITTLE;
    if (metaEncoding === IMPLICIT_LITTLE)
      warnings.push('file meta information is implicit VR (it must be explicit)');
    meta = parser.parseItem(
      metaEncoding,
      headerEnd,
      headerEnd,
      bytes.length - headerEnd,
      bytes.length,
      'meta',
      undefined,
      0,
    );
    bodyStart = meta.end;
  } else if (preamble === 'none') {
    if (!plausibleRawDataSet(bytes)) {
      throw new DicomError(
        'not-dicom',
        'not a DICOM file: no "DICM" marker and no DICOM data set at the start',
        0,
      );
    }
  } else {
    warnings.push('no file meta information after the "DICM" marker');
  }

  const tsElement = meta ? findElement(meta, TRANSFER_SYNTAX_UID) : undefined;
  const declared = tsElement
    ? transferSyntaxOf(
        asciiTrimmed(bytes, tsElement.valueOffset, tsElement.valueOffset + tsElement.length),
      )
    : undefined;
  if (meta && !declared)
    warnings.push('file meta information has no transfer syntax; it was worked out from the data');

  let source = bytes;
  let start = bodyStart;
  if (declared?.deflated) {
    const inflate = options.prefixOnly ? inflatePrefix : inflateDataSet;
    source = inflate(bytes.subarray(bodyStart), options.maxInflatedBytes ?? 2 ** 31, bodyStart);
    start = 0;
  }
  const encoding = bodyEncoding(source, start, declared, warnings);
  // What the data set really uses, where it contradicts the meta (the meta's UID is kept).
  const transferSyntax: TransferSyntax = declared
    ? { ...declared, encoding }
    : {
        uid: !encoding.explicitVR
          ? IMPLICIT_VR_LITTLE_ENDIAN
          : encoding.littleEndian
            ? EXPLICIT_VR_LITTLE_ENDIAN
            : EXPLICIT_VR_BIG_ENDIAN,
        encoding,
        deflated: false,
        encapsulated: false,
      };
  const bodyParser = source === bytes ? parser : new ElementParser(source, limits, stopAtTag);
  let dataset: DicomItem;
  try {
    dataset = bodyParser.parseItem(
      encoding,
      start,
      start,
      source.length - start,
      source.length,
      'top-level',
      undefined,
      0,
    );
  } catch (error) {
    const cutShort =
      options.prefixOnly &&
      error instanceof DicomError &&
      (error.code === 'truncated' || error.code === 'length-past-end');
    if (
      preamble === 'none' &&
      !meta &&
      error instanceof DicomError &&
      error.offset < 256 &&
      !cutShort
    ) {
      throw new DicomError(
        'not-dicom',
        `not a DICOM file: no "DICM" marker and the data does not read as DICOM (${error.detail})`,
        error.offset,
      );
    }
    throw error;
  }
  if (bodyParser !== parser)
    warnings.push(...bodyParser.warnings.map((w) => `${w} (in the inflated data set)`));
  const trailing = source.subarray(dataset.end);
  if (trailing.length > 0 && stopAtTag === Infinity)
    warnings.push(`${trailing.length} bytes after the last element are not an element`);
  const deflatedDataSet = declared?.deflated ? bytes.subarray(bodyStart) : undefined;
  return { preamble, meta, dataset, transferSyntax, deflatedDataSet, trailing, warnings };
}

function preambleKind(bytes: Uint8Array): PreambleKind {
  if (bytes.length >= 132 && DICM.every((b, i) => bytes[128 + i] === b)) return 'preamble';
  if (bytes.length >= 4 && DICM.every((b, i) => bytes[i] === b)) return 'magic-only';
  return 'none';
}

/** Files without preamble or meta must begin with a plausible element of a low, even group. */
function plausibleRawDataSet(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  const le = bytes[0]! | (bytes[1]! << 8);
  const be = (bytes[0]! << 8) | bytes[1]!;
  const group = Math.min(le, be);
  return group >= 0x0002 && group <= 0x0028 && (group & 1) === 0;
}

/**
 * The encoding of the data set: the declared one, unless the first element plainly contradicts
 * it (files whose meta says explicit VR but whose body is implicit exist in the wild).
 */
function bodyEncoding(
  src: Uint8Array,
  pos: number,
  declared: TransferSyntax | undefined,
  warnings: string[],
): Encoding {
  if (src.length - pos < 8) return declared?.encoding ?? EXPLICIT_LITTLE;
  const le = src[pos]! | (src[pos + 1]! << 8);
  const be = (src[pos]! << 8) | src[pos + 1]!;
  const hasVR =
    looksLikeVR(src[pos + 4]!, src[pos + 5]!) &&
    isKnownVR(String.fromCharCode(src[pos + 4]!, src[pos + 5]!));
  const implicitLength =
    (src[pos + 4]! | (src[pos + 5]! << 8) | (src[pos + 6]! << 16) | (src[pos + 7]! << 24)) >>> 0;
  if (!declared) {
    if (!hasVR) return IMPLICIT_LITTLE;
    return be < le ? EXPLICIT_BIG : EXPLICIT_LITTLE;
  }
  const encoding = declared.encoding;
  if (encoding.explicitVR && !hasVR) {
    warnings.push(
      'data set is implicit VR although the transfer syntax says explicit; read as implicit',
    );
    return IMPLICIT_LITTLE;
  }
  if (!encoding.explicitVR && hasVR && implicitLength > src.length - pos - 8) {
    warnings.push(
      'data set is explicit VR although the transfer syntax says implicit; read as explicit',
    );
    return EXPLICIT_LITTLE;
  }
  return encoding;
}
