/**
 * Overlay planes (PS3.3 C.9.2): one bit per pixel in (60xx,3000), drawn by viewers on top of
 * the image. Scanners and workstations write annotations there, a name or an ID among them; a
 * profile that keeps overlays (Clean Graphics, a custom profile) keeps that text unless it is
 * found and cleared like text in the pixels.
 */
import type { DicomElement, DicomItem } from '../../dicom/dataset';
import { findElement, valueBytes } from '../../dicom/dataset';
import { readNumbers, readStrings } from '../../dicom/values';

export const OVERLAY_DATA_ELEMENT = 0x3000;

/** One overlay plane whose bits are in its own Overlay Data element. */
export interface OverlayPlane {
  /** 0x6000, 0x6002, … 0x601e. */
  readonly group: number;
  readonly rows: number;
  readonly columns: number;
  readonly frames: number;
  /** Zero-based image row and column of the overlay's top-left pixel. */
  readonly top: number;
  readonly left: number;
  readonly element: DicomElement;
}

/** What is wrong with an overlay group that cannot be read as a plane of bits. */
export interface BadOverlay {
  readonly group: number;
  readonly problem: string;
}

/** Planes larger than this (pixels, all frames) are not unpacked: treated as unreadable. */
const MAX_OVERLAY_PIXELS = 64 * 1024 * 1024;

/** The overlay groups of a data set, each read as a plane or said to be unreadable. */
export function overlaysOf(item: DicomItem): Array<OverlayPlane | BadOverlay> {
  const groups = new Set<number>();
  for (const element of item.elements) {
    const group = element.tag >>> 16;
    if (group >= 0x6000 && group <= 0x601e && group % 2 === 0) groups.add(group);
  }
  return [...groups].sort((a, b) => a - b).map((group) => readPlane(item, group));
}

export const isPlane = (overlay: OverlayPlane | BadOverlay): overlay is OverlayPlane =>
  'element' in overlay;

function readPlane(item: DicomItem, group: number): OverlayPlane | BadOverlay {
  const at = (element: number) => findElement(item, ((group << 16) | element) >>> 0);
  const number = (element: number): number | undefined => {
    const found = at(element);
    return found ? readNumbers(item, found)[0] : undefined;
  };
  const data = at(OVERLAY_DATA_ELEMENT);
  if (!data) {
    // Before 2004 overlays could live in the unused high bits of Pixel Data (retired).
    return { group, problem: 'its bits are in the Pixel Data (a retired form)' };
  }
  if (data.items || data.fragments) return { group, problem: 'its Overlay Data is not bits' };
  const rows = number(0x0010) ?? 0;
  const columns = number(0x0011) ?? 0;
  const frames = Math.max(1, Math.trunc(framesOf(item, at(0x0015)) ?? 1));
  const bitsAllocated = number(0x0100) ?? 1;
  const bitPosition = number(0x0102) ?? 0;
  if (!(rows > 0 && columns > 0) || rows * columns * frames > MAX_OVERLAY_PIXELS)
    return { group, problem: `its size (${rows} × ${columns} × ${frames}) cannot be read` };
  if (bitsAllocated !== 1 || bitPosition !== 0)
    return { group, problem: 'its bits are not one per pixel' };
  if (valueBytes(item, data).length * 8 < rows * columns * frames)
    return { group, problem: 'its Overlay Data is shorter than its size' };
  const origin = at(0x0050);
  const [row = 1, column = 1] = origin ? readNumbers(item, origin) : [];
  return { group, rows, columns, frames, top: row - 1, left: column - 1, element: data };
}

function framesOf(item: DicomItem, element: DicomElement | undefined): number | undefined {
  if (!element) return undefined;
  const value = Number(readStrings(item, element)[0]);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * The bits of one frame of a plane as 8-bit grey (set: 255), row after row. Bits are packed
 * from the least significant bit of each byte up (of each 16-bit word, for OW in big endian).
 */
export function unpackFrame(bits: Uint8Array, plane: OverlayPlane, frame: number, swap: boolean) {
  const size = plane.rows * plane.columns;
  const grey = new Uint8Array(size);
  const first = frame * size;
  for (let i = 0; i < size; i++) {
    const bit = first + i;
    const byte = swap ? (bit >>> 3) ^ 1 : bit >>> 3;
    if ((bits[byte]! >>> (bit & 7)) & 1) grey[i] = 255;
  }
  return grey;
}

/** Clears the bits of a box (plane coordinates) in one frame; returns how many were set. */
export function clearBox(
  bits: Uint8Array,
  plane: OverlayPlane,
  frame: number,
  box: { x0: number; y0: number; x1: number; y1: number },
  swap: boolean,
): number {
  const first = frame * plane.rows * plane.columns;
  let cleared = 0;
  for (let y = Math.max(0, box.y0); y < Math.min(plane.rows, box.y1); y++)
    for (let x = Math.max(0, box.x0); x < Math.min(plane.columns, box.x1); x++) {
      const bit = first + y * plane.columns + x;
      const byte = swap ? (bit >>> 3) ^ 1 : bit >>> 3;
      const mask = 1 << (bit & 7);
      if (bits[byte]! & mask) {
        bits[byte]! &= ~mask;
        cleared++;
      }
    }
  return cleared;
}
