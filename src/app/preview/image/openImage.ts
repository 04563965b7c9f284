/**
 * Reads the two files the image view compares, on the main thread: parsing only walks the
 * elements (nothing is decoded or copied), so it is quick even for large files.
 */
import type { DicomFile } from '../../../core/dicom/dataset';
import { DicomError } from '../../../core/dicom/errors';
import { readDicom } from '../../../core/dicom/readDicom';
import { PixelError, readImageInfo, type ImageInfo } from '../../../core/pixels/imageInfo';
import { samePixelData } from '../../../core/pixels/samePixels';

export interface OpenedImage {
  readonly file: DicomFile;
  readonly info: ImageInfo;
  /** Index of an earlier side with the very same pixel data, if any. */
  readonly sameAs?: number;
}

export type OpenResult = { readonly image: OpenedImage } | { readonly error: string };

export function openImages(files: readonly Uint8Array[]): OpenResult[] {
  const results: OpenResult[] = [];
  for (const bytes of files) {
    try {
      const file = readDicom(bytes);
      const info = readImageInfo(file);
      const opened = { file, info };
      const sameAs = results.findIndex(
        (earlier) => 'image' in earlier && samePixelData(earlier.image, opened),
      );
      results.push({ image: sameAs >= 0 ? { ...opened, sameAs } : opened });
    } catch (error) {
      results.push({ error: explain(error) });
    }
  }
  return results;
}

/** Words for a person: what could not be shown, and why. */
export function explain(error: unknown): string {
  if (error instanceof PixelError) return error.message;
  if (error instanceof DicomError) return `The file cannot be read as DICOM: ${error.detail}.`;
  const message = error instanceof Error ? error.message : String(error);
  return /^(This|The) /.test(message) ? message : `The image cannot be shown: ${message}`;
}
