/**
 * A displayable frame → one byte of brightness a pixel, as a viewer would show it: grey images
 * through their default window (MONOCHROME1 inverted), colour images as luma (BT.601).
 */
import type { DisplayImage } from '../display';

export function luminance(image: DisplayImage): Uint8Array {
  const count = image.rows * image.columns;
  const out = new Uint8Array(count);
  if (image.kind === 'colour') {
    const rgba = image.rgba;
    for (let i = 0, j = 0; i < count; i++, j += 4) {
      // 0.299, 0.587, 0.114 in 1/1024ths.
      out[i] = (306 * rgba[j]! + 601 * rgba[j + 1]! + 117 * rgba[j + 2]! + 512) >> 10;
    }
    return out;
  }
  const { pixels, min, max, slope, intercept, windowCenter, windowWidth, invert } = image;
  const low = windowCenter - windowWidth / 2;
  const scale = 255 / Math.max(windowWidth, 1e-9);
  // One entry per stored value between min and max (toDisplayImage keeps that under 65536).
  const lut = new Uint8Array(Math.max(max - min + 1, 1));
  for (let v = min; v <= max; v++) {
    const shown = Math.round(((v * slope + intercept - low) * scale) as number);
    const clipped = shown < 0 ? 0 : shown > 255 ? 255 : shown;
    lut[v - min] = invert ? 255 - clipped : clipped;
  }
  for (let i = 0; i < count; i++) out[i] = lut[pixels[i]! - min]!;
  return out;
}
