/**
 * The image decoders and lossless encoders for Clean Pixel Data in Node, their wasm read from
 * disk: beside the built CLI (vite.cli.config.ts copies the files into dist-cli, which then
 * runs without node_modules), else from node_modules (tests and tsx run from the sources).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PixelTools } from '../core/pixels/clean/cleanPixels';
import { Codecs } from '../core/pixels/codecs';
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

export function nodePixelTools(): PixelTools {
  return {
    codecs: new Codecs(async (codec) => read(DECODER_WASM_FILES[codec])),
    encoders: new Encoders(async (codec) => read(ENCODER_WASM_FILES[codec])),
  };
}
