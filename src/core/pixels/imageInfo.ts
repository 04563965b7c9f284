/**
 * The Image Pixel module of a data set (PS3.3 C.7.6.3), read once: everything the decoders and
 * the viewer need to turn the bytes of a frame into something to look at.
 */
import { findElement, valueBytes, type DicomElement, type DicomFile } from '../dicom/dataset';
import { readNumbers, readStrings } from '../dicom/values';
import { tag } from '../dicom/tag';
import { describeSyntax, type SyntaxDescription } from './syntaxes';

/** Pixels that cannot be shown, with the reason in words for the person looking. */
export class PixelError extends Error {
  override readonly name = 'PixelError';
}

export const PIXEL_DATA = tag(0x7fe0, 0x0010);
export const FLOAT_PIXEL_DATA = tag(0x7fe0, 0x0008);
export const DOUBLE_FLOAT_PIXEL_DATA = tag(0x7fe0, 0x0009);
export const EXTENDED_OFFSET_TABLE = tag(0x7fe0, 0x0001);
export const EXTENDED_OFFSET_TABLE_LENGTHS = tag(0x7fe0, 0x0002);

export interface PaletteChannel {
  /** Number of entries (0 in the descriptor means 65536). */
  readonly entries: number;
  /** The stored value mapped to entry 0. */
  readonly firstMapped: number;
  readonly bits: number;
  readonly data: Uint16Array | Uint8Array;
}

/** What decoding needs to know: plain data, so it can be posted to a worker. */
export interface PixelLayout {
  readonly syntaxUid: string;
  readonly syntax: SyntaxDescription;
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel: number;
  readonly photometric: string;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  /** 0 unsigned, 1 two's complement. */
  readonly pixelRepresentation: number;
  /** 0 interleaved (R1 G1 B1 R2 …), 1 by plane (R1 R2 … G1 G2 … B1 B2 …). */
  readonly planarConfiguration: number;
  readonly frames: number;
  readonly slope: number;
  readonly intercept: number;
  readonly windowCenter?: number;
  readonly windowWidth?: number;
  /** 'float32' or 'float64' for Float / Double Float Pixel Data. */
  readonly float?: 'float32' | 'float64';
  readonly palette?: readonly [PaletteChannel, PaletteChannel, PaletteChannel];
}

export interface ImageInfo extends PixelLayout {
  /** The element holding the pixels, in `file.dataset`. */
  readonly pixelElement: DicomElement;
}

/** The layout alone, without the element (which points into the file): safe to post. */
export function plainLayout(info: PixelLayout): PixelLayout {
  const copy: Record<string, unknown> = { ...info };
  delete copy.pixelElement;
  return copy as unknown as PixelLayout;
}

const ROWS = tag(0x0028, 0x0010);
const COLUMNS = tag(0x0028, 0x0011);
const SAMPLES_PER_PIXEL = tag(0x0028, 0x0002);
const PHOTOMETRIC = tag(0x0028, 0x0004);
const PLANAR_CONFIGURATION = tag(0x0028, 0x0006);
const NUMBER_OF_FRAMES = tag(0x0028, 0x0008);
const BITS_ALLOCATED = tag(0x0028, 0x0100);
const BITS_STORED = tag(0x0028, 0x0101);
const PIXEL_REPRESENTATION = tag(0x0028, 0x0103);
const WINDOW_CENTER = tag(0x0028, 0x1050);
const WINDOW_WIDTH = tag(0x0028, 0x1051);
const RESCALE_INTERCEPT = tag(0x0028, 0x1052);
const RESCALE_SLOPE = tag(0x0028, 0x1053);
const PALETTE_DESCRIPTORS = [tag(0x0028, 0x1101), tag(0x0028, 0x1102), tag(0x0028, 0x1103)];
const PALETTE_DATA = [tag(0x0028, 0x1201), tag(0x0028, 0x1202), tag(0x0028, 0x1203)];
const SEGMENTED_PALETTE_RED = tag(0x0028, 0x1221);

const MAX_PIXELS_PER_FRAME = 2 ** 28;

