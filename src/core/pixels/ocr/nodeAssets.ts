/* eslint-disable no-restricted-imports -- Node-only: never imported by the browser bundle. */
/**
 * The OCR's files for Node (tests, benches, the CLI): read from disk, never fetched. The
 * browser build passes bytes inlined into the bundle instead (see MEASUREMENTS.md).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { OcrAsset, OcrAssetSource } from './types';

const require = createRequire(import.meta.url);

/** `best_int` (2.9 MB gzipped, LSTM only) or the larger `4.0.0` set (10.9 MB, LSTM + legacy). */
export type EngData = '4.0.0_best_int' | '4.0.0';

export function ocrAssetPaths(eng: EngData = '4.0.0_best_int'): Record<OcrAsset, string> {
  const core = path.dirname(require.resolve('tesseract.js-core/package.json'));
  const data = path.dirname(require.resolve('@tesseract.js-data/eng/package.json'));
  return {
    'tesseract-core-wasm': path.join(core, 'tesseract-core-simd-lstm.wasm'),
    'eng-traineddata': path.join(data, eng, 'eng.traineddata.gz'),
  };
}

export function nodeOcrAssets(paths: Record<OcrAsset, string> = ocrAssetPaths()): OcrAssetSource {
  return async (asset) => new Uint8Array(await readFile(paths[asset]));
}
