/**
 * What the OCR is given: the frame or a box of it (with a margin), dark text on a light ground,
 * upscaled, as a binary PGM that Leptonica reads without any image library. Shared by the
 * reader and by the measurements, which hand the same pixels to Debian's tesseract.
 */
import type { Box, GreyImage8 } from './types';

/** Margin around a box to read, in pixels of the image. */
export const BOX_MARGIN = 6;
/** A box is upscaled so that its text is about this tall (Tesseract reads best at 30–50 px). */
const TARGET_BOX_HEIGHT = 48;

export interface PreparedImage {
  /** The part of the image given to the OCR, in image coordinates. */
  readonly crop: Box;
  readonly scale: number;
  readonly pgm: Uint8Array;
}

/** `scale`: 1–4; default 1 for a whole frame, for a box enough to make it ~48 px tall. */
export function prepareForOcr(image: GreyImage8, box?: Box, scale?: number): PreparedImage {
  const crop = cropFor(image, box);
  const s = Math.max(
    1,
    Math.min(
      4,
      Math.round(scale ?? (box ? Math.ceil(TARGET_BOX_HEIGHT / Math.max(1, box.height)) : 1)),
    ),
  );
  if (crop.width < 1 || crop.height < 1) return { crop, scale: s, pgm: new Uint8Array(0) };
  return { crop, scale: s, pgm: pgm(prepare(image, crop, s), crop.width * s, crop.height * s) };
}

/** The box with a margin, clipped to the image; the whole image without a box. */
function cropFor(image: GreyImage8, box: Box | undefined): Box {
  if (!box) return { x: 0, y: 0, width: image.width, height: image.height };
  const x0 = Math.max(0, Math.floor(box.x) - BOX_MARGIN);
  const y0 = Math.max(0, Math.floor(box.y) - BOX_MARGIN);
  const x1 = Math.min(image.width, Math.ceil(box.x + box.width) + BOX_MARGIN);
  const y1 = Math.min(image.height, Math.ceil(box.y + box.height) + BOX_MARGIN);
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}

/**
 * The crop, dark text on a light ground (Tesseract's training data; burned-in text is mostly
 * light on dark, so a mostly dark crop is inverted), upscaled bilinearly by `scale`.
 */
function prepare(image: GreyImage8, crop: Box, scale: number): Uint8Array {
  const { width: w, height: h } = crop;
  const histogram = new Uint32Array(256);
  for (let y = 0; y < h; y++) {
    const row = (crop.y + y) * image.width + crop.x;
    for (let x = 0; x < w; x++) histogram[image.data[row + x]!]!++;
  }
  // Tesseract 5 also tries inverted lines itself: recall was the same without this step.
  const invert = textIsLight(histogram);
  const out = new Uint8Array(w * scale * h * scale);
  const at = (x: number, y: number): number => image.data[(crop.y + y) * image.width + crop.x + x]!;
  for (let oy = 0; oy < h * scale; oy++) {
    const sy = Math.min(h - 1, Math.max(0, (oy + 0.5) / scale - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(h - 1, y0 + 1);
    const fy = sy - y0;
    for (let ox = 0; ox < w * scale; ox++) {
      const sx = Math.min(w - 1, Math.max(0, (ox + 0.5) / scale - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(w - 1, x0 + 1);
      const fx = sx - x0;
      const top = at(x0, y0) * (1 - fx) + at(x1, y0) * fx;
      const bottom = at(x0, y1) * (1 - fx) + at(x1, y1) * fx;
      const v = Math.round(top * (1 - fy) + bottom * fy);
      out[oy * w * scale + ox] = invert ? 255 - v : v;
    }
  }
  return out;
}

/** Splits at Otsu's threshold and takes the smaller class as the text (a line may straddle dark and light ground). */
function textIsLight(histogram: Uint32Array): boolean {
  let n = 0;
  let sum = 0;
  for (let v = 0; v < 256; v++) {
    n += histogram[v]!;
    sum += v * histogram[v]!;
  }
  let best = -1;
  let threshold = 127;
  let n0 = 0;
  let sum0 = 0;
  for (let t = 0; t < 255; t++) {
    n0 += histogram[t]!;
    sum0 += t * histogram[t]!;
    const n1 = n - n0;
    if (n0 === 0 || n1 === 0) continue;
    const between = n0 * n1 * (sum0 / n0 - (sum - sum0) / n1) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  let light = 0;
  for (let v = threshold + 1; v < 256; v++) light += histogram[v]!;
  return light < n - light;
}

/** A binary PGM (P5), which Leptonica reads without any image library. */
function pgm(pixels: Uint8Array, width: number, height: number): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${width} ${height}\n255\n`);
  const file = new Uint8Array(header.length + pixels.length);
  file.set(header);
  file.set(pixels, header.length);
  return file;
}
