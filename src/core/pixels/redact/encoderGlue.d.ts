/**
 * Types for the encoder side of the @cornerstonejs codec builds (the full builds, not the
 * `decode` ones codecGlue.d.ts declares). Only what encoders.ts uses is declared; the C++
 * sources are JpegLSEncoder.hpp, J2KEncoder.hpp and HTJ2KEncoder.hpp of cornerstonejs/codecs.
 */
interface EncoderFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned: boolean;
  /** OpenJPH only: apply the reversible colour transform to three components. */
  isUsingColorTransform: boolean;
}

/** An embind object: delete() frees its share of the wasm heap. */
interface WasmEncoder {
  /** Sizes the input buffer for the frame and returns a view of it in the wasm heap. */
  getDecodedBuffer(frameInfo: EncoderFrameInfo): Uint8Array;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  delete(): void;
  /** CharLS: 0 none (planes), 1 line, 2 sample (pixel-interleaved input either way). */
  setInterleaveMode?(mode: number): void;
  setNearLossless?(near: number): void;
  /** OpenJPEG: (lossless, layers); OpenJPH: (lossless, quantization step). */
  setQuality?(lossless: boolean, second: number): void;
  setDecompositions?(count: number): void;
}

interface EncoderModule {
  JpegLSEncoder?: new () => WasmEncoder;
  J2KEncoder?: new () => WasmEncoder;
  HTJ2KEncoder?: new () => WasmEncoder;
  getExceptionMessage?: (error: unknown) => string;
}

/** The same argument as the decoder builds' (codecGlue.d.ts). */
type EncoderFactory = (moduleArg?: CodecModuleArg) => Promise<EncoderModule>;

declare module '@cornerstonejs/codec-charls/wasmjs' {
  const factory: EncoderFactory;
  export default factory;
}
declare module '@cornerstonejs/codec-openjpeg/wasmjs' {
  const factory: EncoderFactory;
  export default factory;
}
