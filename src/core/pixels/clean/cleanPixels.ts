/**
 * Clean Pixel Data (PS3.15 E.3.1): text burned into an image is found and blacked out. Each
 * image is searched by the classical detector (detect/) on its frames, sampled evenly when
 * there are many (an ultrasound cine shows the same overlay in every frame), the boxes found are
 * applied together with the boxes of matching templates (built in, and the user's regions
 * file), and the frames are redacted losslessly (redact/). An image with nothing to black out
 * keeps its pixel data byte for byte.
 */
import type { DicomFile } from '../../dicom/dataset';
import { findElement } from '../../dicom/dataset';
import type { Codecs } from '../codecs';
import { decodeFrameSource, frameSource } from '../decodeFrame';
import { detectTextInGrey, type TextBox } from '../detect/detectText';
import { framesToScan } from '../detect/framesToScan';
import { fullRangeLuminance, luminance } from '../detect/luminance';
import { PIXEL_DATA, readImageInfo, type ImageInfo } from '../imageInfo';
import { BUILTIN_PIXEL_REGIONS } from '../regions/builtinTemplates';
import { combinePixelRegions } from '../regions/combineRegions';
import { regionsFor } from '../regions/matchRegions';
import type { PixelRegions } from '../regions/types';
import { readStrings } from '../../dicom/values';
import type { Identifier } from '../../deid/identifiers';
import type { TextReader } from '../ocr/types';
import { cleanOverlays, type OverlayCleanReport } from '../overlays/cleanOverlays';
import { withoutSafeLabels } from './safeText';
import type { Encoders } from '../redact/encoders';
import { redactPixels, type RedactionBox } from '../redact/redactPixels';
import { applyPixelRedaction } from '../redact/writeRedacted';

/** The decoders and lossless encoders, loaded from bytes by the platform (Node or browser). */
export interface PixelTools {
  readonly codecs: Codecs;
  readonly encoders: Encoders;
  /** The OCR that checks cleaned images (verifyPixels.ts); without it they are not checked. */
  readonly reader?: TextReader;
}

/** What pixel cleaning did to one file, for the report. Never the text it found. */
export interface PixelCleanReport {
  /** Boxes blacked out (detected and given), counted once each. */
  readonly regions: number;
  /** Frames in which pixels were blacked out. */
  readonly frames: number;
  /** Frames the detector looked at. */
  readonly scanned: number;
  readonly detector: 'classical';
  /** False when nothing was found: the pixel data was kept byte for byte. */
  readonly changed: boolean;
  /** Why the transfer syntax changed (a lossy input written uncompressed), when it did. */
  readonly syntaxNote?: string;
  /** What was done to overlay planes (60xx,3000) the profile kept; absent without any. */
  readonly overlays?: OverlayCleanReport;
}

export interface CleanedPixels {
  /** The file with its new pixel data and header edits, or the same file when unchanged. */
  readonly file: DicomFile;
  readonly transferSyntaxUid: string;
  readonly report: PixelCleanReport;
}

export interface CleanOptions {
  /** Device templates and per-series boxes, beside the built-in templates. */
  readonly regions?: PixelRegions | undefined;
  /** The file's series key in `regions` (regions/seriesKey.ts), to find that series' boxes. */
  readonly seriesKey?: string | undefined;
  /**
   * Also set the file meta's Transfer Syntax UID when the syntax changes: for a file written
   * as it is (NIfTI conversion), not through the engine, which builds a new file meta.
   */
  readonly setMetaTransferSyntax?: boolean;
  /**
   * Keep detected lines the OCR reads as harmless labels (needs `tools.reader`); `identifiers`
   * are the file's and its study's, which a kept line may not hold.
   */
  readonly keepSafeText?: { readonly identifiers: readonly Identifier[] } | undefined;
}

/**
 * Finds and blacks out the text in a file's image. Undefined for a file without (integer)
 * pixel data. Throws PixelError when the image cannot be decoded or written back.
 */
