/**
 * Which frames of an image the detector looks at: every frame of a short image; of a long one
 * (an ultrasound cine shows the same annotations in every frame) MAX_SCANNED_FRAMES spread
 * evenly, first and last included.
 */
export const MAX_SCANNED_FRAMES = 16;

export function framesToScan(frames: number): number[] {
  if (frames <= MAX_SCANNED_FRAMES) return Array.from({ length: frames }, (_, i) => i);
  const step = (frames - 1) / (MAX_SCANNED_FRAMES - 1);
  return [...new Set(Array.from({ length: MAX_SCANNED_FRAMES }, (_, i) => Math.round(i * step)))];
}
