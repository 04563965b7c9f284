/**
 * Clean Pixel Data for overlay planes: the text an overlay draws over the image is found by the
 * same detector as text in the pixels (on the plane's bits, as white on black) and its bits are
 * cleared, together with the regions blacked out in the image below it. The rest of the overlay
 * (outlines, arrows, rulers) stays. An overlay group that cannot be read as a plane of bits is
 * removed whole: what cannot be looked at cannot be vouched for.
 */
import type { DicomItem } from '../../dicom/dataset';
import { valueBytes } from '../../dicom/dataset';
import { removeElements, setValueBytes } from '../../dicom/edit';
import { detectTextInGrey } from '../detect/detectText';
import { framesToScan } from '../detect/framesToScan';
import type { RedactionBox } from '../redact/boxes';
import { isPlane, overlaysOf, unpackFrame, clearBox, type OverlayPlane } from './overlays';

/** What was done to the overlays of one file, for the report. */
export interface OverlayCleanReport {
  /** Overlay planes looked at. */
  readonly planes: number;
  /** Boxes whose bits were cleared, over all planes. */
  readonly regions: number;
  /** Overlay groups removed whole, and why (never their content). */
  readonly removed: readonly string[];
}

/**
 * Cleans the overlays of `item` in place (edits only: the source bytes are not touched).
 * `imageBoxes` are the image's blacked-out regions, in image coordinates. Undefined when the
 * data set has no overlay.
 */
export function cleanOverlays(
  item: DicomItem,
  imageBoxes: readonly RedactionBox[],
): OverlayCleanReport | undefined {
  const overlays = overlaysOf(item);
  if (overlays.length === 0) return undefined;
  let planes = 0;
  let regions = 0;
  const removed: string[] = [];
  for (const overlay of overlays) {
    if (!isPlane(overlay)) {
      removeElements(item, (e) => e.tag >>> 16 === overlay.group);
      removed.push(`overlay ${hex(overlay.group)}: ${overlay.problem}`);
      continue;
    }
    planes++;
    regions += cleanPlane(item, overlay, imageBoxes);
  }
  return { planes, regions, removed };
}

function cleanPlane(
  item: DicomItem,
  plane: OverlayPlane,
  imageBoxes: readonly RedactionBox[],
): number {
  const swap = !item.encoding.littleEndian && plane.element.vr === 'OW';
  const bits = valueBytes(item, plane.element).slice();
  const boxes: Array<{ x0: number; y0: number; x1: number; y1: number }> = [];
  for (const frame of framesToScan(plane.frames)) {
    const grey = unpackFrame(bits, plane, frame, swap);
    for (const b of detectTextInGrey(grey, plane.columns, plane.rows, { polarity: 'bright' }))
      boxes.push({ x0: b.x, y0: b.y, x1: b.x + b.w, y1: b.y + b.h });
  }
  // The image's regions, where the overlay lies over them: text drawn there is the same text.
  for (const b of imageBoxes) {
    const x0 = b.x - plane.left;
    const y0 = b.y - plane.top;
    boxes.push({ x0, y0, x1: x0 + b.width, y1: y0 + b.height });
  }
  let regions = 0;
  for (const box of boxes) {
    let cleared = 0;
    for (let frame = 0; frame < plane.frames; frame++)
      cleared += clearBox(bits, plane, frame, box, swap);
    if (cleared > 0) regions++;
  }
  if (regions > 0) setValueBytes(plane.element, bits);
  return regions;
}

const hex = (group: number) => `(${group.toString(16).toUpperCase().padStart(4, '0')},xxxx)`;
