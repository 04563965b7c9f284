/**
 * Text a compressor or a vendor wrote into the header of a compressed frame: JPEG comment (COM)
 * and application (APPn) segments, JPEG 2000 comments. Decoders ignore them, viewers and tools
 * such as `strings` show them, and they may hold the patient's name or ID. The leak check does
 * not search pixel data (an image's bytes would match names by chance), so the engine searches
 * these segments itself and blanks the payload of each that holds an identifier: zero bytes of
 * the same length, so that every fragment, offset table and decoder sees the same layout and the
 * image decodes to the same pixels. Segments that identify nobody (an encoder's name) are kept,
 * so files without such text are written byte for byte as before.
 */
import { UNDEFINED_LENGTH, type DicomElement, type DicomFile } from '../dicom/dataset';
import { PIXEL_DATA } from '../pixels/imageInfo';

/** A byte range [start, end) of the data set's source to blank. */
interface Range {
  readonly start: number;
  readonly end: number;
}

const COM = 0xfe;
const SOS = 0xda;
const EOI = 0xd9;
/**
 * APPn segments that decoding depends on, which hold no free text: JFIF (APP0), ICC profile
 * (APP2), JPEG-LS colour transforms (APP8), Adobe colour transform (APP14).
 */
const NEEDED_APP = new Set([0xe0, 0xe2, 0xe8, 0xee]);
const J2K_COM = 0x64;
/** Where a finding in texts copied unread (DeidContext.copiedTexts) is said to be. */
export const COPIED_TEXTS = '(7FE0,0010) comments of the compressed frames';
const J2K_SOT = 0x90;
const latin1 = new TextDecoder('latin1');

/**
 * The file with the payloads blanked of those text segments of its encapsulated frames for which
 * `identifies` (given the payload read as Latin-1) is true, and how many were blanked; `file`
 * itself (not a copy) when there are none. The input's bytes are never written to: the data set
 * gets a changed copy of its source.
 */
export function blankCodestreamText(
  file: DicomFile,
  identifies: (text: string) => boolean,
): { file: DicomFile; segments: number } {
  const dataset = file.dataset;
  const pixels = dataset.elements.find((e) => e.tag === PIXEL_DATA);
  if (!pixels?.fragments || pixels.length !== UNDEFINED_LENGTH) return { file, segments: 0 };
  const ranges = textRanges(dataset.source, pixels).filter(({ start, end }) =>
    identifies(latin1.decode(dataset.source.subarray(start, end))),
  );
  if (ranges.length === 0) return { file, segments: 0 };
  // A copy, never a view: a Node Buffer's slice() would share the input's memory.
  const source = new Uint8Array(dataset.source);
  for (const { start, end } of ranges) source.fill(0, start, end);
  return { file: { ...file, dataset: { ...dataset, source } }, segments: ranges.length };
}

function textRanges(source: Uint8Array, pixels: DicomElement): Range[] {
  const ranges: Range[] = [];
  // Fragment 0 is the offset table; a frame's header is at the start of a fragment.
  for (const fragment of (pixels.fragments ?? []).slice(1))
    fragmentRanges(source, fragment.valueOffset, fragment.valueOffset + fragment.length, ranges);
  return ranges;
}

/**
 * The text segments' payloads at the start of one fragment, `bytes` (the fragment or its first
 * bytes), as Latin-1: for callers that copy the fragments without reading them whole (large
 * files, bulkData.ts). A segment that runs past `bytes` is given as far as it goes.
 */
export function fragmentTexts(bytes: Uint8Array): string[] {
  const ranges: Range[] = [];
  fragmentRanges(bytes, 0, bytes.length, ranges);
  return ranges.map(({ start, end }) => latin1.decode(bytes.subarray(start, end)));
}

function fragmentRanges(source: Uint8Array, start: number, to: number, out: Range[]): void {
  const end = Math.min(source.length, to);
  if (end - start < 4 || source[start] !== 0xff) return;
  if (source[start + 1] === 0xd8) jpegRanges(source, start + 2, end, out);
  else if (source[start + 1] === 0x4f && source[start + 3] === 0x51)
    j2kRanges(source, start + 2, end, out);
}

/** JPEG (ISO 10918, and JPEG-LS, which shares its marker syntax): every header segment. */
function jpegRanges(source: Uint8Array, from: number, end: number, out: Range[]): void {
  let at = from;
  while (at + 4 <= end) {
    if (source[at] !== 0xff) return;
    const marker = source[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === EOI) return;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const length = (source[at + 2]! << 8) | source[at + 3]!;
    if (length < 2) return;
    const segmentEnd = at + 2 + length;
    const isText = marker === COM || (marker >= 0xe0 && marker <= 0xef && !NEEDED_APP.has(marker));
    if (isText) out.push({ start: at + 4, end: Math.min(segmentEnd, end) });
    if (segmentEnd >= end) return;
    at = marker === SOS ? afterEntropyData(source, segmentEnd, end) : segmentEnd;
  }
}

/** Past a scan's entropy-coded data, to the next marker that is not a restart or a stuffed 0. */
function afterEntropyData(source: Uint8Array, from: number, end: number): number {
  for (let at = from; at + 1 < end; at++) {
    if (source[at] !== 0xff) continue;
    const next = source[at + 1]!;
    if (next !== 0 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) return at;
  }
  return end;
}

/** JPEG 2000 codestream: the main header's comments (text after their 2-byte Rcom). */
function j2kRanges(source: Uint8Array, from: number, end: number, out: Range[]): void {
  let at = from;
  while (at + 4 <= end) {
    if (source[at] !== 0xff) return;
    const marker = source[at + 1]!;
    if (marker === J2K_SOT) return;
    const length = (source[at + 2]! << 8) | source[at + 3]!;
    if (length < 2) return;
    const segmentEnd = at + 2 + length;
    if (marker === J2K_COM && length > 4)
      out.push({ start: at + 6, end: Math.min(segmentEnd, end) });
    at = segmentEnd;
  }
}
