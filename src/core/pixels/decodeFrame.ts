/**
 * One frame from file to samples, in two steps so that the costly one can run in a worker:
 * `frameSource` (cheap, needs the parsed file) cuts the frame's bytes out; `decodeFrameSource`
 * (pure, plain data in and out) decodes them and makes a displayable image of them.
 */
import type { DicomFile } from '../dicom/dataset';
import type { Codecs, CodecOutput } from './codecs';
import { toDisplayImage, type DisplayImage, type Samples } from './display';
import { encapsulatedFrames, joinFragments, nativeFrame } from './frames';
import { PixelError, type ImageInfo, type PixelLayout } from './imageInfo';
import { decodeRle } from './rle';

/** The bytes of one frame as stored, ready to post to a worker. */
export interface FrameSource {
  /** Native: little-endian samples (1-bit pixels start `bitOffset` bits in). Else the codestream. */
  readonly bytes: Uint8Array;
  readonly bitOffset: number;
}

export function frameSource(file: DicomFile, info: ImageInfo, index: number): FrameSource {
  if (index < 0 || index >= info.frames) throw new PixelError(`There is no frame ${index + 1}.`);
  const { codec, name, why } = info.syntax;
  if (codec === 'unsupported') {
    throw new PixelError(`This image uses ${name}, which cannot be shown: ${why}.`);
  }
  if (codec === 'native') {
    if (info.pixelElement.fragments) {
      throw new PixelError(
        `This image says it uses ${name} but its pixel data is encapsulated, so it cannot be shown.`,
      );
    }
    return nativeFrame(file, info, index);
  }
  const frames = encapsulatedFrames(file, info);
  return { bytes: joinFragments(frames[index]!), bitOffset: 0 };
}

/** Decodes a frame and makes it displayable; throws PixelError saying why it cannot be. */
export async function decodeFrameSource(
  layout: PixelLayout,
  source: FrameSource,
  codecs: Codecs,
): Promise<DisplayImage> {
  const raw = await decodeSamples(layout, source, codecs);
  return toDisplayImage(layout, raw.samples, raw.photometric, raw.planar);
}

export interface DecodedSamples {
  readonly samples: Samples;
  /** The colour space of the samples as decoded (JPEG and JPEG 2000 decoders convert). */
  readonly photometric: string;
  readonly planar: boolean;
}

/** The stored values of a frame, sign-extended and masked to Bits Stored. */
export async function decodeSamples(
  layout: PixelLayout,
  source: FrameSource,
  codecs: Codecs,
): Promise<DecodedSamples> {
  const { codec, name } = layout.syntax;
  const pixelCount = layout.rows * layout.columns;
  if (codec === 'native' || codec === 'encapsulated-native') {
    if (layout.bitsAllocated === 1) {
      const bits = new Uint8Array(pixelCount * layout.samplesPerPixel);
      for (let i = 0; i < bits.length; i++) {
        const bit = source.bitOffset + i;
        bits[i] = (source.bytes[bit >> 3]! >> (bit & 7)) & 1;
      }
      return { samples: bits, photometric: layout.photometric, planar: false };
    }
    const samples = typedSamples(layout, source.bytes, layout.bitsAllocated);
    return {
      samples: normalise(samples, layout),
      photometric: layout.photometric,
      planar: layout.planarConfiguration === 1 && layout.samplesPerPixel > 1,
    };
  }
  if (codec === 'rle') {
    const bytes = decodeRle(source.bytes, layout);
    return {
      samples: normalise(typedSamples(layout, bytes, layout.bitsAllocated), layout),
      photometric: layout.photometric,
      planar: false,
    };
  }
  let out: CodecOutput;
  try {
    out =
      codec === 'jpeg'
        ? await codecs.jpeg(source.bytes)
        : codec === 'jpeg-ls'
          ? await codecs.jpegLs(source.bytes)
          : codec === 'jpeg-2000'
            ? await codecs.jpeg2000(source.bytes)
            : await codecs.htj2k(source.bytes);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new PixelError(`This image uses ${name}, which could not be decoded: ${why}`);
  }
  if (out.width !== layout.columns || out.height !== layout.rows) {
    throw new PixelError(
      `This image uses ${name}; the decoded frame is ${out.width} × ${out.height} but the file says ${layout.columns} × ${layout.rows}.`,
    );
  }
  if (out.components !== layout.samplesPerPixel) {
    throw new PixelError(
      `This image uses ${name}; the decoded frame has ${out.components} component(s) but the file says ${layout.samplesPerPixel}.`,
    );
  }
  const container = out.bitsPerSample <= 8 ? 8 : 16;
  if (out.data.length < pixelCount * out.components * (container / 8)) {
    throw new PixelError(`This image uses ${name}; the decoder returned too few samples.`);
  }
  const samples = normalise(typedSamples(layout, out.data, container), layout);
  return {
    samples,
    photometric: decodedPhotometric(codec, layout.photometric),
    planar: out.planar,
  };
}

/** What the decoders leave: JPEG DCT and JPEG 2000 undo their colour transform. */
function decodedPhotometric(codec: string, photometric: string): string {
  if (codec === 'jpeg') return photometric.startsWith('YBR') ? 'RGB' : photometric;
  if (codec === 'jpeg-2000' || codec === 'htj2k')
    return photometric === 'YBR_RCT' || photometric === 'YBR_ICT' ? 'RGB' : photometric;
  return photometric;
}

/** A typed view of little-endian bytes (copied when not aligned). */
function typedSamples(layout: PixelLayout, bytes: Uint8Array, container: number): Samples {
  const signed = layout.pixelRepresentation === 1;
  const width = container / 8;
  let aligned = bytes;
  if (bytes.byteOffset % width !== 0 || bytes.byteLength % width !== 0) {
    aligned = new Uint8Array(bytes.byteLength - (bytes.byteLength % width));
    aligned.set(bytes.subarray(0, aligned.length));
  }
  const { buffer, byteOffset, byteLength } = aligned;
  const count = byteLength / width;
  if (layout.float === 'float32') return new Float32Array(buffer, byteOffset, count);
  if (layout.float === 'float64') return new Float64Array(buffer, byteOffset, count);
  switch (container) {
    case 8:
      return signed
        ? new Int8Array(buffer, byteOffset, count)
        : new Uint8Array(buffer, byteOffset, count);
    case 16:
      return signed
        ? new Int16Array(buffer, byteOffset, count)
        : new Uint16Array(buffer, byteOffset, count);
    case 32:
      return signed
        ? new Int32Array(buffer, byteOffset, count)
        : new Uint32Array(buffer, byteOffset, count);
    default:
      throw new PixelError(`The image cannot be shown: ${container}-bit integer samples.`);
  }
}

/**
 * Keeps only Bits Stored of each sample (the bits above may hold overlays or junk) and
 * sign-extends signed ones; writes into a copy when the samples are views into the file.
 */
function normalise(samples: Samples, layout: PixelLayout): Samples {
  if (layout.float) return samples;
  const bits = layout.bitsStored;
  const container = samples.BYTES_PER_ELEMENT * 8;
  if (bits >= container) return samples;
  const out = samples.slice();
  const mask = 2 ** bits - 1;
  const signBit = 2 ** (bits - 1);
  const signed = layout.pixelRepresentation === 1;
  for (let i = 0; i < out.length; i++) {
    let value = out[i]! & mask;
    if (value < 0) value += 2 ** 32; // `&` on 32 bits
    if (signed && value >= signBit) value -= 2 ** bits;
    out[i] = value;
  }
  return out;
}
