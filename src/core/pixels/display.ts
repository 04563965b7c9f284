/**
 * Decoded samples → what a viewer draws: grey values with their rescale and default window, or
 * 8-bit RGBA for colour (YBR converted, palettes applied, planes interleaved, deeper samples
 * scaled down). Plain data, so a worker can post it back.
 */
import { PixelError, type PixelLayout } from './imageInfo';

export type Samples =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

export type GreyPixels = Uint8Array | Int8Array | Uint16Array | Int16Array | Int32Array;

export interface GreyImage {
  readonly kind: 'grey';
  readonly rows: number;
  readonly columns: number;
  /** Stored values; modality value = stored × slope + intercept. At most 65536 distinct. */
  readonly pixels: GreyPixels;
  readonly min: number;
  readonly max: number;
  readonly slope: number;
  readonly intercept: number;
  readonly windowCenter: number;
  readonly windowWidth: number;
  /** MONOCHROME1: low values are white. */
  readonly invert: boolean;
}

export interface ColourImage {
  readonly kind: 'colour';
  readonly rows: number;
  readonly columns: number;
  /** 4 bytes a pixel, alpha 255. */
  readonly rgba: Uint8Array;
}

export type DisplayImage = GreyImage | ColourImage;

const LUT_LIMIT = 65536;

export function toDisplayImage(
  layout: PixelLayout,
  samples: Samples,
  photometric: string,
  planar: boolean,
): DisplayImage {
  const { rows, columns } = layout;
  if (photometric === 'PALETTE COLOR') return paletteImage(layout, samples);
  if (layout.samplesPerPixel === 3) return colourImage(layout, samples, photometric, planar);
  if (!photometric.startsWith('MONOCHROME')) {
    throw new PixelError(`The image cannot be shown: photometric interpretation ${photometric}.`);
  }
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < rows * columns; i++) {
    const v = samples[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    // NaN or infinite floats only: nothing sensible to show, but not an error.
    min = 0;
    max = 0;
  }
  let pixels: GreyPixels;
  let slope = layout.slope;
  let intercept = layout.intercept;
  const integral = !(samples instanceof Float32Array || samples instanceof Float64Array);
  if (integral && max - min < LUT_LIMIT && !(samples instanceof Uint32Array)) {
    pixels = samples.subarray(0, rows * columns) as GreyPixels;
  } else if (integral && max - min < LUT_LIMIT) {
    pixels = Int32Array.from(samples.subarray(0, rows * columns) as Uint32Array);
  } else {
    // Too wide for a lookup table (32-bit or float): spread over 16 bits and fold the step
    // into the rescale, so modality values and windows stay what the file means.
    const step = max > min ? (max - min) / (LUT_LIMIT - 1) : 1;
    const quantised = new Uint16Array(rows * columns);
    for (let i = 0; i < quantised.length; i++) {
      const v = samples[i]!;
      quantised[i] = Number.isFinite(v) ? Math.round((v - min) / step) : 0;
    }
    intercept += slope * min;
    slope *= step;
    pixels = quantised;
    max = Math.round((max - min) / step);
    min = 0;
  }
  let windowCenter = layout.windowCenter;
  let windowWidth = layout.windowWidth;
  if (windowCenter === undefined || windowWidth === undefined) {
    const low = min * slope + intercept;
    const high = max * slope + intercept;
    windowCenter = (low + high) / 2;
    windowWidth = Math.max(Math.abs(high - low), 1);
  }
  return {
    kind: 'grey',
    rows,
    columns,
    pixels,
    min,
    max,
    slope,
    intercept,
    windowCenter,
    windowWidth,
    invert: photometric === 'MONOCHROME1',
  };
}

