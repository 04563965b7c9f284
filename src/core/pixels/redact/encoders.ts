/**
 * Lossless encoders for re-encoding redacted frames: CharLS (JPEG-LS), OpenJPEG (JPEG 2000) and
 * OpenJPH (HTJ2K), from the full builds of the same @cornerstonejs packages whose decoders
 * codecs.ts loads. As there, the wasm is never fetched: the caller hands over its bytes (the
 * browser build inlines them; Node reads them from node_modules, at the paths of wasmFiles.ts)
 * and wasmModules.ts makes the instances.
 */
import { PixelError } from '../imageInfo';
import { WasmModules, type EmscriptenGlue } from '../wasmModules';

export type EncoderCodec = 'charls' | 'openjpeg' | 'openjph';

/** The wasm bytes of a codec's full (encoder + decoder) build. */
export type EncoderWasmSource = (codec: EncoderCodec) => Promise<Uint8Array>;

const GLUE: Record<EncoderCodec, EmscriptenGlue<EncoderModule>> = {
  charls: () => import('@cornerstonejs/codec-charls/wasmjs'),
  openjpeg: () => import('@cornerstonejs/codec-openjpeg/wasmjs'),
  // The OpenJPH build has one glue for both directions; codecGlue.d.ts types its decoder side.
  openjph: async () => {
    const glue: unknown = await import('@cornerstonejs/codec-openjph/wasmjs');
    return glue as { default: EncoderFactory };
  },
};

const NAMES: Record<EncoderCodec, string> = {
  charls: 'CharLS',
  openjpeg: 'OpenJPEG',
  openjph: 'OpenJPH',
};

/** A frame to encode: little-endian samples, pixel-interleaved, 1 byte each up to 8 bits. */
export interface EncoderInput {
  readonly width: number;
  readonly height: number;
  readonly components: number;
  readonly bitsPerSample: number;
  readonly signed: boolean;
  readonly data: Uint8Array;
  /** JPEG-LS only: samples one plane after the other (written with interleave mode none). */
  readonly planar?: boolean;
}

export class Encoders {
  private readonly modules: WasmModules<EncoderCodec, EncoderModule>;

  constructor(wasm: EncoderWasmSource) {
    this.modules = new WasmModules(GLUE, wasm);
  }

  /** JPEG-LS lossless (NEAR = 0). */
  jpegLs(input: EncoderInput): Promise<Uint8Array> {
    return this.encode('charls', input, (encoder) => {
      encoder.setNearLossless?.(0);
      encoder.setInterleaveMode?.(input.components > 1 && !input.planar ? 2 : 0);
    });
  }

  /**
   * JPEG 2000 lossless (reversible 5/3 wavelet, one layer). The build applies the reversible
   * colour transform to three components, so such output is YBR_RCT.
   */
  jpeg2000(input: EncoderInput): Promise<Uint8Array> {
    return this.encode('openjpeg', input, (encoder) => {
      encoder.setQuality?.(true, 0);
      encoder.setDecompositions?.(decompositionsFor(input));
    });
  }

  /** HTJ2K lossless (reversible, no colour transform: colour stays RGB). */
  htj2k(input: EncoderInput): Promise<Uint8Array> {
    return this.encode('openjph', input, (encoder) => {
      encoder.setQuality?.(true, 0);
      encoder.setDecompositions?.(decompositionsFor(input));
    });
  }

  private async encode(
    codec: EncoderCodec,
    input: EncoderInput,
    configure: (encoder: WasmEncoder) => void,
  ): Promise<Uint8Array> {
    const module = await this.modules.get(codec);
    const Encoder = module.JpegLSEncoder ?? module.J2KEncoder ?? module.HTJ2KEncoder;
    if (!Encoder) throw new PixelError(`The ${NAMES[codec]} encoder did not load.`);
    const encoder = new Encoder();
    try {
      const buffer = encoder.getDecodedBuffer({
        width: input.width,
        height: input.height,
        bitsPerSample: input.bitsPerSample,
        componentCount: input.components,
        isSigned: input.signed,
        isUsingColorTransform: false,
      });
      if (buffer.length !== input.data.length) {
        throw new PixelError(
          `${NAMES[codec]} expects ${buffer.length} bytes for the frame, not ${input.data.length}.`,
        );
      }
      buffer.set(input.data);
      configure(encoder);
      encoder.encode();
      // A copy: the view points into the wasm heap, which delete() frees.
      const out = encoder.getEncodedBuffer().slice();
      if (out.length === 0) throw new PixelError(`${NAMES[codec]} produced no data.`);
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    } catch (error) {
      if (error instanceof PixelError) throw error;
      const detail = this.modules.describeFailure(codec, module, error);
      throw new PixelError(`${NAMES[codec]} could not encode the redacted frame (${detail}).`);
    } finally {
      encoder.delete();
    }
  }
}

/** Five wavelet levels as usual, fewer for images too small to halve five times. */
function decompositionsFor(input: EncoderInput): number {
  const smaller = Math.min(input.width, input.height);
  return Math.max(0, Math.min(5, Math.floor(Math.log2(Math.max(1, smaller))) - 1));
}
