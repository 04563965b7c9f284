/**
 * The compressed-pixel decoders, loaded on first use. The wasm ones (libjpeg-turbo, CharLS,
 * OpenJPEG, OpenJPH, as built by the cornerstonejs codecs project) never fetch their .wasm:
 * the caller hands over the bytes (`WasmSource`: the browser build inlines them, Node reads them
 * from node_modules) and wasmModules.ts makes the instances.
 * JPEG Lossless is plain JavaScript (jpeg-lossless-decoder-js); JPEG 12-bit is our own.
 */
import { PixelError } from './imageInfo';
import { decodeJpegDct } from './jpegDct';
import { WasmModules, type EmscriptenGlue } from './wasmModules';

export type WasmCodec = 'libjpeg-turbo' | 'charls' | 'openjpeg' | 'openjph';

/** The wasm bytes of a codec. */
export type WasmSource = (codec: WasmCodec) => Promise<Uint8Array>;

/** What a codec produced: samples of `bitsPerSample` (1 byte each up to 8 bits, else 2 LE). */
export interface CodecOutput {
  readonly width: number;
  readonly height: number;
  readonly components: number;
  readonly bitsPerSample: number;
  readonly signed: boolean;
  readonly data: Uint8Array;
  /** Components one plane after the other (JPEG-LS without interleave), else interleaved. */
  readonly planar: boolean;
}

const GLUE: Record<WasmCodec, EmscriptenGlue<CodecModule>> = {
  'libjpeg-turbo': () => import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs'),
  charls: () => import('@cornerstonejs/codec-charls/decodewasmjs'),
  openjpeg: () => import('@cornerstonejs/codec-openjpeg/decodewasmjs'),
  openjph: () => import('@cornerstonejs/codec-openjph/wasmjs'),
};

const LIBRARY_NAMES: Record<WasmCodec, string> = {
  'libjpeg-turbo': 'libjpeg-turbo',
  charls: 'CharLS',
  openjpeg: 'OpenJPEG',
  openjph: 'OpenJPH',
};

export class Codecs {
  private readonly modules: WasmModules<WasmCodec, CodecModule>;

  constructor(wasm: WasmSource) {
    this.modules = new WasmModules(GLUE, wasm);
  }

  /** JPEG by its frame header: 8-bit DCT → libjpeg-turbo, 12-bit DCT → ours, lossless → JS. */
  async jpeg(bytes: Uint8Array): Promise<CodecOutput> {
    const sof = jpegFrameMarker(bytes);
    if (sof === undefined) throw new PixelError('The JPEG data has no frame header.');
    if (sof.marker === 0xc3 || sof.marker === 0xc7) return jpegLossless(bytes);
    if (sof.precision > 8) {
      const image = decodeJpegDct(bytes);
      return {
        width: image.width,
        height: image.height,
        components: image.components,
        bitsPerSample: image.precision,
        signed: false,
        data: new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength),
        planar: false,
      };
    }
    return this.wasmDecode('libjpeg-turbo', bytes);
  }

  jpegLs(bytes: Uint8Array): Promise<CodecOutput> {
    // CharLS spends seconds (minutes on big frames) on a stream cut short before failing.
    if (!endsWithEoi(bytes)) {
      return Promise.reject(
        new PixelError('the JPEG-LS data is cut short (it has no end-of-image marker).'),
      );
    }
    return this.wasmDecode('charls', bytes);
  }

  jpeg2000(bytes: Uint8Array): Promise<CodecOutput> {
    return this.wasmDecode('openjpeg', bytes);
  }

  htj2k(bytes: Uint8Array): Promise<CodecOutput> {
    return this.wasmDecode('openjph', bytes);
  }

  private async wasmDecode(codec: WasmCodec, bytes: Uint8Array): Promise<CodecOutput> {
    const module = await this.modules.get(codec);
    const Decoder =
      module.JPEGDecoder ?? module.JpegLSDecoder ?? module.J2KDecoder ?? module.HTJ2KDecoder;
    if (!Decoder) throw new PixelError(`The ${LIBRARY_NAMES[codec]} decoder did not load.`);
    const decoder = new Decoder();
    try {
      decoder.getEncodedBuffer(bytes.length).set(bytes);
      decoder.decode();
      const info = decoder.getFrameInfo();
      if (!info.width || !info.height) {
        throw new PixelError(
          `${LIBRARY_NAMES[codec]} could not decode the frame (no image came out: the data may be damaged or cut short).`,
        );
      }
      const decoded = decoder.getDecodedBuffer();
      const interleave = decoder.getInterleaveMode?.() ?? 2;
      return {
        width: info.width,
        height: info.height,
        components: info.componentCount,
        bitsPerSample: info.bitsPerSample,
        signed: info.isSigned === true,
        // A copy: the view points into the wasm heap, which the next decode reuses.
        data: decoded.slice(),
        planar: codec === 'charls' && info.componentCount > 1 && interleave === 0,
      };
    } catch (error) {
      if (error instanceof PixelError) throw error;
      const detail = this.modules.describeFailure(codec, module, error);
      throw new PixelError(`${LIBRARY_NAMES[codec]} could not decode the frame (${detail}).`);
    } finally {
      decoder.delete();
    }
  }
}

/** The first SOFn marker of a JPEG stream: which process, and the sample precision. */
export function jpegFrameMarker(
  bytes: Uint8Array,
): { marker: number; precision: number } | undefined {
  let pos = 2;
  while (pos + 4 < bytes.length) {
    if (bytes[pos] !== 0xff) {
      pos++;
      continue;
    }
    const marker = bytes[pos + 1]!;
    if (marker === 0xff || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      pos += marker === 0xff ? 1 : 2;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { marker, precision: bytes[pos + 4]! };
    if (marker === 0xda || marker === 0xd9) return undefined;
    pos += 2 + ((bytes[pos + 2]! << 8) | bytes[pos + 3]!);
  }
  return undefined;
}

/** An EOI marker at the end, past any padding (fragments are padded to even length). */
function endsWithEoi(bytes: Uint8Array): boolean {
  for (let i = bytes.length - 2; i >= Math.max(0, bytes.length - 64); i--) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
    if (bytes[i + 1] !== 0) return false;
  }
  return false;
}

/** JPEG Lossless (process 14, any predictor) with jpeg-lossless-decoder-js. */
async function jpegLossless(bytes: Uint8Array): Promise<CodecOutput> {
  const { Decoder } = await import('jpeg-lossless-decoder-js');
  const decoder = new Decoder();
  let samples: Uint8Array | Uint16Array;
  try {
    // It reads through a DataView over (buffer, offset, length): no copy needed.
    samples = decoder.decode(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (error) {
    throw new PixelError(
      `The JPEG Lossless decoder could not decode the frame (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  return {
    width: decoder.xDim,
    height: decoder.yDim,
    components: decoder.numComp,
    bitsPerSample: decoder.precision,
    signed: false,
    data: new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength),
    planar: false,
  };
}
