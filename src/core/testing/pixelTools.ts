/** Test only (Node): the image codecs and encoders, with their wasm read from node_modules. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Codecs } from '../pixels/codecs';
import type { PixelTools } from '../pixels/clean/cleanPixels';
import { Encoders } from '../pixels/redact/encoders';
import { DECODER_WASM_FILES, ENCODER_WASM_FILES } from '../pixels/wasmFiles';
import { nodeOcrAssets } from '../pixels/ocr/nodeAssets';
import { createTesseractReader } from '../pixels/ocr/tesseractReader';
import { PROJECT_ROOT } from './corpus';

const fromModules = (file: string) => readFileSync(path.join(PROJECT_ROOT, 'node_modules', file));

export const nodePixelTools: PixelTools = {
  codecs: new Codecs(async (codec) => fromModules(DECODER_WASM_FILES[codec])),
  encoders: new Encoders(async (codec) => fromModules(ENCODER_WASM_FILES[codec])),
};

/** The same with the OCR that checks cleaned images, read from node_modules (one per call). */
export async function nodePixelToolsWithOcr(): Promise<PixelTools> {
  const reader = await createTesseractReader({ assets: nodeOcrAssets() });
  return { ...nodePixelTools, reader };
}
