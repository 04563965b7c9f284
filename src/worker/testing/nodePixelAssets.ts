/**
 * Test-only: the same bytes the page inlines (inlinedPixelAssets.ts), read from node_modules,
 * gzipped as the page ships them, so that jobs built from them under Node (InProcessWorker) take
 * the page's path: inflate, compile, clean.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { OCR_FILES } from '../../cli/nodePixelTools';
import { DECODER_WASM_FILES, ENCODER_WASM_FILES } from '../../core/pixels/wasmFiles';
import type { DecoderAssets, PixelAssets } from '../pixelAssets';

const NODE_MODULES = path.resolve(import.meta.dirname, '../../../node_modules');

function packed(modulePath: string): Uint8Array {
  const bytes = readFileSync(path.join(NODE_MODULES, modulePath));
  return new Uint8Array(bytes[0] === 0x1f && bytes[1] === 0x8b ? bytes : gzipSync(bytes));
}

function table<K extends string>(files: Record<K, string>): Record<K, Uint8Array> {
  return Object.fromEntries(
    Object.entries<string>(files).map(([key, file]) => [key, packed(file)]),
  ) as Record<K, Uint8Array>;
}

export function nodeDecoderAssets(): DecoderAssets {
  return { decoders: table(DECODER_WASM_FILES) };
}

export function nodePixelAssets(): PixelAssets {
  return { ...nodeDecoderAssets(), encoders: table(ENCODER_WASM_FILES), ocr: table(OCR_FILES) };
}
