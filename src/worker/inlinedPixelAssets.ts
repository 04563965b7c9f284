/**
 * The page's one copy of Clean Pixel Data's bytes: every codec's wasm and the OCR's wasm and
 * English data, inlined into the single HTML file gzipped and base64-encoded
 * (scripts/build/gzipInline.ts), never fetched (the page's policy has connect-src 'none', which
 * forbids even data: URLs). They are turned into bytes only when a job asks for them (a run or
 * preview with cleaning on, or sampling for text) and sent to its workers in their init message
 * (pixelAssets.ts): a run without cleaning pays only for the strings being in the page. The
 * bytes stay gzipped until a worker uses them. Imported only by the page, never by a worker.
 */
import type { WasmCodec } from '../core/pixels/codecs';
import type { OcrAsset } from '../core/pixels/ocr/types';
import type { EncoderCodec } from '../core/pixels/redact/encoders';
import type { DecoderAssets, PixelAssets } from './pixelAssets';

type Inlined = () => Promise<{ default: string }>;

// Paths under node_modules: the same files as src/core/pixels/wasmFiles.ts names for Node.
const DECODERS: Record<WasmCodec, Inlined> = {
  'libjpeg-turbo': () =>
    import('gzip64:@cornerstonejs/codec-libjpeg-turbo-8bit/dist/libjpegturbowasm_decode.wasm'),
  charls: () => import('gzip64:@cornerstonejs/codec-charls/dist/charlswasm_decode.wasm'),
  openjpeg: () => import('gzip64:@cornerstonejs/codec-openjpeg/dist/openjpegwasm_decode.wasm'),
  openjph: () => import('gzip64:@cornerstonejs/codec-openjph/dist/openjphjs.wasm'),
};

/** The full builds; OpenJPH has one build for both directions, inlined once (DECODERS). */
const ENCODERS: Record<Exclude<EncoderCodec, 'openjph'>, Inlined> = {
  charls: () => import('gzip64:@cornerstonejs/codec-charls/dist/charlswasm.wasm'),
  openjpeg: () => import('gzip64:@cornerstonejs/codec-openjpeg/dist/openjpegwasm.wasm'),
};

/** As src/cli/nodePixelTools.ts's OCR_FILES: SIMD LSTM-only core, `best_int` English. */
const OCR: Record<OcrAsset, Inlined> = {
  'tesseract-core-wasm': () => import('gzip64:tesseract.js-core/tesseract-core-simd-lstm.wasm'),
  'eng-traineddata': () =>
    import('gzip64:@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz'),
};

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function bytesOf<K extends string>(
  table: Record<K, Inlined>,
): Promise<Record<K, Uint8Array>> {
  const keys = Object.keys(table) as K[];
  const texts = await Promise.all(keys.map(async (key) => (await table[key]()).default));
  return Object.fromEntries(keys.map((key, i) => [key, fromBase64(texts[i]!)])) as Record<
    K,
    Uint8Array
  >;
}

/**
 * Made once and kept while the page lives (about 5 MB): every run with cleaning on, the preview
 * and the sampler send the same buffers (a postMessage copies them, never takes them).
 */
let decoders: Promise<DecoderAssets> | undefined;
let everything: Promise<PixelAssets> | undefined;

export function inlinedDecoderAssets(): Promise<DecoderAssets> {
  decoders ??= bytesOf(DECODERS).then((bytes) => ({ decoders: bytes }));
  return decoders;
}

export function inlinedPixelAssets(): Promise<PixelAssets> {
  everything ??= Promise.all([inlinedDecoderAssets(), bytesOf(ENCODERS), bytesOf(OCR)]).then(
    ([{ decoders }, encoders, ocr]) => ({
      decoders,
      encoders: { ...encoders, openjph: decoders.openjph },
      ocr,
    }),
  );
  return everything;
}