export async function cleanPixels(
  file: DicomFile,
  tools: PixelTools,
  { regions, seriesKey, keepSafeText, setMetaTransferSyntax }: CleanOptions = {},
): Promise<CleanedPixels | undefined> {
  if (!findElement(file.dataset, PIXEL_DATA)) return undefined;
  const info = readImageInfo(file);
  const givenBoxes = templateBoxes(file, info, regions, seriesKey);
  const scanned = framesToScan(info.frames);
  const perFrame: TextBox[][] = [];
  for (const index of scanned) {
    const image = await decodeFrameSource(info, frameSource(file, info, index), tools.codecs);
    const grey = luminance(image);
    const polarity = polarityOf(grey);
    const found = detectTextInGrey(grey, image.columns, image.rows, { polarity });
    // Text the default window clips away is still there for a user who moves the window.
    const hidden = fullRangeLuminance(image);
    if (hidden)
      found.push(...detectTextInGrey(hidden, image.columns, image.rows, { polarity: 'bright' }));
    // A light page is a document: every line of ink on it is text.
    if (polarity === 'both') found.push(...inkLines(grey, image.columns, image.rows));
    perFrame.push(
      keepSafeText && tools.reader
        ? await withoutSafeLabels(
            found,
            { width: image.columns, height: image.rows, data: grey },
            tools.reader,
            keepSafeText.identifiers,
          )
        : found,
    );
  }
  const boxes: RedactionBox[] = [...boxesForFrames(perFrame, scanned), ...givenBoxes];
  const redaction =
    boxes.length > 0 ? await redactPixels(file, boxes, { ...tools, verify: true }) : undefined;
  const changed = redaction?.changed === true;
  const output = changed ? applyPixelRedaction(file, redaction, { setMetaTransferSyntax }) : file;
  // Overlays are drawn over the image: their own text goes, and so does theirs over the image's.
  const overlays = cleanOverlays(output.dataset, changed ? boxes : []);
  return {
    file: output,
    transferSyntaxUid: changed ? redaction.transferSyntaxUid : info.syntaxUid,
    report: {
      regions: changed ? boxes.length : 0,
      frames: changed ? redaction.frames.length : 0,
      scanned: scanned.length,
      detector: 'classical',
      changed,
      ...(changed && redaction.syntaxNote ? { syntaxNote: redaction.syntaxNote } : {}),
      ...(overlays ? { overlays } : {}),
    },
  };
}

/**
 * Medical images draw their annotations light on a dark background; dark text is looked for
 * only on a light page (a document, a report, a screen capture), where anatomy is not: on a
 * dark image, dark "strokes" are vessels and sulci.
 */
export function polarityOf(grey: Uint8Array): 'bright' | 'both' {
  const counts = new Uint32Array(256);
  for (const v of grey) counts[v]!++;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += counts[v]!;
    if (seen * 2 >= grey.length) return v >= 128 ? 'both' : 'bright';
  }
  return 'bright';
}

/**
 * The boxes to black out, from what each scanned frame showed. Text burned into a cine sits at
 * the same place in every frame: a region found in more than half of the scanned frames goes
 * from every frame. One found in fewer (speckle that looked like text, or a line shown briefly)
 * goes only from the frames it was found in.
 */
export function boxesForFrames(
  perFrame: readonly (readonly TextBox[])[],
  frames: readonly number[],
): RedactionBox[] {
  const stable: TextBox[] = [];
  const transient: RedactionBox[] = [];
  perFrame.forEach((boxes, i) => {
    for (const box of boxes) {
      const seen = perFrame.filter((other) =>
        other.some((b) => sharedArea(b, box) >= SAME_PLACE * box.w * box.h),
      ).length;
      if (frames.length === 1 || seen * 2 > frames.length) stable.push(box);
      // Moving speckle often looks a little like text; a line shown briefly looks much like it.
      // Not merged with other frames' boxes: chained unions of speckle would cover the image.
      else if (box.score >= TRANSIENT_SCORE)
        transient.push({ ...asRedaction(box), frames: [frames[i]!] });
    }
  });
  return [...mergeBoxes(stable).map(asRedaction), ...transient];
}

/**
 * How much of a box another frame's box must cover for both to be the same region. Mere overlap
 * is not enough: in a cine, speckle boxes land somewhere new in every frame and, over many
 * frames, touch each other everywhere; and a line the detector joined to speckle in one frame
 * is not the same region as the line alone.
 */
const SAME_PLACE = 0.5;

