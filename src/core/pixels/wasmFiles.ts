/**
 * Where the wasm of each image codec lies under node_modules: Node callers (the CLI, tests)
 * read the bytes from there; the page inlines the same files at build time.
 */
import type { WasmCodec } from './codecs';
import type { EncoderCodec } from './redact/encoders';

export const DECODER_WASM_FILES: Record<WasmCodec, string> = {
  'libjpeg-turbo': '@cornerstonejs/codec-libjpeg-turbo-8bit/dist/libjpegturbowasm_decode.wasm',
  charls: '@cornerstonejs/codec-charls/dist/charlswasm_decode.wasm',
  openjpeg: '@cornerstonejs/codec-openjpeg/dist/openjpegwasm_decode.wasm',
  openjph: '@cornerstonejs/codec-openjph/dist/openjphjs.wasm',
};

/** The full (encoder + decoder) builds, for re-encoding redacted frames. */
export const ENCODER_WASM_FILES: Record<EncoderCodec, string> = {
  charls: '@cornerstonejs/codec-charls/dist/charlswasm.wasm',
  openjpeg: '@cornerstonejs/codec-openjpeg/dist/openjpegwasm.wasm',
  openjph: '@cornerstonejs/codec-openjph/dist/openjphjs.wasm',
};

export type { EncoderCodec };
