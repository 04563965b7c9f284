/**
 * The bytes Clean Pixel Data needs in a worker (codec wasm, the OCR's wasm and English data),
 * as they travel in a job's init message, and the PixelTools a worker builds from them. The page
 * holds one copy of each (inlinedPixelAssets.ts) and sends it only to the workers of a job that
 * cleans pixels or samples images for text: a run without cleaning never decodes them. Bytes may
 * be gzipped (the page ships them so, to stay small); each is inflated when first used.
 */
import { gunzipSync } from 'fflate';
import type { PixelTools } from '../core/pixels/clean/cleanPixels';
import { Codecs, type WasmCodec } from '../core/pixels/codecs';
import { createTesseractReader } from '../core/pixels/ocr/tesseractReader';
import type { OcrAsset, TextReader } from '../core/pixels/ocr/types';
import { Encoders, type EncoderCodec } from '../core/pixels/redact/encoders';

/** What a worker needs to decode frames (sampling for text). */
export interface DecoderAssets {
  readonly decoders: Readonly<Record<WasmCodec, Uint8Array>>;
}

/** What sampling for text needs: decoders, and the OCR to read what the detector boxes. */
export interface SampleAssets extends DecoderAssets {
  readonly ocr: Readonly<Record<OcrAsset, Uint8Array>>;
}

/** Everything Clean Pixel Data needs: decoders, lossless encoders and the OCR check. */
export interface PixelAssets extends DecoderAssets {
  readonly encoders: Readonly<Record<EncoderCodec, Uint8Array>>;
  readonly ocr: Readonly<Record<OcrAsset, Uint8Array>>;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Inflated when gzipped (wasm never starts with 1f 8b: it starts with \0asm). */
export function inflated(bytes: Uint8Array): Uint8Array {
  return isGzip(bytes) ? gunzipSync(bytes) : bytes;
}

/** Decoders only, each wasm inflated and compiled on its first frame. */
export function codecsFrom(assets: DecoderAssets): Codecs {
  return new Codecs(async (codec) => inflated(assets.decoders[codec]));
}

/** The OCR from its bytes; the traineddata stays gzipped: the reader inflates it itself. */
export function readerFrom(assets: Pick<PixelAssets, 'ocr'>): Promise<TextReader> {
  return createTesseractReader({
    assets: async (asset) =>
      asset === 'tesseract-core-wasm' ? inflated(assets.ocr[asset]) : assets.ocr[asset],
  });
}

/**
 * Decoders, encoders and one Tesseract for the worker (its start-up costs about a second and
 * 55 MB; reads then grow it to 120–150 MB, ocr/MEASUREMENTS.md).
 */
export async function pixelToolsFrom(assets: PixelAssets): Promise<PixelTools> {
  const reader = await readerFrom(assets);
  return {
    codecs: codecsFrom(assets),
    encoders: new Encoders(async (codec) => inflated(assets.encoders[codec])),
    reader,
  };
}
