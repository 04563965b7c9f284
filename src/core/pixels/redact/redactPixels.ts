/**
 * Pixel redaction, the entry point: fills boxes with the image's black in the frames they name
 * and says what the caller must write. Native pixel data is filled in a copy (or in place, when
 * the caller gives up the file's bytes); encapsulated data is decoded, filled and re-encoded
 * losslessly frame by frame (frames no box touches keep their bytes when the syntax stays), or
 * written native when no lossless encoder fits (outputPlan.ts). Nothing here edits the file's
 * tree (only, with `inPlace`, its pixel bytes): the result is data (see writeRedacted.ts).
 */
import type { DicomFile } from '../../dicom/dataset';
import type { Codecs } from '../codecs';
import { encapsulatedFrames, joinFragments } from '../frames';
import { PixelError, readImageInfo } from '../imageInfo';
import { coveredPixels, rectsByFrame, type RedactionBox } from './boxes';
import type { Encoders } from './encoders';
import { headerEdits, type HeaderEdit } from './headerEdits';
import { checkIntegerSamples, redactNative } from './nativeRedact';
import { LOSSY_SYNTAXES, planOutput } from './outputPlan';
import { decodeRawFrame, jpegIsLossy } from './rawFrame';
import { encodeFrame, fillRawFrame, nativeFrameBytes } from './reencode';

export type { RedactionBox } from './boxes';

export interface RedactOptions {
  /** The decoders (as for the preview). */
  readonly codecs: Codecs;
  /** The lossless encoders. */
  readonly encoders: Encoders;
  /** Decode every re-encoded frame again and require the same samples (default true). */
  readonly verify?: boolean;
  /**
   * Fill native pixel data where it lies in the file's bytes instead of in a copy: for a caller
   * that owns those bytes and reads the original pixels no more (the result's bytes are then
   * that value itself).
   */
  readonly inPlace?: boolean;
}

export type RedactedPixelData =
  | { readonly encapsulated: false; readonly vr: 'OB' | 'OW'; readonly bytes: Uint8Array }
  /** One codestream per frame: write one fragment per frame, with a Basic Offset Table. */
  | { readonly encapsulated: true; readonly frames: readonly Uint8Array[] };

export interface PixelRedaction {
  /** False when no box touches the image: keep the original bytes, nothing below applies. */
  readonly changed: boolean;
  /** The transfer syntax the new pixel data needs (the file meta must say it). */
  readonly transferSyntaxUid: string;
  readonly syntaxChanged: boolean;
  /** Why the syntax changed, for the report. */
  readonly syntaxNote?: string;
  readonly pixelData?: RedactedPixelData;
  /** Data set edits (never the file meta); apply with applyHeaderEdits. */
  readonly headerEdits: readonly HeaderEdit[];
  /** Zero-based frames that had pixels filled, and how many pixels each. */
  readonly frames: readonly { readonly frame: number; readonly pixels: number }[];
}

export async function redactPixels(
  file: DicomFile,
  boxes: readonly RedactionBox[],
  options: RedactOptions,
): Promise<PixelRedaction> {
  const info = readImageInfo(file);
  const rects = rectsByFrame(boxes, info.rows, info.columns, info.frames);
  const frames = rects
    .map((r, frame) => ({ frame, pixels: r.length ? coveredPixels(r, info.columns) : 0 }))
    .filter((f) => f.pixels > 0);
  const unchanged = { changed: false, transferSyntaxUid: info.syntaxUid, syntaxChanged: false };
  if (frames.length === 0) return { ...unchanged, headerEdits: [], frames: [] };
  checkIntegerSamples(info);
  const codec = info.syntax.codec;
  const facts = {
    photometricBefore: info.photometric,
    samplesPerPixel: info.samplesPerPixel,
    planarBefore: info.planarConfiguration,
  };

  if (codec === 'native') {
    if (info.pixelElement.fragments) {
      throw new PixelError(
        `This image says it uses ${info.syntax.name} but its pixel data is encapsulated.`,
      );
    }
    const native = redactNative(file, info, rects, options.inPlace);
    const vr = info.pixelElement.vr === 'OB' || info.bitsAllocated === 8 ? 'OB' : 'OW';
    return {
      ...unchanged,
      changed: true,
      pixelData: { encapsulated: false, vr, bytes: native.bytes },
      headerEdits: headerEdits(file, {
        ...facts,
        photometricAfter: native.photometric ?? info.photometric,
        ...(native.photometric ? { planarAfter: 0 } : {}),
        dropExtendedOffsets: false,
      }),
      frames,
    };
  }
  if (codec === 'unsupported') {
    throw new PixelError(
      `This image uses ${info.syntax.name}, which cannot be redacted: ${info.syntax.why ?? 'no decoder'}.`,
    );
  }

  const plan = planOutput(info);
  const verify = options.verify !== false;
  const stored = encapsulatedFrames(file, info);
  const lossyJpeg = codec === 'jpeg' && jpegIsLossy(joinFragments(stored[0]!));
  const out: Uint8Array[] = [];
  let photometricAfter = info.photometric;
  for (let index = 0; index < info.frames; index++) {
    const frameRects = rects[index]!;
    const bytes = joinFragments(stored[index]!);
    if (plan.encoder && frameRects.length === 0 && plan.syntaxUid === info.syntaxUid) {
      out.push(bytes); // untouched frame, same syntax: its codestream as it was
      continue;
    }
    const raw = await decodeRawFrame(info, bytes, options.codecs);
    fillRawFrame(info, raw, frameRects);
    if (plan.encoder) {
      out.push(
        await encodeFrame(info, raw, plan.encoder, options.encoders, options.codecs, verify),
      );
      // The OpenJPEG build applies the reversible colour transform to three components.
      if (plan.encoder === 'jpeg-2000' && raw.components === 3) photometricAfter = 'YBR_RCT';
      else if (plan.encoder !== 'rle' && plan.encoder !== 'encapsulated-native')
        photometricAfter = raw.photometric;
    } else {
      out.push(nativeFrameBytes(info, raw));
      photometricAfter = raw.photometric;
    }
  }
  const lossyMethod = lossyJpeg ? 'ISO_10918_1' : LOSSY_SYNTAXES[info.syntaxUid];
  const edits = headerEdits(file, {
    ...facts,
    photometricAfter,
    ...(plan.encoder ? {} : { planarAfter: 0 }),
    ...(lossyMethod ? { lossyMethod } : {}),
    dropExtendedOffsets: true,
  });
  const pixelData: RedactedPixelData = plan.encoder
    ? { encapsulated: true, frames: out }
    : { encapsulated: false, vr: info.bitsAllocated === 8 ? 'OB' : 'OW', bytes: concat(out) };
  return {
    changed: true,
    transferSyntaxUid: plan.syntaxUid,
    syntaxChanged: plan.syntaxUid !== info.syntaxUid,
    ...(plan.why && plan.syntaxUid !== info.syntaxUid ? { syntaxNote: plan.why } : {}),
    pixelData,
    headerEdits: edits,
    frames,
  };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
