/**
 * One image file sampled for burned-in text, as the review screen needs it (sampleJob.ts runs
 * it in a worker): its first, middle and last frames searched by the detector Clean Pixel Data
 * uses (cleanPixels.ts: polarity by the frame's median, text the window hides, ink lines on a
 * light page, no search of frames with a side under MIN_SEARCHED_SIDE), and a frame with boxes
 * read by the OCR until a word in one of them reads as text (ocr/readsAsText.ts). The detector
 * alone boxes bright blobs of anatomy on CT and MR (docs/pixels.md), so a series whose header
 * gives no hint is flagged only on what the OCR reads (core/scan/burnedInPolicy.ts). Never any
 * text or header value in the answer.
 */
import { readDicom } from '../core/dicom/readDicom';
import { findElement } from '../core/dicom/dataset';
import { framesToRead } from '../core/pixels/clean/verifyPixels';
import type { Codecs } from '../core/pixels/codecs';
import { decodeFrameSource, frameSource } from '../core/pixels/decodeFrame';
import type { TextBox } from '../core/pixels/detect/detectText';
import { MIN_SEARCHED_SIDE, searchFrame } from '../core/pixels/detect/searchFrame';
import { PIXEL_DATA, readImageInfo } from '../core/pixels/imageInfo';
import { readsAsTextInViews } from '../core/pixels/ocr/readsAsText';
import type { TextReader } from '../core/pixels/ocr/types';

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

/**
 * What the OCR made of the boxes of a file's sampled frames:
 * - text: the OCR read text in a box of a sampled frame (readsAsText); later frames are not read;
 * - nothing: every frame with boxes was read and no box read as text (also with no boxes);
 * - unread: there were boxes but no OCR to read them (it failed to start).
 */
export type TextRead = 'text' | 'nothing' | 'unread';

/** The answer for one file. Never any text, never a value of the header. */
export type FileTextSample =
  | {
      readonly status: 'sampled';
      readonly rows: number;
      readonly columns: number;
      readonly frames: number;
      /** First, middle and last frame (fewer for files with fewer frames), in order. */
      readonly sampled: readonly SampledFrame[];
      readonly textRead: TextRead;
    }
  /** Readable DICOM without pixel data (a report, a structured document): nothing to search. */
  | { readonly status: 'no-image' }
  /** Not DICOM, unreadable, or an image that could not be decoded: why, for the user. */
  | { readonly status: 'failed'; readonly reason: string };

export interface SampleTools {
  readonly codecs: Codecs;
  /**
   * The OCR, started on the first box to read (most files have none: a worker that never needs
   * it never pays its 55–150 MB); undefined when it cannot start.
   */
  readonly reader: () => Promise<TextReader | undefined>;
}

export async function sampleDicom(bytes: Uint8Array, tools: SampleTools): Promise<FileTextSample> {
  try {
    const dicom = readDicom(bytes);
    if (!findElement(dicom.dataset, PIXEL_DATA)) return { status: 'no-image' };
    const info = readImageInfo(dicom);
    const searched = Math.min(info.columns, info.rows) >= MIN_SEARCHED_SIDE;
    const sampled: SampledFrame[] = [];
    let textRead: TextRead = 'nothing';
    for (const frame of framesToRead(info.frames)) {
      if (!searched) {
        sampled.push({ frame, boxes: [] });
        continue;
      }
      const image = await decodeFrameSource(info, frameSource(dicom, info, frame), tools.codecs);
      const { found, grey, hidden } = searchFrame(image);
      sampled.push({
        frame,
        boxes: found.map(({ x, y, w, h, score }) => ({ x, y, width: w, height: h, score })),
      });
      if (textRead !== 'text' && found.length > 0) {
        const reader = await tools.reader();
        if (!reader) textRead = 'unread';
        else if (await readsTextIn(reader, found, image.columns, image.rows, [grey, hidden]))
          textRead = 'text';
      }
    }
    return {
      status: 'sampled',
      rows: info.rows,
      columns: info.columns,
      frames: info.frames,
      sampled,
      textRead,
    };
  } catch (error) {
    // DicomError and PixelError say what is wrong in words fit for the user, never a value.
    return { status: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The frame as shown, then over its full range (text burned in at a value the window clips:
 * on a generated CT the OCR read nothing of the planted lines as shown, "Baptist Med" over the
 * full range), read whole until a word in one of the boxes reads as text.
 */
async function readsTextIn(
  reader: TextReader,
  boxes: readonly TextBox[],
  width: number,
  height: number,
  views: readonly (Uint8Array | undefined)[],
): Promise<boolean> {
  const regions = boxes.map(({ x, y, w, h }) => ({ x, y, width: w, height: h }));
  return readsAsTextInViews(reader, views, { width, height }, regions, {
    options: { layout: 'sparse' },
  });
}