function sharedArea(a: TextBox, b: TextBox): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Least score of a box seen in too few frames of a cine to be burned in for sure. */
const TRANSIENT_SCORE = 0.8;

const asRedaction = ({ x, y, w, h }: TextBox): RedactionBox => ({ x, y, width: w, height: h });

/** How much darker than the page (as displayed, 0–255) a pixel of ink is. */
const INK_CONTRAST = 64;
/** Rows without ink that may separate two parts of one line (dots, accents). */
const LINE_GAP = 2;
const INK_PADDING = 2;

/**
 * The lines of ink on a light page: bands of rows holding pixels clearly darker than the page,
 * each boxed from its leftmost to its rightmost ink. What the detector's character shapes miss
 * on a document (spaced capitals, dashes, small print) is caught here.
 */
export function inkLines(grey: Uint8Array, width: number, height: number): TextBox[] {
  const counts = new Uint32Array(256);
  for (const v of grey) counts[v]!++;
  let page = 0;
  for (let v = 1; v < 256; v++) if (counts[v]! > counts[page]!) page = v;
  const limit = page - INK_CONTRAST;
  const lines: TextBox[] = [];
  let top = -1;
  let last = -1;
  let x0 = width;
  let x1 = -1;
  const close = () => {
    if (top < 0) return;
    const x = Math.max(0, x0 - INK_PADDING);
    const y = Math.max(0, top - INK_PADDING);
    lines.push({
      x,
      y,
      w: Math.min(width, x1 + 1 + INK_PADDING) - x,
      h: Math.min(height, last + 1 + INK_PADDING) - y,
      score: 1,
    });
    top = -1;
    x0 = width;
    x1 = -1;
  };
  for (let y = 0; y < height; y++) {
    let first = -1;
    let end = -1;
    for (let x = 0; x < width; x++) {
      if (grey[y * width + x]! > limit) continue;
      if (first < 0) first = x;
      end = x;
    }
    if (first < 0) {
      if (top >= 0 && y - last > LINE_GAP) close();
      continue;
    }
    if (top < 0) top = y;
    last = y;
    x0 = Math.min(x0, first);
    x1 = Math.max(x1, end);
  }
  close();
  return lines;
}

/** The boxes of the built-in templates, and of the user's templates and series, for this image. */
function templateBoxes(
  file: DicomFile,
  info: ImageInfo,
  regions: PixelRegions | undefined,
  seriesKey: string | undefined,
): RedactionBox[] {
  const text = (tag: number) => {
    const element = findElement(file.dataset, tag);
    if (!element || element.items) return '';
    try {
      return readStrings(file.dataset, element)[0] ?? '';
    } catch {
      return ''; // a value in a character set we cannot read matches no template
    }
  };
  const all = regions ? combinePixelRegions(BUILTIN_PIXEL_REGIONS, regions) : BUILTIN_PIXEL_REGIONS;
  return regionsFor(all, {
    manufacturer: text(MANUFACTURER),
    model: text(MODEL),
    sopClassUid: text(SOP_CLASS_UID),
    rows: info.rows,
    columns: info.columns,
    frames: info.frames,
    seriesKey,
  });
}

const MANUFACTURER = 0x00080070;
const MODEL = 0x00081090;
const SOP_CLASS_UID = 0x00080016;

/** Boxes found in several frames at the same place are one region: overlapping ones merge. */
export function mergeBoxes(boxes: readonly TextBox[]): TextBox[] {
  const merged: TextBox[] = [];
  for (const box of boxes) {
    let current = box;
    for (let i = merged.length - 1; i >= 0; i--) {
      const other = merged[i]!;
      if (!overlaps(current, other)) continue;
      current = union(current, other);
      merged.splice(i, 1);
    }
    merged.push(current);
  }
  // A union can reach a box merged before it: repeat until nothing changes.
  return merged.length === boxes.length ? merged : mergeBoxes(merged);
}

const overlaps = (a: TextBox, b: TextBox) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

function union(a: TextBox, b: TextBox): TextBox {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    w: Math.max(a.x + a.w, b.x + b.w) - x,
    h: Math.max(a.y + a.h, b.y + b.h) - y,
    score: Math.max(a.score, b.score),
  };
}
