/**
 * Overlays in the retired form (before 2004, PS3.5 8.1.2): an overlay group without Overlay
 * Data whose Overlay Bit Position points at one of the unused high bits of each pixel sample,
 * above Bits Stored. Viewers still draw such an overlay from those bits, and what devices drew
 * there was often a name or an ID. Removing the group's description leaves the bits, and the
 * text, in the pixel data: under Clean Pixel Data those bits are cleared.
 */
import type { DicomFile, DicomItem } from '../../dicom/dataset';
import { findElement } from '../../dicom/dataset';
import { readNumbers } from '../../dicom/values';
import { PIXEL_DATA, PixelError, readImageInfo, type ImageInfo } from '../imageInfo';
import { OVERLAY_DATA_ELEMENT } from './overlays';

const BITS_ALLOCATED = 0x0100;
const BIT_POSITION = 0x0102;

/**
 * The bit positions (0 = least significant bit of a sample) of the overlays of `item` that live
 * in its pixel data: groups without Overlay Data whose Bit Position is at or above Bits Stored
 * and below Bits Allocated. Read from the data set before a profile removes the groups.
 */
export function overlayBitsInPixelData(
  item: DicomItem,
  image: Pick<ImageInfo, 'bitsAllocated' | 'bitsStored'>,
): number[] {
  const groups = new Set<number>();
  for (const { tag } of item.elements) {
    const group = tag >>> 16;
    if (group >= 0x6000 && group <= 0x601e && group % 2 === 0) groups.add(group);
  }
  const positions = new Set<number>();
  for (const group of groups) {
    const number = (element: number): number | undefined => {
      const found = findElement(item, ((group << 16) | element) >>> 0);
      return found && !found.items ? readNumbers(item, found)[0] : undefined;
    };
    if (findElement(item, ((group << 16) | OVERLAY_DATA_ELEMENT) >>> 0)) continue;
    const position = number(BIT_POSITION);
    const allocated = number(BITS_ALLOCATED);
    // The retired form says the overlay's bits are allocated like the pixels' own.
    if (allocated !== undefined && allocated !== image.bitsAllocated) continue;
    if (position === undefined || !Number.isInteger(position)) continue;
    if (position >= image.bitsStored && position < image.bitsAllocated) positions.add(position);
  }
  return [...positions].sort((a, b) => a - b);
}

/**
 * Native pixel data with the bits at `positions` cleared in every sample; `cleared` counts the
 * samples that had any of them set. The sample layout (planes, frames) does not matter: every
 * sample of `bytesPerSample` bytes is treated alike, in the data set's byte order. Bytes after
 * the last whole sample (padding) are copied as they are.
 */
export function clearSampleBits(
  stored: Uint8Array,
  bitsAllocated: number,
  littleEndian: boolean,
  positions: readonly number[],
): { bytes: Uint8Array; cleared: number } {
  const size = bitsAllocated / 8;
  // The mask to keep, byte by byte within a sample, in storage order.
  const keep = new Uint8Array(size).fill(0xff);
  for (const position of positions) {
    const byte = littleEndian ? position >>> 3 : size - 1 - (position >>> 3);
    keep[byte]! &= ~(1 << (position & 7));
  }
  const bytes = stored.slice();
  let cleared = 0;
  const end = stored.length - (stored.length % size);
  for (let at = 0; at < end; at += size) {
    let had = false;
    for (let b = 0; b < size; b++) {
      const v = bytes[at + b]!;
      const kept = v & keep[b]!;
      if (kept !== v) {
        had = true;
        bytes[at + b] = kept;
      }
    }
    if (had) cleared++;
  }
  return { bytes, cleared };
}

/**
 * overlayBitsInPixelData for a whole file, before a profile edits it; empty when the file has
 * no image (or one that cannot be described: cleaning it fails later with the reason).
 */
export function overlayBitsOfFile(file: DicomFile): number[] {
  if (!findElement(file.dataset, PIXEL_DATA)) return [];
  try {
    return overlayBitsInPixelData(file.dataset, readImageInfo(file));
  } catch (error) {
    if (error instanceof PixelError) return [];
    throw error;
  }
}
