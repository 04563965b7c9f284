/**
 * The value that displays as black, per sample, for the samples being filled. Black is taken
 * from the range the stored values can have (Bits Stored, Pixel Representation), not from the
 * values present: the range's end displays black under any window a viewer or a later user
 * picks, while the darkest value present may show as grey under a wide window.
 */
import { PixelError, type PixelLayout } from '../imageInfo';

export interface SampleFormat {
  /** Colour space of the samples being filled (the decoded one for JPEG and JPEG 2000). */
  readonly photometric: string;
  readonly samplesPerPixel: number;
  readonly bitsStored: number;
  readonly signed: boolean;
}

/** Black as values (signed where the samples are), one per sample of a pixel. */
export function blackValues(layout: PixelLayout, format: SampleFormat): number[] {
  const { photometric, bitsStored: bits, signed } = format;
  const min = signed ? -(2 ** (bits - 1)) : 0;
  const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  const mid = signed ? 0 : 2 ** (bits - 1);
  const expect = (samples: number) => {
    if (format.samplesPerPixel !== samples) {
      throw new PixelError(
        `This ${photometric} image has ${format.samplesPerPixel} samples per pixel, where ${samples} are expected, so it cannot be redacted.`,
      );
    }
  };
  switch (photometric) {
    case 'MONOCHROME2':
    case 'MONOCHROME1': {
      expect(1);
      // A negative Rescale Slope turns the lowest stored value into the highest modality value.
      const lowIsDark = (photometric === 'MONOCHROME2') === layout.slope > 0;
      return [lowIsDark ? min : max];
    }
    case 'RGB':
      expect(3);
      return [min, min, min];
    case 'YBR_FULL':
    case 'YBR_FULL_422':
      // Full range: Y = 0 is black once the chroma is neutral (half the range).
      expect(3);
      return [min, mid, mid];
    case 'YBR_PARTIAL_422':
    case 'YBR_PARTIAL_420': {
      // Studio range (ITU-R BT.601): black is Y = 16 on 8 bits, scaled for deeper samples.
      expect(3);
      const scale = 2 ** Math.max(0, bits - 8);
      return [min + 16 * scale, mid, mid];
    }
    case 'PALETTE COLOR':
      expect(1);
      return [darkestPaletteValue(layout, min, max)];
    default:
      throw new PixelError(
        `This image's Photometric Interpretation is ${photometric || '(none)'}, whose black is not known here, so it cannot be redacted.`,
      );
  }
}

/** The stored value whose palette entry is closest to black (smallest r² + g² + b²). */
function darkestPaletteValue(layout: PixelLayout, min: number, max: number): number {
  const palette = layout.palette;
  if (!palette) throw new PixelError('This PALETTE COLOR image has no palette to redact with.');
  const [red, green, blue] = palette;
  const entries = Math.min(red.entries, green.entries, blue.entries);
  let best = 0;
  let bestDistance = Infinity;
  for (let i = 0; i < entries; i++) {
    const r = red.data[i]!;
    const g = green.data[i]!;
    const b = blue.data[i]!;
    const distance = r * r + g * g + b * b;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = i;
    }
  }
  // Stored values below the first mapped one show entry 0, above the last the last entry.
  const value = red.firstMapped + best;
  const signedFirst = layout.pixelRepresentation === 1 && red.firstMapped >= 32768;
  return Math.min(max, Math.max(min, signedFirst ? value - 65536 : value));
}

/**
 * A value as the bit pattern its container stores. `maskBits` keeps only the low bits: JPEG-LS
 * streams hold signed samples as plain `bitsStored`-bit patterns; elsewhere signed values are
 * sign-extended through the container, the usual convention (pydicom writes them so).
 */
export function storedPattern(value: number, containerBits: number, maskBits = containerBits) {
  const bits = Math.min(containerBits, maskBits);
  const modulus = 2 ** bits;
  return ((value % modulus) + modulus) % modulus;
}