function colourImage(
  layout: PixelLayout,
  samples: Samples,
  photometric: string,
  planar: boolean,
): ColourImage {
  const { rows, columns } = layout;
  const pixels = rows * columns;
  const rgba = new Uint8Array(pixels * 4);
  const shift = Math.max(0, layout.bitsStored - 8);
  const offset = layout.pixelRepresentation === 1 ? 2 ** (layout.bitsStored - 1) : 0;
  const at = (pixel: number, sample: number): number => {
    const v = samples[planar ? sample * pixels + pixel : pixel * 3 + sample]!;
    return Math.min(255, Math.max(0, Math.floor((v + offset) / 2 ** shift)));
  };
  const set = (p: number, r: number, g: number, b: number) => {
    rgba[p * 4] = clamp(r);
    rgba[p * 4 + 1] = clamp(g);
    rgba[p * 4 + 2] = clamp(b);
    rgba[p * 4 + 3] = 255;
  };
  if (photometric === 'YBR_FULL_422' && layout.syntax.codec === 'native') {
    // Native 4:2:2: Y1 Y2 Cb Cr for each pair of pixels in a row.
    for (let y = 0; y < rows; y++)
      for (let x = 0; x < columns; x++) {
        const pair = y * columns + (x & ~1);
        const base = pair * 2;
        const luma = samples[base + (x & 1)]!;
        ybrFull(luma, samples[base + 2]!, samples[base + 3]!, y * columns + x, set);
      }
    return { kind: 'colour', rows, columns, rgba };
  }
  const ybr = photometric.startsWith('YBR');
  const partial = photometric === 'YBR_PARTIAL_422' || photometric === 'YBR_PARTIAL_420';
  for (let p = 0; p < pixels; p++) {
    const a = at(p, 0);
    const b = at(p, 1);
    const c = at(p, 2);
    if (!ybr || photometric === 'YBR_RCT' || photometric === 'YBR_ICT') set(p, a, b, c);
    else if (partial) {
      const luma = 1.1644 * (a - 16);
      set(
        p,
        luma + 1.596 * (c - 128),
        luma - 0.3918 * (b - 128) - 0.813 * (c - 128),
        luma + 2.0172 * (b - 128),
      );
    } else ybrFull(a, b, c, p, set);
  }
  return { kind: 'colour', rows, columns, rgba };
}

function ybrFull(
  luma: number,
  cb: number,
  cr: number,
  p: number,
  set: (p: number, r: number, g: number, b: number) => void,
): void {
  set(
    p,
    luma + 1.402 * (cr - 128),
    luma - 0.344136 * (cb - 128) - 0.714136 * (cr - 128),
    luma + 1.772 * (cb - 128),
  );
}

function paletteImage(layout: PixelLayout, samples: Samples): ColourImage {
  const palette = layout.palette;
  if (!palette) throw new PixelError('This PALETTE COLOR image has no palette.');
  const { rows, columns } = layout;
  const pixels = rows * columns;
  const rgba = new Uint8Array(pixels * 4);
  for (let c = 0; c < 3; c++) {
    const { entries, firstMapped, bits, data } = palette[c]!;
    const to8 = (v: number) => (bits === 8 ? (v > 255 ? v >> 8 : v) : v >> 8);
    for (let p = 0; p < pixels; p++) {
      const index = Math.min(Math.max(samples[p]! - firstMapped, 0), entries - 1);
      rgba[p * 4 + c] = to8(data[index]!);
    }
  }
  for (let p = 0; p < pixels; p++) rgba[p * 4 + 3] = 255;
  return { kind: 'colour', rows, columns, rgba };
}

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** Mean, spread and extremes of what is drawn, for tests and for "is anything there". */
export function imageStatistics(image: DisplayImage): {
  mean: number;
  sd: number;
  min: number;
  max: number;
} {
  let sum = 0;
  let squares = 0;
  let min = Infinity;
  let max = -Infinity;
  let count = 0;
  const add = (v: number) => {
    sum += v;
    squares += v * v;
    if (v < min) min = v;
    if (v > max) max = v;
    count++;
  };
  if (image.kind === 'grey') for (const v of image.pixels) add(v * image.slope + image.intercept);
  else for (let i = 0; i < image.rgba.length; i++) if (i % 4 !== 3) add(image.rgba[i]!);
  const mean = sum / count;
  return { mean, sd: Math.sqrt(Math.max(0, squares / count - mean * mean)), min, max };
}
