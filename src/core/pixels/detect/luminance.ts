/**
 * A displayable frame → one byte of brightness a pixel, as a viewer would show it: grey images
 * through their default window (MONOCHROME1 inverted), colour images as luma (BT.601).
 */
import type { DisplayImage, GreyImage } from '../display';

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

/**
 * A grey frame whose default window hides part of its values (a CT shown at a soft-tissue
 * window), rendered again across all of them: from the 0.5th percentile of its stored values to
 * its maximum. Text burned in at a value the window clips to white, or to black, shows here as a
 * viewer shows it once the user moves the window. Undefined when the window already spans them.
 */
export function fullRangeLuminance(image: DisplayImage): Uint8Array | undefined {
  if (image.kind !== 'grey') return undefined;
  const { pixels, min, max, slope, intercept, windowCenter, windowWidth } = image;
  const shownLow = (windowCenter - windowWidth / 2 - intercept) / (slope || 1);
  const shownHigh = (windowCenter + windowWidth / 2 - intercept) / (slope || 1);
  const [windowMin, windowMax] =
    shownLow <= shownHigh ? [shownLow, shownHigh] : [shownHigh, shownLow];
  if (windowMin <= min && windowMax >= max) return undefined;
  const low = percentile(image, 0.005);
  if (max <= low) return undefined;
  const scale = 255 / (max - low);
  const lut = new Uint8Array(max - min + 1);
  for (let v = min; v <= max; v++) {
    const shown = Math.round((v - low) * scale);
    const clipped = shown < 0 ? 0 : shown > 255 ? 255 : shown;
    lut[v - min] = image.invert ? 255 - clipped : clipped;
  }
  const out = new Uint8Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = lut[pixels[i]! - min]!;
  return out;
}

function percentile({ pixels, min, max }: GreyImage, share: number): number {
  const counts = new Uint32Array(max - min + 1);
  for (let i = 0; i < pixels.length; i++) counts[pixels[i]! - min]!++;
  const target = pixels.length * share;
  let seen = 0;
  for (let v = 0; v < counts.length; v++) {
    seen += counts[v]!;
    if (seen > target) return v + min;
  }
  return max;
}
