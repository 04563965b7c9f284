/**
 * Types for the Emscripten glue of the @cornerstonejs codecs, which ship none. Each module's
 * default export is a factory; only what codecs.ts uses is declared.
 */
interface CodecFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
}

/** An embind object: every decoder must be deleted to free its part of the wasm heap. */
interface CodecDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): CodecFrameInfo;
  getDecodedBuffer(): Uint8Array;
  getInterleaveMode?(): number;
  delete(): void;
}

interface CodecModule {
  JPEGDecoder?: new () => CodecDecoder;
  JpegLSDecoder?: new () => CodecDecoder;
  J2KDecoder?: new () => CodecDecoder;
  HTJ2KDecoder?: new () => CodecDecoder;
  getExceptionMessage?: (error: unknown) => string;
}

interface CodecModuleArg {
  /** Emscripten's hook: instantiate the wasm ourselves, so the glue never fetches or reads it. */
  instantiateWasm?: (
    imports: WebAssembly.Imports,
    receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => unknown,
  ) => unknown;
  print?: (line: string) => void;
  printErr?: (line: string) => void;
}

type CodecFactory = (moduleArg?: CodecModuleArg) => Promise<CodecModule>;

declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' {
  const factory: CodecFactory;
  export default factory;
}
declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  const factory: CodecFactory;
  export default factory;
}
declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  const factory: CodecFactory;
  export default factory;
}
declare module '@cornerstonejs/codec-openjph/wasmjs' {
  const factory: CodecFactory;
  export default factory;
}
declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    decode(
      buffer: ArrayBufferLike,
      offset: number,
      length: number,
      numBytes?: number,
    ): Uint8Array | Uint16Array;
    frame: { precision: number; numComp: number; dimX: number; dimY: number };
    numComp: number;
    xDim: number;
    yDim: number;
    precision: number;
  }
}
