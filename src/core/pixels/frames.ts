/**
 * The bytes of one frame: a slice of native pixel data (swapped to little endian), or the
 * fragments of encapsulated pixel data that make up the frame (PS3.5 A.4), found by the Extended
 * Offset Table, the Basic Offset Table, one fragment per frame, or the codestream's own start
 * markers, in that order.
 */
import {
  UNDEFINED_LENGTH,
  findElement,
  valueBytes,
  type DicomFile,
  type Fragment,
} from '../dicom/dataset';
import { readNumbers } from '../dicom/values';
import {
  EXTENDED_OFFSET_TABLE,
  EXTENDED_OFFSET_TABLE_LENGTHS,
  PixelError,
  type ImageInfo,
} from './imageInfo';

/** Bytes of one native frame; for 1-bit pixels the frame may start mid-byte (`bitOffset`). */
export interface NativeFrame {
  readonly bytes: Uint8Array;
  readonly bitOffset: number;
}

/** The frame's stored bytes, little endian, or throws PixelError when the data is too short. */
export function nativeFrame(file: DicomFile, info: ImageInfo, index: number): NativeFrame {
  const ds = file.dataset;
  const all = valueBytes(ds, info.pixelElement);
  // YBR_FULL_422 native data holds two chroma samples per two pixels instead of four.
  const perPixel = info.photometric === 'YBR_FULL_422' ? 2 : info.samplesPerPixel;
  const frameBits = info.rows * info.columns * perPixel * info.bitsAllocated;
  const startBit = frameBits * index;
  const from = Math.floor(startBit / 8);
  const to = Math.ceil((startBit + frameBits) / 8);
  if (to > all.length) {
    throw new PixelError(
      `The image cannot be shown: its pixel data is shorter than ${info.frames} frame(s) of ${info.columns} × ${info.rows} need.`,
    );
  }
  let bytes = all.subarray(from, to);
  const bytesPerSample = info.bitsAllocated / 8;
  if (!ds.encoding.littleEndian && bytesPerSample > 1) {
    const swapped = new Uint8Array(bytes.length);
    for (let i = 0; i + bytesPerSample <= bytes.length; i += bytesPerSample)
      for (let b = 0; b < bytesPerSample; b++) swapped[i + b] = bytes[i + bytesPerSample - 1 - b]!;
    bytes = swapped;
  }
  return { bytes, bitOffset: startBit % 8 };
}

/** The frames of encapsulated pixel data, each as the list of its fragments' bytes. */
export function encapsulatedFrames(file: DicomFile, info: ImageInfo): Uint8Array[][] {
  const ds = file.dataset;
  const fragments = info.pixelElement.fragments;
  if (!fragments || info.pixelElement.length !== UNDEFINED_LENGTH) {
    throw new PixelError(
      `This image uses ${info.syntax.name}, but its pixel data is not encapsulated, so it cannot be shown.`,
    );
  }
  const source = ds.source;
  const bytesOf = (f: Fragment) => source.subarray(f.valueOffset, f.valueOffset + f.length);
  const data = fragments.slice(1);
  if (data.length === 0) throw new PixelError('The image cannot be shown: it has no fragments.');
  const frames = info.frames;

  const extended = findElement(ds, EXTENDED_OFFSET_TABLE);
  const lengths = findElement(ds, EXTENDED_OFFSET_TABLE_LENGTHS);
  if (extended && lengths) {
    const offsets = readNumbers(ds, extended);
    const sizes = readNumbers(ds, lengths);
    if (offsets.length === frames && sizes.length === frames) {
      const base = data[0]!.valueOffset - 8;
      return offsets.map((offset, i) => {
        const start = base + offset + 8;
        return [source.subarray(start, start + sizes[i]!)];
      });
    }
  }

  const table = fragments[0]!;
  if (table.length >= 4 && frames > 1) {
    const bot = bytesOf(table);
    const view = new DataView(bot.buffer, bot.byteOffset, bot.byteLength);
    const offsets: number[] = [];
    for (let i = 0; i + 4 <= bot.length; i += 4) offsets.push(view.getUint32(i, true));
    if (offsets.length === frames) return groupByOffsets(data, offsets).map((f) => f.map(bytesOf));
  }
  if (frames === 1) return [data.map(bytesOf)];
  if (data.length === frames) return data.map((f) => [bytesOf(f)]);
  // No usable table: a new frame starts at each fragment that starts a codestream.
  const groups: Uint8Array[][] = [];
  for (const fragment of data) {
    const bytes = bytesOf(fragment);
    if (groups.length === 0 || startsCodestream(bytes)) groups.push([bytes]);
    else groups[groups.length - 1]!.push(bytes);
  }
  if (groups.length < frames) {
    throw new PixelError(
      `The image cannot be shown: ${frames} frames are declared but only ${groups.length} were found in the pixel data.`,
    );
  }
  return groups.slice(0, frames);
}

/** Fragments grouped by Basic Offset Table offsets (measured from the first item's header). */
function groupByOffsets(data: readonly Fragment[], offsets: readonly number[]): Fragment[][] {
  const base = data[0]!.valueOffset - 8;
  const groups: Fragment[][] = offsets.map(() => []);
  let frame = 0;
  for (const fragment of data) {
    const position = fragment.valueOffset - 8 - base;
    while (frame + 1 < offsets.length && position >= offsets[frame + 1]!) frame++;
    groups[frame]!.push(fragment);
  }
  if (groups.some((g) => g.length === 0)) {
    throw new PixelError(
      'The image cannot be shown: its Basic Offset Table does not fit its data.',
    );
  }
  return groups;
}

/** JPEG, JPEG-LS (SOI), JPEG 2000 codestream (SOC SIZ) or JP2 file signature. */
function startsCodestream(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return true;
  if (bytes[0] === 0xff && bytes[1] === 0x4f && bytes[2] === 0xff && bytes[3] === 0x51) return true;
  return bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0 && bytes[3] === 0x0c;
}

/** One frame's fragments as one array (no copy when there is one fragment). */
export function joinFragments(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const total = parts.reduce((sum, p) => sum + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
