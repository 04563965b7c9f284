/**
 * Native (uncompressed) pixel data: the boxes are filled in a copy of the value, or in the value
 * itself where it lies when the caller gives up the file's bytes (`inPlace`: a large multi-frame
 * image is then not held twice), in the file's own byte order, so every byte outside a box stays
 * exactly as stored.
 * YBR_FULL_422 is the one exception: two pixels share their chroma there, so a box edge falling
 * between them could not be made black without changing the pixel outside; such data is
 * expanded to YBR_FULL (chroma repeated, which is how it is displayed anyway) and then filled.
 */
import { valueBytes, type DicomFile } from '../../dicom/dataset';
import { PixelError, type ImageInfo } from '../imageInfo';
import type { Rect } from './boxes';
import { blackValues, storedPattern } from './fillValue';
import { fillRects, frameBytes, type FrameGeometry } from './fillRects';

export interface NativeRedaction {
  /** The new Pixel Data value, in the data set's byte order (odd lengths are padded on write). */
  readonly bytes: Uint8Array;
  /** Set when the photometric interpretation had to change (YBR_FULL_422 → YBR_FULL). */
  readonly photometric?: string;
}

export function redactNative(
  file: DicomFile,
  info: ImageInfo,
  rects: readonly (readonly Rect[])[],
  inPlace = false,
): NativeRedaction {
  checkIntegerSamples(info);
  const stored = valueBytes(file.dataset, info.pixelElement);
  const littleEndian = file.dataset.encoding.littleEndian;
  const bytesPerSample = info.bitsAllocated / 8;
  const is422 = info.photometric === 'YBR_FULL_422';
  if (is422 && info.columns % 2 !== 0) {
    throw new PixelError(
      `This YBR_FULL_422 image has an odd number of columns (${info.columns}), which that layout does not allow.`,
    );
  }
  const storedFrame =
    info.rows * info.columns * (is422 ? 2 : info.samplesPerPixel) * bytesPerSample;
  if (storedFrame * info.frames > stored.length) {
    throw new PixelError(
      `The pixel data holds ${stored.length} bytes, fewer than the ${info.frames} frame(s) of ${info.columns} × ${info.rows} it declares (${storedFrame * info.frames}).`,
    );
  }
  const geometry: FrameGeometry = {
    rows: info.rows,
    columns: info.columns,
    samplesPerPixel: info.samplesPerPixel,
    bytesPerSample,
    planar: info.planarConfiguration === 1 && info.samplesPerPixel > 1 && !is422,
    littleEndian,
  };
  const photometric = is422 ? 'YBR_FULL' : info.photometric;
  const values = blackValues(info, {
    photometric,
    samplesPerPixel: info.samplesPerPixel,
    bitsStored: info.bitsStored,
    signed: info.pixelRepresentation === 1,
  });
  const patterns = values.map((v) => storedPattern(v, info.bitsAllocated));
  // The copy keeps whatever follows the last frame (padding, stray bytes) as it was.
  const out = is422
    ? expand422(stored, info.frames, geometry, storedFrame)
    : inPlace
      ? stored
      : stored.slice();
  const size = frameBytes(geometry);
  rects.forEach((frameRects, frame) => {
    if (frameRects.length > 0) fillRects(out, frame * size, geometry, frameRects, patterns);
  });
  return is422 ? { bytes: out, photometric } : { bytes: out };
}

/** Refuses what cannot be filled sample by sample (1-bit pixels, float pixel data). */
export function checkIntegerSamples(info: ImageInfo): void {
  if (info.float) {
    throw new PixelError('Float Pixel Data cannot be redacted: it holds no burned-in text images.');
  }
  if (info.bitsAllocated === 1) {
    throw new PixelError(
      'This image has 1-bit pixels (a segmentation or a bitmap), which redaction does not support.',
    );
  }
  if (![8, 16, 32].includes(info.bitsAllocated)) {
    throw new PixelError(`Pixels of ${info.bitsAllocated} bits cannot be redacted.`);
  }
}

/** Y1 Y2 Cb Cr per pixel pair → Y Cb Cr per pixel, frame after frame (PS3.3 C.7.6.3.1.2). */
function expand422(
  stored: Uint8Array,
  frames: number,
  g: FrameGeometry,
  storedFrame: number,
): Uint8Array {
  const bps = g.bytesPerSample;
  const out = new Uint8Array(frameBytes(g) * frames);
  let o = 0;
  for (let frame = 0; frame < frames; frame++) {
    const base = frame * storedFrame;
    for (let i = base; i < base + storedFrame; i += 4 * bps) {
      const y1 = stored.subarray(i, i + bps);
      const y2 = stored.subarray(i + bps, i + 2 * bps);
      const chroma = stored.subarray(i + 2 * bps, i + 4 * bps);
      out.set(y1, o);
      out.set(chroma, o + bps);
      out.set(y2, o + 3 * bps);
      out.set(chroma, o + 4 * bps);
      o += 6 * bps;
    }
  }
  return out;
}
