/** How Clean Pixel Data's work on one file reads in a report: counts, never the text found. */
import type { PixelCleanReport } from '../pixels/clean/cleanPixels';

export function pixelNote(report: PixelCleanReport | undefined): string {
  if (!report) return '';
  const frames = `${report.scanned} frame${report.scanned === 1 ? '' : 's'}`;
  if (!report.changed) return `no text found in the image (${frames} searched)`;
  const regions = `${report.regions} text region${report.regions === 1 ? '' : 's'}`;
  const note = `${regions} blacked out in ${report.frames} frame${report.frames === 1 ? '' : 's'} (${frames} searched by the ${report.detector} detector)`;
  return report.syntaxNote ? `${note}; ${report.syntaxNote}` : note;
}
