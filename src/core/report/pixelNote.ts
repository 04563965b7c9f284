/** How Clean Pixel Data's work on one file reads in a report: counts, never the text found. */
import type { PixelCleanReport } from '../pixels/clean/cleanPixels';

export function pixelNote(report: PixelCleanReport | undefined): string {
  if (!report) return '';
  const frames = `${report.scanned} frame${report.scanned === 1 ? '' : 's'}`;
  const image = report.changed
    ? `${plural(report.regions, 'text region')} blacked out in ${plural(report.frames, 'frame')} (${frames} searched by the ${report.detector} detector)`
    : `no text found in the image (${frames} searched)`;
  return [image, report.syntaxNote, overlayNote(report)].filter(Boolean).join('; ');
}

function overlayNote({ overlays }: PixelCleanReport): string {
  if (!overlays) return '';
  const notes: string[] = [];
  if (overlays.planes > 0)
    notes.push(
      overlays.regions > 0
        ? `${plural(overlays.regions, 'text region')} cleared from ${plural(overlays.planes, 'overlay')}`
        : `no text found in ${plural(overlays.planes, 'overlay')}`,
    );
  for (const removed of overlays.removed) notes.push(`removed ${removed}`);
  return notes.join('; ');
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
