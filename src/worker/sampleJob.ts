/**
 * The sample job: one image file read, its first, middle and last frames decoded and searched
 * by the same text detector Clean Pixel Data uses (cleanPixels.ts: polarity by the frame's
 * median, ink lines on a light page), no OCR. For the review screen, which flags a series whose
 * images show text even when its header does not say so (src/app/pipeline/sampleText.ts).
 */
import { readDicom } from '../core/dicom/readDicom';
import { findElement } from '../core/dicom/dataset';
import { inkLines, polarityOf } from '../core/pixels/clean/cleanPixels';
import { framesToRead } from '../core/pixels/clean/verifyPixels';
import type { Codecs } from '../core/pixels/codecs';
import { decodeFrameSource, frameSource } from '../core/pixels/decodeFrame';
import { detectTextInGrey } from '../core/pixels/detect/detectText';
import { luminance } from '../core/pixels/detect/luminance';
import { PIXEL_DATA, readImageInfo } from '../core/pixels/imageInfo';
import { readWhole, type JobReply } from './jobs';

/** A box where the detector found text, in pixels of the frame (top-left origin). */
export interface SampledBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** 0..1: how much it looks like a line of characters. */
  readonly score: number;
}

/** What the detector found in one decoded frame. */
export interface SampledFrame {
  /** Zero-based frame index within its file. */
  readonly frame: number;
  readonly boxes: readonly SampledBox[];
}

/** The answer for one file. Never any text, never a value of the header. */
export type FileTextSample =
  | {
      readonly status: 'sampled';
      readonly rows: number;
      readonly columns: number;
      readonly frames: number;
      /** First, middle and last frame (fewer for files with fewer frames), in order. */
      readonly sampled: readonly SampledFrame[];
    }
  /** Readable DICOM without pixel data (a report, a structured document): nothing to search. */
  | { readonly status: 'no-image' }
  /** Not DICOM, unreadable, or an image that could not be decoded: why, for the user. */
  | { readonly status: 'failed'; readonly reason: string };

export function createSampleHandler(codecs: Codecs) {
  return async (file: File): Promise<JobReply<FileTextSample>> => ({
    result: await sampleFile(file, codecs),
    transfer: [],
  });
}

async function sampleFile(file: File, codecs: Codecs): Promise<FileTextSample> {
  const bytes = await readWhole(file);
  if (typeof bytes === 'string') return { status: 'failed', reason: bytes };
  try {
    const dicom = readDicom(bytes);
    if (!findElement(dicom.dataset, PIXEL_DATA)) return { status: 'no-image' };
    const info = readImageInfo(dicom);
    const sampled: SampledFrame[] = [];
    for (const frame of framesToRead(info.frames)) {
      const image = await decodeFrameSource(info, frameSource(dicom, info, frame), codecs);
      const grey = luminance(image);
      const polarity = polarityOf(grey);
      const found = detectTextInGrey(grey, image.columns, image.rows, { polarity });
      if (polarity === 'both') found.push(...inkLines(grey, image.columns, image.rows));
      sampled.push({
        frame,
        boxes: found.map(({ x, y, w, h, score }) => ({ x, y, width: w, height: h, score })),
      });
    }
    return {
      status: 'sampled',
      rows: info.rows,
      columns: info.columns,
      frames: info.frames,
      sampled,
    };
  } catch (error) {
    // DicomError and PixelError say what is wrong in words fit for the user, never a value.
    return { status: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
}
