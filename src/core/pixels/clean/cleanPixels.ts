/**
 * Clean Pixel Data (PS3.15 E.3.1): text burned into an image is found and blacked out. Each
 * image is searched by the classical detector (detect/) on its frames, sampled evenly when
 * there are many (an ultrasound cine shows the same overlay in every frame), the boxes found are
 * applied together with the boxes of matching templates (built in, and the user's regions
 * file), and the frames are redacted losslessly (redact/). An image with nothing to black out
 * keeps its pixel data byte for byte.
 */
import type { DicomFile } from '../../dicom/dataset';
import { findElement, valueBytes } from '../../dicom/dataset';
import { putElement } from '../../dicom/edit';
import type { Codecs } from '../codecs';
import { decodeFrameSource, frameSource } from '../decodeFrame';
import type { TextBox } from '../detect/detectText';
import { framesToScan } from '../detect/framesToScan';
import { MIN_SEARCHED_SIDE, searchFrame } from '../detect/searchFrame';
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
import { confirmWeakBoxes, confirmedInOtherFrames, type ConfirmedBoxes } from './confirmBoxes';
import { boxesForFrames, MIN_STILL_FRAMES, StillView } from './cineBoxes';
import type { Encoders } from '../redact/encoders';
import { redactPixels, type RedactionBox } from '../redact/redactPixels';
import { applyPixelRedaction } from '../redact/writeRedacted';
import { applyHeaderEdits, headerEdits } from '../redact/headerEdits';
import { clearSampleBits, overlayBitsInPixelData } from '../overlays/overlayBits';

/** The decoders and lossless encoders, loaded from bytes by the platform (Node or browser). */
export interface PixelTools {
  readonly codecs: Codecs;
  readonly encoders: Encoders;
  /**
   * The OCR that checks cleaned images (verifyPixels.ts) and reads the detector's weak boxes
   * (confirmBoxes.ts); without it images are not checked and every box is blacked out.
   */
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
  /** Overlays of the retired form whose bits were cleared from the pixel data; absent: none. */
  readonly overlaysInPixelData?: number;
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
  /**
   * The bit positions of overlays kept in the pixel data's high bits (overlays/overlayBits.ts),
   * read before the profile removed their groups; read from `file` when absent.
   */
  readonly overlayBits?: readonly number[] | undefined;
  /**
   * Black out native pixel data where it lies in the file's bytes, not in a copy: the caller
   * owns them and reads the original pixels no more (a 200 MB cine is then held once).
   */
  readonly inPlace?: boolean;
}

/**
 * Finds and blacks out the text in a file's image. Undefined for a file without (integer)
 * pixel data. Throws PixelError when the image cannot be decoded or written back.
 */
export async function cleanPixels(
  file: DicomFile,
  tools: PixelTools,
  {
    regions,
    seriesKey,
    keepSafeText,
    setMetaTransferSyntax,
    overlayBits,
    inPlace,
  }: CleanOptions = {},
): Promise<CleanedPixels | undefined> {
  if (!findElement(file.dataset, PIXEL_DATA)) return undefined;
  const original = file;
  const bits = withoutOverlayBits(file, overlayBits);
  file = bits.file;
  const info = readImageInfo(file);
  const { boxes, scanned } = await regionsToClean(file, info, tools, {
    regions,
    seriesKey,
    keepSafeText,
  });
  const redaction =
    boxes.length > 0
      ? await redactPixels(file, boxes, { ...tools, verify: true, inPlace })
      : undefined;
  const redacted = redaction?.changed === true;
  const changed = redacted || bits.planes > 0;
  const output = redacted
    ? applyPixelRedaction(file, redaction, { setMetaTransferSyntax })
    : changed
      ? withBurnedInNo(file, info)
      : original;
  // Overlays are drawn over the image: their own text goes, and so does theirs over the image's.
  const overlays = cleanOverlays(output.dataset, redacted ? boxes : []);
  return {
    file: output,
    transferSyntaxUid: redacted ? redaction.transferSyntaxUid : info.syntaxUid,
    report: {
      regions: redacted ? boxes.length : 0,
      frames: redacted ? redaction.frames.length : 0,
      scanned,
      detector: 'classical',
      changed,
      ...(redacted && redaction.syntaxNote ? { syntaxNote: redaction.syntaxNote } : {}),
      ...(overlays ? { overlays } : {}),
      ...(bits.planes > 0 ? { overlaysInPixelData: bits.planes } : {}),
    },
  };
}

