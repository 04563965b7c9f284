/**
 * The byte layout of ZIP records (PKWARE APPNOTE 6.3.10, sections 4.3 and 4.5), store-only, with
 * Zip64 only for the entries and end records whose values do not fit: small archives stay
 * classic, readable by the oldest tools. A field that does not fit holds the marker 0xFFFFFFFF
 * (0xFFFF for counts) and the real value goes into the Zip64 extra field or end record; readers
 * look there for fields holding the marker, so a value equal to the marker also needs Zip64.
 */

/** Values at or above these need Zip64. */
export const MAX32 = 0xffffffff;
export const MAX16 = 0xffff;

const LOCAL_SIGNATURE = 0x04034b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const ZIP64_END_SIGNATURE = 0x06064b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const END_SIGNATURE = 0x06054b50;

const LOCAL_HEADER_SIZE = 30;
const CENTRAL_HEADER_SIZE = 46;
const ZIP64_END_SIZE = 56;
const ZIP64_LOCATOR_SIZE = 20;
const END_SIZE = 22;
const ZIP64_EXTRA_TAG = 0x0001;

/** 2.0: stored files and folders; 4.5: Zip64. */
const VERSION_CLASSIC = 20;
const VERSION_ZIP64 = 45;
/** Upper byte 3: Unix, so that unzippers apply the mode bits in the external attributes. */
const VERSION_MADE_BY = (3 << 8) | VERSION_ZIP64;
/** Bit 11: the name is UTF-8. Without it, unzippers read names as code page 437. */
const FLAG_UTF8 = 0x0800;
const METHOD_STORE = 0;
/** S_IFREG | 0644 in the upper 16 bits, as Info-ZIP writes a regular file on Unix. */
const EXTERNAL_ATTRIBUTES = (0o100644 << 16) >>> 0;

/** One stored entry, as the central directory describes it. */
export interface ZipEntry {
  /** UTF-8 bytes of the path. */
  readonly name: Uint8Array;
  readonly crc: number;
  readonly size: number;
  /** Where its local header starts. */
  readonly offset: number;
}

/** MS-DOS time and date words, the only timestamp classic ZIP headers have. */
export interface DosStamp {
  readonly time: number;
  readonly date: number;
}

/** 1980-01-01 00:00, the earliest DOS date: the default, so that output is reproducible. */
export const DOS_EPOCH: DosStamp = { time: 0, date: (1 << 5) | 1 };

/**
 * `date` in local time, as unzippers show DOS stamps (they carry no time zone). Seconds are
 * stored halved; dates outside 1980–2107 are clamped to the range the fields can hold.
 */
