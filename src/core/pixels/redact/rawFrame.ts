/**
 * An encapsulated frame decoded to the samples its codec holds, before any of the preview's
 * normalising (masking to Bits Stored, sign extension): re-encoding those exact samples, with
 * only the boxes changed, is what keeps every other pixel bit for bit.
 */
import type { Codecs, CodecOutput } from '../codecs';
import { jpegFrameMarker } from '../codecs';
import { PixelError, type ImageInfo } from '../imageInfo';
import { decodeRle } from '../rle';

export interface RawFrame {
  /** Little-endian samples of `container` bits. */
  readonly data: Uint8Array;
  readonly container: 8 | 16 | 32;
  /** Significant bits per sample as the codec stores them. */
  readonly bitsPerSample: number;
  /** The codec's samples are two's complement through the container (else plain patterns). */
  readonly signExtended: boolean;
  readonly signed: boolean;
  readonly components: number;
  readonly planar: boolean;
  /** Colour space of the samples (JPEG and JPEG 2000 decoders undo their colour transforms). */
  readonly photometric: string;
}

export async function decodeRawFrame(
  info: ImageInfo,
  bytes: Uint8Array,
  codecs: Codecs,
): Promise<RawFrame> {
  const { codec, name } = info.syntax;
  const container = info.bitsAllocated as 8 | 16 | 32;
  if (codec === 'rle' || codec === 'encapsulated-native') {
    const data = codec === 'rle' ? decodeRle(bytes, info) : bytes.slice();
    const size = info.rows * info.columns * info.samplesPerPixel * (container / 8);
    if (data.length < size) throw new PixelError(`A frame of this ${name} image is cut short.`);
    return {
      data: data.length === size ? data : data.slice(0, size),
      container,
      bitsPerSample: info.bitsStored,
      signExtended: true,
      signed: info.pixelRepresentation === 1,
      components: info.samplesPerPixel,
      planar: codec === 'encapsulated-native' && info.planarConfiguration === 1,
      photometric: info.photometric,
    };
  }
  let out: CodecOutput;
  try {
    out =
      codec === 'jpeg'
        ? await codecs.jpeg(bytes)
        : codec === 'jpeg-ls'
          ? await codecs.jpegLs(bytes)
          : codec === 'jpeg-2000'
            ? await codecs.jpeg2000(bytes)
            : codec === 'htj2k'
              ? await codecs.htj2k(bytes)
              : unsupported(info);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new PixelError(`This image uses ${name}, which could not be decoded: ${why}`);
  }
  if (out.width !== info.columns || out.height !== info.rows) {
    throw new PixelError(
      `This image uses ${name}; a frame decodes to ${out.width} × ${out.height} but the file says ${info.columns} × ${info.rows}.`,
    );
  }
  if (out.components !== info.samplesPerPixel) {
    throw new PixelError(
      `This image uses ${name}; a frame has ${out.components} component(s) but the file says ${info.samplesPerPixel}.`,
    );
  }
  const outContainer = out.bitsPerSample <= 8 ? 8 : 16;
  const size = info.rows * info.columns * out.components * (outContainer / 8);
  if (out.data.length < size) throw new PixelError(`This image uses ${name}; a frame is short.`);
  return {
    data: out.data.length === size ? out.data : out.data.slice(0, size),
    container: outContainer,
    bitsPerSample: out.bitsPerSample,
    // Only the JPEG 2000 decoders hand out signed samples as such; JPEG and JPEG-LS streams
    // hold plain bit patterns.
    signExtended: out.signed && (codec === 'jpeg-2000' || codec === 'htj2k'),
    signed: info.pixelRepresentation === 1,
    components: out.components,
    planar: out.planar,
    photometric: decodedPhotometric(codec, info.photometric),
  };
}

function unsupported(info: ImageInfo): never {
  throw new PixelError(
    `This image uses ${info.syntax.name}, which cannot be redacted: ${info.syntax.why ?? 'no decoder'}.`,
  );
}

/** As decodeFrame.ts: JPEG DCT and JPEG 2000 decoders hand out RGB for their YBR inputs. */
function decodedPhotometric(codec: string, photometric: string): string {
  if (codec === 'jpeg') return photometric.startsWith('YBR') ? 'RGB' : photometric;
  if (codec === 'jpeg-2000' || codec === 'htj2k')
    return photometric === 'YBR_RCT' || photometric === 'YBR_ICT' ? 'RGB' : photometric;
  return photometric;
}

/** Whether a JPEG frame is lossy: every process but the lossless ones (SOF3, 7, 11, 15). */
export function jpegIsLossy(bytes: Uint8Array): boolean {
  const marker = jpegFrameMarker(bytes)?.marker;
  return marker === undefined || ![0xc3, 0xc7, 0xcb, 0xcf].includes(marker);
}