/**
 * The boxes to black out in an image, and how many frames were searched: what the detector found
 * in the scanned frames (weak boxes only where the OCR reads text, when there is a reader), put
 * together over the frames of a cine, and the boxes of matching templates.
 */
export async function regionsToClean(
  file: DicomFile,
  info: ImageInfo,
  tools: PixelTools,
  {
    regions,
    seriesKey,
    keepSafeText,
  }: Pick<CleanOptions, 'regions' | 'seriesKey' | 'keepSafeText'>,
): Promise<{ boxes: RedactionBox[]; scanned: number }> {
  const givenBoxes = templateBoxes(file, info, regions, seriesKey);
  // Too small a frame to carry annotations meant to be read (EPI slices of 64 × 64): what the
  // detector finds there is anatomy. Templates and the user's boxes still apply.
  const scanned =
    Math.min(info.columns, info.rows) >= MIN_SEARCHED_SIDE ? framesToScan(info.frames) : [];
  const perFrame: TextBox[][] = [];
  const confirmations: ConfirmedBoxes[] = [];
  const still = { shown: new StillView(), hidden: new StillView(), light: false };
  for (const index of scanned) {
    const image = await decodeFrameSource(info, frameSource(file, info, index), tools.codecs);
    const search = searchFrame(image);
    const { grey, hidden, polarity } = search;
    if (scanned.length >= MIN_STILL_FRAMES) {
      still.shown.add(grey);
      if (hidden) still.hidden.add(hidden);
      still.light ||= polarity === 'both';
    }
    // Without a reader (no check of the output either) every box goes: when in doubt, remove.
    const confirmed = tools.reader
      ? await confirmWeakBoxes(
          search.found,
          image.columns,
          image.rows,
          [grey, hidden],
          tools.reader,
        )
      : { kept: search.found, doubtful: [] };
    confirmations.push(confirmed);
    const found = confirmed.kept;
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
  // Weak boxes where another frame of a cine has text; never kept as safe labels.
  confirmedInOtherFrames(confirmations).forEach((boxes, i) => perFrame[i]!.push(...boxes));
  const stillText = [
    ...still.shown.text(info.columns, info.rows, still.light),
    ...still.hidden.text(info.columns, info.rows, false),
  ];
  return {
    boxes: [...boxesForFrames(perFrame, scanned, stillText), ...givenBoxes],
    scanned: scanned.length,
  };
}

/**
 * The file with the bits of retired-form overlays (in the pixel data's unused high bits) cleared,
 * and how many such overlays had bits set. Native pixel data only: a codec's stream holds the
 * samples as Bits Stored says, and those overlays predate compressed syntaxes in practice.
 */
function withoutOverlayBits(
  file: DicomFile,
  given: readonly number[] | undefined,
): { file: DicomFile; planes: number } {
  const info = readImageInfo(file);
  if (info.syntax.codec !== 'native' || info.pixelElement.fragments || info.float)
    return { file, planes: 0 };
  const positions = (given ?? overlayBitsInPixelData(file.dataset, info)).filter(
    (p) => p >= info.bitsStored && p < info.bitsAllocated,
  );
  if (positions.length === 0) return { file, planes: 0 };
  const stored = valueBytes(file.dataset, info.pixelElement);
  const littleEndian = file.dataset.encoding.littleEndian;
  const planes = positions.filter(
    (p) => clearSampleBits(stored, info.bitsAllocated, littleEndian, [p]).cleared > 0,
  ).length;
  if (planes === 0) return { file, planes: 0 };
  const { bytes } = clearSampleBits(stored, info.bitsAllocated, littleEndian, positions);
  const dataset = { ...file.dataset, elements: [...file.dataset.elements], elementsChanged: true };
  putElement(dataset, PIXEL_DATA, info.pixelElement.vr === 'OB' ? 'OB' : 'OW', bytes);
  return { file: { ...file, dataset }, planes };
}

/** A file whose pixels changed without a region blacked out: it says so in Burned In Annotation. */
function withBurnedInNo(file: DicomFile, info: ImageInfo): DicomFile {
  applyHeaderEdits(
    file.dataset,
    headerEdits(file, {
      photometricBefore: info.photometric,
      photometricAfter: info.photometric,
      samplesPerPixel: info.samplesPerPixel,
      planarBefore: info.planarConfiguration,
      dropExtendedOffsets: false,
    }),
  );
  return file;
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