/** Reads the pixel description of a file; throws PixelError when there is nothing to show. */
export function readImageInfo(file: DicomFile): ImageInfo {
  const ds = file.dataset;
  const number = (t: number): number | undefined => {
    const element = findElement(ds, t);
    if (!element) return undefined;
    const value = readNumbers(ds, element)[0];
    return value !== undefined && Number.isFinite(value) ? value : undefined;
  };
  const text = (t: number): string => {
    const element = findElement(ds, t);
    return element ? (readStrings(ds, element)[0] ?? '') : '';
  };

  const pixelElement =
    findElement(ds, PIXEL_DATA) ??
    findElement(ds, FLOAT_PIXEL_DATA) ??
    findElement(ds, DOUBLE_FLOAT_PIXEL_DATA);
  if (!pixelElement) throw new PixelError('This file has no image: it holds no pixel data.');
  const float =
    pixelElement.tag === FLOAT_PIXEL_DATA
      ? 'float32'
      : pixelElement.tag === DOUBLE_FLOAT_PIXEL_DATA
        ? 'float64'
        : undefined;

  const syntaxUid = file.transferSyntax.uid;
  const syntax = describeSyntax(syntaxUid);
  const rows = number(ROWS) ?? 0;
  const columns = number(COLUMNS) ?? 0;
  if (rows <= 0 || columns <= 0) {
    throw new PixelError('The image cannot be shown: it has no Rows or Columns.');
  }
  if (rows * columns > MAX_PIXELS_PER_FRAME) {
    throw new PixelError(`The image cannot be shown: ${columns} × ${rows} pixels is too large.`);
  }
  const samplesPerPixel = number(SAMPLES_PER_PIXEL) ?? 1;
  const photometric = (text(PHOTOMETRIC) || (samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2'))
    .toUpperCase()
    .trim();
  const bitsAllocated =
    float === 'float32' ? 32 : float === 'float64' ? 64 : number(BITS_ALLOCATED);
  if (bitsAllocated === undefined || ![1, 8, 16, 32, 64].includes(bitsAllocated)) {
    throw new PixelError(
      `The image cannot be shown: Bits Allocated is ${bitsAllocated ?? 'missing'} (1, 8, 16 or 32 expected).`,
    );
  }
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3) {
    throw new PixelError(
      `The image cannot be shown: ${samplesPerPixel} samples per pixel (1 or 3 expected).`,
    );
  }
  const bitsStored = Math.min(number(BITS_STORED) ?? bitsAllocated, bitsAllocated);
  const frames = Math.max(1, Math.floor(number(NUMBER_OF_FRAMES) ?? 1));
  const windowCenter = number(WINDOW_CENTER);
  const windowWidth = number(WINDOW_WIDTH);
  const slope = number(RESCALE_SLOPE);

  return {
    syntaxUid,
    syntax,
    rows,
    columns,
    samplesPerPixel,
    photometric,
    bitsAllocated,
    bitsStored: bitsStored > 0 ? bitsStored : bitsAllocated,
    pixelRepresentation: number(PIXEL_REPRESENTATION) === 1 ? 1 : 0,
    planarConfiguration: number(PLANAR_CONFIGURATION) === 1 ? 1 : 0,
    frames,
    slope: slope === undefined || slope === 0 ? 1 : slope,
    intercept: number(RESCALE_INTERCEPT) ?? 0,
    ...(windowCenter !== undefined && windowWidth !== undefined && windowWidth > 0
      ? { windowCenter, windowWidth }
      : {}),
    ...(float ? { float } : {}),
    ...(photometric === 'PALETTE COLOR' ? { palette: readPalette(file) } : {}),
    pixelElement,
  };
}

function readPalette(file: DicomFile): [PaletteChannel, PaletteChannel, PaletteChannel] {
  const ds = file.dataset;
  if (findElement(ds, SEGMENTED_PALETTE_RED)) {
    throw new PixelError(
      'This PALETTE COLOR image uses a segmented palette, which cannot be decoded yet.',
    );
  }
  const channel = (index: number): PaletteChannel => {
    const descriptorElement = findElement(ds, PALETTE_DESCRIPTORS[index]!);
    const dataElement = findElement(ds, PALETTE_DATA[index]!);
    if (!descriptorElement || !dataElement) {
      throw new PixelError('This PALETTE COLOR image cannot be shown: its palette is missing.');
    }
    // The descriptor is US or SS by the pixel representation; read its bytes as unsigned.
    const raw = valueBytes(ds, descriptorElement);
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const le = ds.encoding.littleEndian;
    if (raw.length < 6) throw new PixelError('This PALETTE COLOR image has a broken palette.');
    const entries = view.getUint16(0, le) || 65536;
    const firstMapped = view.getUint16(2, le);
    const bits = view.getUint16(4, le) === 8 ? 8 : 16;
    const bytes = valueBytes(ds, dataElement);
    let data: Uint16Array | Uint8Array;
    if (bits === 8 && bytes.length === entries) {
      data = bytes.slice();
    } else {
      data = new Uint16Array(Math.floor(bytes.length / 2));
      const dataView = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0; i < data.length; i++) data[i] = dataView.getUint16(i * 2, le);
      // Some writers store 8-bit entries in the high byte only while saying 16 bits.
    }
    if (data.length < entries) {
      throw new PixelError('This PALETTE COLOR image cannot be shown: its palette is too short.');
    }
    return { entries, firstMapped, bits, data };
  };
  return [channel(0), channel(1), channel(2)];
}
