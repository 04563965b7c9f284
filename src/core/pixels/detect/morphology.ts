/**
 * Grey-scale morphology on 8-bit images with a k × k square, separable. Each 1-D pass builds
 * extrema over windows of doubling length (1, 2, 4 …) and takes the extremum of two overlapping
 * ones, so it costs about log2(k) + 1 sweeps of contiguous memory, the same for rows and
 * columns. Outside the image nothing counts (windows are clipped). The top-hats keep what is
 * thinner than k: the strokes of characters, bright (white) or dark (black). Only minima are
 * computed; a maximum is the minimum of the negative (255 − v).
 */

/** Minimum over a centred window of k along rows or (`vertical`) columns. */
function pass(src: Uint8Array, width: number, height: number, k: number, vertical: boolean) {
  const length = vertical ? height : width;
  const step = vertical ? width : 1;
  const half = k >> 1;
  let table = src;
  let span = 1;
  // table[i] = extremum over [i, i + span − 1] of the line, clipped at its end.
  while (span * 2 <= k) {
    const next = new Uint8Array(src.length);
    if (vertical) {
      const limit = (height - span) * width;
      for (let i = 0; i < limit; i++) {
        const a = table[i]!;
        const b = table[i + span * width]!;
        next[i] = a < b ? a : b;
      }
      next.set(table.subarray(limit), limit);
    } else {
      for (let y = 0; y < height; y++) {
        const row = y * width;
        const end = row + width - span;
        for (let i = row; i < end; i++) {
          const a = table[i]!;
          const b = table[i + span]!;
          next[i] = a < b ? a : b;
        }
        for (let i = end; i < row + width; i++) next[i] = table[i]!;
      }
    }
    table = next;
    span *= 2;
  }
  const out = new Uint8Array(src.length);
  // Inside: window [p − half, p + half] = two table windows of length span.
  const second = (k - span) * step;
  if (vertical) {
    for (let p = half; p < length - half; p++) {
      const lineStart = p * width;
      const first = lineStart - half * width;
      for (let x = 0; x < width; x++) {
        const a = table[first + x]!;
        const b = table[first + x + second]!;
        out[lineStart + x] = a < b ? a : b;
      }
    }
  } else {
    for (let y = 0; y < height; y++) {
      const row = y * width;
      for (let i = row + half; i < row + width - half; i++) {
        const a = table[i - half]!;
        const b = table[i - half + second]!;
        out[i] = a < b ? a : b;
      }
    }
  }
  // Near the ends the window is clipped: the few positions there, directly.
  const lines = vertical ? width : height;
  const lineStep = vertical ? 1 : width;
  for (let l = 0; l < lines; l++) {
    for (let p = 0; p < length; p++) {
      if (p >= half && p < length - half) continue;
      let best = 255;
      for (let q = Math.max(0, p - half); q <= Math.min(length - 1, p + half); q++) {
        const v = src[l * lineStep + q * step]!;
        if (v < best) best = v;
      }
      out[l * lineStep + p * step] = best;
    }
  }
  return out;
}

export const erode = (src: Uint8Array, width: number, height: number, k: number): Uint8Array =>
  pass(pass(src, width, height, k, false), width, height, k, true);

function negative(src: Uint8Array): Uint8Array {
  const out = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = 255 - src[i]!;
  return out;
}

/** Maximum over the square: 255 − erosion of the negative. */
export const dilate = (src: Uint8Array, width: number, height: number, k: number): Uint8Array =>
  negative(erode(negative(src), width, height, k));

/**
 * What an opening removes: bright detail narrower than k. src − dilate(erode(src)), where the
 * dilation is 255 − erode(255 − ·).
 */
export function whiteTopHat(src: Uint8Array, width: number, height: number, k: number) {
  const eroded = erode(src, width, height, k);
  for (let i = 0; i < eroded.length; i++) eroded[i] = 255 - eroded[i]!;
  const notOpened = erode(eroded, width, height, k);
  // opened = 255 − notOpened, so src − opened = src + notOpened − 255.
  for (let i = 0; i < notOpened.length; i++) notOpened[i] = src[i]! + notOpened[i]! - 255;
  return notOpened;
}

/** What a closing fills: dark detail narrower than k (the white top-hat of the negative). */
export const blackTopHat = (src: Uint8Array, width: number, height: number, k: number) =>
  whiteTopHat(negative(src), width, height, k);
