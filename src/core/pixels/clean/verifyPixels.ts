/**
 * Fail closed, for pixels: after Clean Pixel Data, the written image is decoded again from the
 * output's bytes and read by an OCR (tesseract, from bytes: ocr/), and what it reads is searched
 * for the file's and its study's identifiers with the header check's own matching. A name, ID or
 * birth date still readable quarantines the file; the reason names the frame and the region,
 * never the value. The first, middle and last frames are read: a cine shows the same overlay in
 * every frame, and reading every frame of every image would cost seconds per file. Overlay
 * planes the profile kept are read too (their first frame), since viewers draw them over the image.
 */
import type { DicomFile } from '../../dicom/dataset';
import { findElement, valueBytes } from '../../dicom/dataset';
import type { Identifier } from '../../deid/identifiers';
import { findLeaksInText, type LeakFinding, type TextPlace } from '../../deid/leakCheck';
import type { Codecs } from '../codecs';
import { decodeFrameSource, frameSource } from '../decodeFrame';
import { fullRangeLuminance, luminance } from '../detect/luminance';
import { PIXEL_DATA, readImageInfo } from '../imageInfo';
import type { ReadWord, TextReader } from '../ocr/types';
import { isPlane, overlaysOf, unpackFrame } from '../overlays/overlays';

/** Frames small enough to be read at twice their size (small print reads better so). */
const UPSCALE_BELOW = 800;

/** Which frames are read: first, middle, last. */
export function framesToRead(frames: number): number[] {
  return [...new Set([0, Math.floor((frames - 1) / 2), frames - 1])];
}

/**
 * The identifiers an OCR reads in the image of `output` (a written file), each with where it
 * was read ("frame 1, region x 10, y 4, 120 × 14"). Empty for a file without an image.
 */
export async function findPixelLeaks(
  output: DicomFile,
  identifiers: readonly Identifier[],
  reader: TextReader,
  codecs: Codecs,
  allowed: ReadonlySet<string> = new Set(),
): Promise<LeakFinding[]> {
  if (!findElement(output.dataset, PIXEL_DATA) || identifiers.length === 0) return [];
  const info = readImageInfo(output);
  const places: TextPlace[] = [];
  for (const frame of framesToRead(info.frames)) {
    const image = await decodeFrameSource(info, frameSource(output, info, frame), codecs);
    const scale = Math.max(image.columns, image.rows) < UPSCALE_BELOW ? 2 : 1;
    // As shown, and across all values where the window hides some (a user can move it).
    const views = [luminance(image), fullRangeLuminance(image)].filter((v) => v !== undefined);
    for (const data of views) {
      const size = { width: image.columns, height: image.rows };
      const words = await reader.read({ ...size, data }, undefined, { layout: 'sparse', scale });
      for (const line of lines(words)) {
        const where = `the image, frame ${frame + 1}, region ${describeBox(line.words)}`;
        const text = line.words.map((w) => w.text).join(' ');
        // OCR reads "^" and "," as letters or not at all: the words alone are searched too.
        places.push({ where, text }, { where, text: text.replace(/[^\p{L}\p{N}]+/gu, ' ') });
      }
    }
  }
  places.push(...(await overlayText(output, reader)));
  return findLeaksInText(places, identifiers, allowed);
}

/** What the OCR reads in the first frame of each overlay plane a profile kept. */
async function overlayText(output: DicomFile, reader: TextReader): Promise<TextPlace[]> {
  const places: TextPlace[] = [];
  const dataset = output.dataset;
  for (const plane of overlaysOf(dataset).filter(isPlane)) {
    const swap = !dataset.encoding.littleEndian && plane.element.vr === 'OW';
    const bits = valueBytes(dataset, plane.element);
    const image = { width: plane.columns, height: plane.rows };
    const data = unpackFrame(bits, plane, 0, swap);
    if (!data.includes(255)) continue;
    const scale = Math.max(plane.columns, plane.rows) < UPSCALE_BELOW ? 2 : 1;
    const words = await reader.read({ ...image, data }, undefined, { layout: 'sparse', scale });
    for (const line of lines(words)) {
      const group = plane.group.toString(16).toUpperCase();
      const where = `the overlay (${group},3000), frame 1, region ${describeBox(line.words)}`;
      const text = line.words.map((w) => w.text).join(' ');
      places.push({ where, text }, { where, text: text.replace(/[^\p{L}\p{N}]+/gu, ' ') });
    }
  }
  return places;
}

function lines(words: readonly ReadWord[]): Array<{ words: ReadWord[] }> {
  const byLine = new Map<number, ReadWord[]>();
  for (const word of words) {
    const list = byLine.get(word.line);
    if (list) list.push(word);
    else byLine.set(word.line, [word]);
  }
  return [...byLine.values()].map((list) => ({ words: list }));
}

function describeBox(words: readonly ReadWord[]): string {
  const x0 = Math.min(...words.map((w) => w.box.x));
  const y0 = Math.min(...words.map((w) => w.box.y));
  const x1 = Math.max(...words.map((w) => w.box.x + w.box.width));
  const y1 = Math.max(...words.map((w) => w.box.y + w.box.height));
  return `x ${x0}, y ${y0}, ${x1 - x0} × ${y1 - y0} pixels`;
}