export function dosStamp(date: Date): DosStamp {
  const year = date.getFullYear();
  if (Number.isNaN(year) || year < 1980) return DOS_EPOCH;
  if (year > 2107) return { time: (23 << 11) | (59 << 5) | 29, date: (127 << 9) | (12 << 5) | 31 };
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

function setUint64(view: DataView, at: number, value: number): void {
  view.setUint32(at, value % 0x100000000, true);
  view.setUint32(at + 4, Math.floor(value / 0x100000000), true);
}

const sizeNeedsZip64 = (size: number) => size >= MAX32;
const entryNeedsZip64 = (size: number, offset: number) => sizeNeedsZip64(size) || offset >= MAX32;

/** Local headers carry sizes but not offsets, so only the size decides their Zip64 extra. */
function localExtraSize(size: number): number {
  // APPNOTE 4.5.3: a local Zip64 extra holds both sizes, original and compressed.
  return sizeNeedsZip64(size) ? 4 + 16 : 0;
}

/**
 * In the central directory an entry needing Zip64 for anything gets all three fields (sizes and
 * offset) in its extra and the marker in all three header fields. Info-ZIP unzip 6.0 decides
 * which fields the extra holds from the header fields of the current entry or stale ones of the
 * previous entry: after an entry of exactly 0xFFFFFFFF bytes, it misread the next entry's
 * offset-only extra as a size and could not extract it (zipWriter.test.ts has that case).
 */
function centralExtraSize(size: number, offset: number): number {
  return entryNeedsZip64(size, offset) ? 4 + 24 : 0;
}

/** Local and central headers must agree; the version says whether Zip64 is needed to extract. */
function versionNeeded(size: number, offset: number): number {
  return entryNeedsZip64(size, offset) ? VERSION_ZIP64 : VERSION_CLASSIC;
}

export function localHeaderSize(nameLength: number, size: number): number {
  return LOCAL_HEADER_SIZE + nameLength + localExtraSize(size);
}

export function centralHeaderSize(nameLength: number, size: number, offset: number): number {
  return CENTRAL_HEADER_SIZE + nameLength + centralExtraSize(size, offset);
}

/** The local file header that precedes the entry's data. */
export function localHeader(entry: ZipEntry, stamp: DosStamp): Uint8Array {
  const { name, crc, size, offset } = entry;
  const extra = localExtraSize(size);
  const bytes = new Uint8Array(LOCAL_HEADER_SIZE + name.length + extra);
  const view = new DataView(bytes.buffer);
  const size32 = sizeNeedsZip64(size) ? MAX32 : size;
  view.setUint32(0, LOCAL_SIGNATURE, true);
  view.setUint16(4, versionNeeded(size, offset), true);
  view.setUint16(6, FLAG_UTF8, true);
  view.setUint16(8, METHOD_STORE, true);
  view.setUint16(10, stamp.time, true);
  view.setUint16(12, stamp.date, true);
  view.setUint32(14, crc, true);
  view.setUint32(18, size32, true); // compressed
  view.setUint32(22, size32, true); // uncompressed
  view.setUint16(26, name.length, true);
  view.setUint16(28, extra, true);
  bytes.set(name, LOCAL_HEADER_SIZE);
  if (extra) {
    const at = LOCAL_HEADER_SIZE + name.length;
    view.setUint16(at, ZIP64_EXTRA_TAG, true);
    view.setUint16(at + 2, extra - 4, true);
    setUint64(view, at + 4, size); // uncompressed
    setUint64(view, at + 12, size); // compressed
  }
  return bytes;
}

/** Writes the entry's central directory header at `at`; returns its length. */
export function writeCentralHeader(
  bytes: Uint8Array,
  view: DataView,
  at: number,
  entry: ZipEntry,
  stamp: DosStamp,
): number {
  const { name, crc, size, offset } = entry;
  const extra = centralExtraSize(size, offset);
  view.setUint32(at, CENTRAL_SIGNATURE, true);
  view.setUint16(at + 4, VERSION_MADE_BY, true);
  view.setUint16(at + 6, versionNeeded(size, offset), true);
  view.setUint16(at + 8, FLAG_UTF8, true);
  view.setUint16(at + 10, METHOD_STORE, true);
  view.setUint16(at + 12, stamp.time, true);
  view.setUint16(at + 14, stamp.date, true);
  view.setUint32(at + 16, crc, true);
  view.setUint32(at + 20, extra ? MAX32 : size, true); // compressed
  view.setUint32(at + 24, extra ? MAX32 : size, true); // uncompressed
  view.setUint16(at + 28, name.length, true);
  view.setUint16(at + 30, extra, true);
  view.setUint16(at + 32, 0, true); // comment length
  view.setUint16(at + 34, 0, true); // disk number start
  view.setUint16(at + 36, 0, true); // internal attributes
  view.setUint32(at + 38, EXTERNAL_ATTRIBUTES, true);
  view.setUint32(at + 42, extra ? MAX32 : offset, true);
  bytes.set(name, at + CENTRAL_HEADER_SIZE);
  if (extra) {
    const field = at + CENTRAL_HEADER_SIZE + name.length;
    view.setUint16(field, ZIP64_EXTRA_TAG, true);
    view.setUint16(field + 2, extra - 4, true);
    setUint64(view, field + 4, size); // uncompressed
    setUint64(view, field + 12, size); // compressed
    setUint64(view, field + 20, offset);
  }
  return CENTRAL_HEADER_SIZE + name.length + extra;
}

/** The end of the archive after its central directory. */
export interface ZipEnd {
  readonly entries: number;
  readonly directoryOffset: number;
  readonly directorySize: number;
}

function endNeedsZip64({ entries, directoryOffset, directorySize }: ZipEnd): boolean {
  return entries >= MAX16 || directoryOffset >= MAX32 || directorySize >= MAX32;
}

export function endRecordsSize(end: ZipEnd): number {
  return (endNeedsZip64(end) ? ZIP64_END_SIZE + ZIP64_LOCATOR_SIZE : 0) + END_SIZE;
}

/**
 * The end of central directory record, preceded by the Zip64 end record and its locator when a
 * count, size or offset does not fit the classic record.
 */
export function endRecords(end: ZipEnd): Uint8Array {
  const { entries, directoryOffset, directorySize } = end;
  const bytes = new Uint8Array(endRecordsSize(end));
  const view = new DataView(bytes.buffer);
  let at = 0;
  if (endNeedsZip64(end)) {
    view.setUint32(0, ZIP64_END_SIGNATURE, true);
    setUint64(view, 4, ZIP64_END_SIZE - 12); // size of the rest of this record
    view.setUint16(12, VERSION_MADE_BY, true);
    view.setUint16(14, VERSION_ZIP64, true);
    view.setUint32(16, 0, true); // this disk
    view.setUint32(20, 0, true); // disk where the central directory starts
    setUint64(view, 24, entries); // on this disk
    setUint64(view, 32, entries); // in total
    setUint64(view, 40, directorySize);
    setUint64(view, 48, directoryOffset);
    view.setUint32(56, ZIP64_LOCATOR_SIGNATURE, true);
    view.setUint32(60, 0, true); // disk with the Zip64 end record
    setUint64(view, 64, directoryOffset + directorySize); // where the Zip64 end record is
    view.setUint32(72, 1, true); // total disks
    at = ZIP64_END_SIZE + ZIP64_LOCATOR_SIZE;
  }
  view.setUint32(at, END_SIGNATURE, true);
  view.setUint16(at + 4, 0, true); // this disk
  view.setUint16(at + 6, 0, true); // disk where the central directory starts
  view.setUint16(at + 8, Math.min(entries, MAX16), true); // on this disk
  view.setUint16(at + 10, Math.min(entries, MAX16), true); // in total
  view.setUint32(at + 12, Math.min(directorySize, MAX32), true);
  view.setUint32(at + 16, Math.min(directoryOffset, MAX32), true);
  view.setUint16(at + 20, 0, true); // comment length
  return bytes;
}
