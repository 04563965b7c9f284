/**
 * The image decoders, lossless encoders and OCR for Clean Pixel Data in Node, their wasm and
 * data read from disk: beside the built CLI (vite.cli.config.ts copies the files into dist-cli, which then
 * runs without node_modules), else from node_modules (tests and tsx run from the sources).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PixelTools } from '../core/pixels/clean/cleanPixels';
import { Codecs } from '../core/pixels/codecs';
import { createTesseractReader } from '../core/pixels/ocr/tesseractReader';
import type { OcrAsset } from '../core/pixels/ocr/types';
import { Encoders } from '../core/pixels/redact/encoders';
import { DECODER_WASM_FILES, ENCODER_WASM_FILES } from '../core/pixels/wasmFiles';

/** Every wasm file Clean Pixel Data may load, by its path under node_modules. */
export const PIXEL_WASM_FILES = [
  ...new Set([...Object.values(DECODER_WASM_FILES), ...Object.values(ENCODER_WASM_FILES)]),
];

function read(modulePath: string): Uint8Array {
  const candidates = [
    new URL(path.basename(modulePath), import.meta.url), // dist-cli/
    new URL(`../node_modules/${modulePath}`, import.meta.url), // dist-cli/ inside the project
    new URL(`../../node_modules/${modulePath}`, import.meta.url), // src/cli/
  ];
  for (const url of candidates) {
    const file = fileURLToPath(url);
    if (existsSync(file)) return readFileSync(file);
  }
  throw new Error(`${path.basename(modulePath)} is missing: reinstall dicomanon (npm ci)`);
}

/**
 * Tesseract's Emscripten glue, bundled into this ES module build, still reads CommonJS's
 * `require`, `__dirname` and `__filename` when it sees Node: it finds them as globals.
 */
function commonJsNames(): void {
  const scope = globalThis as Record<string, unknown>;
  scope.require ??= createRequire(import.meta.url);
  scope.__filename ??= fileURLToPath(import.meta.url);
  scope.__dirname ??= path.dirname(fileURLToPath(import.meta.url));
}

/** The OCR's wasm and English data, by their paths under node_modules. */
export const OCR_FILES: Record<OcrAsset, string> = {
  'tesseract-core-wasm': 'tesseract.js-core/tesseract-core-simd-lstm.wasm',
  'eng-traineddata': '@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz',
};

/** Decoders, encoders and the OCR that checks cleaned images (one Tesseract per worker). */
export async function nodePixelTools(): Promise<PixelTools> {
  commonJsNames();
  const reader = await createTesseractReader({
    assets: async (asset) => read(OCR_FILES[asset]),
  });
  return {
    codecs: new Codecs(async (codec) => read(DECODER_WASM_FILES[codec])),
    encoders: new Encoders(async (codec) => read(ENCODER_WASM_FILES[codec])),
    reader,
  };
}
