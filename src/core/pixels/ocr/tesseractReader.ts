/**
 * A `TextReader` backed by tesseract.js-core 7 (Tesseract 5 compiled to wasm), driven directly
 * in the calling thread: no tesseract.js worker, no fetch, no importScripts. The caller hands
 * over the wasm bytes and the English traineddata (gzipped or not) through an `OcrAssetSource`;
 * Emscripten gets the wasm as `wasmBinary`, the traineddata is written into its in-memory file
 * system. Works the same in a Web Worker, in Node and in Node's worker_threads.
 *
 * One reader holds one Tesseract instance (about 55 MB at start, 120–150 MB of process memory
 * per worker after reading frames, see MEASUREMENTS.md); reads are queued, never in parallel.
 */
import { gunzipSync } from 'fflate';
import type { TessBaseAPI, TesseractModule } from 'tesseract.js-core/tesseract-core-simd-lstm.js';
import { prepareForOcr } from './prepare';
import type { Box, GreyImage8, OcrAssetSource, ReadOptions, ReadWord, TextReader } from './types';

/** Tesseract's page segmentation modes used here. */
const PSM = { block: 6, line: 7, sparse: 11 } as const;
/** LSTM only: the core build below has no legacy engine. */
const OEM_LSTM_ONLY = 1;

/** The core build: SIMD (every current browser and Node ≥ 16), LSTM only (smallest). */
export type CoreFactoryLoader = () => Promise<
  (typeof import('tesseract.js-core/tesseract-core-simd-lstm.js'))['default']
>;

const defaultCoreLoader: CoreFactoryLoader = async () => {
  const glue = await import('tesseract.js-core/tesseract-core-simd-lstm.js');
  return glue.default;
};

export interface TesseractReaderOptions {
  /** Where the wasm and traineddata bytes come from. */
  readonly assets: OcrAssetSource;
  /** Loads the Emscripten glue (default: the package's SIMD LSTM-only build). */
  readonly loadCore?: CoreFactoryLoader;
}

export async function createTesseractReader(options: TesseractReaderOptions): Promise<TextReader> {
  const [factory, wasm, trained] = await Promise.all([
    (options.loadCore ?? defaultCoreLoader)(),
    options.assets('tesseract-core-wasm'),
    options.assets('eng-traineddata'),
  ]);
  const module: TesseractModule = await factory({
    wasmBinary: wasm,
    print: () => {},
    printErr: () => {},
  });
  const data = isGzip(trained) ? gunzipSync(trained) : trained;
  module.FS.writeFile('/eng.traineddata', data);
  const api = new module.TessBaseAPI();
  if (api.Init('/', 'eng', OEM_LSTM_ONLY) !== 0) {
    api.End();
    throw new Error('Tesseract could not load its English data.');
  }
  // Init has copied the model into Tesseract's own memory: free the file's 5 MB.
  module.FS.unlink('/eng.traineddata');
  api.SetVariable('preserve_interword_spaces', '1');
  return new TesseractReader(module, api);
}

class TesseractReader implements TextReader {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly module: TesseractModule,
    private readonly api: TessBaseAPI,
  ) {}

  read(image: GreyImage8, box?: Box, options: ReadOptions = {}): Promise<ReadWord[]> {
    const run = this.queue.then(() => this.readNow(image, box, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.api.End();
  }

  private readNow(image: GreyImage8, box: Box | undefined, options: ReadOptions): ReadWord[] {
    if (this.closed) throw new Error('The text reader is closed.');
    checkImage(image);
    const { crop, scale, pgm } = prepareForOcr(image, box, options.scale);
    if (crop.width < 3 || crop.height < 3) return [];
    const layout = options.layout ?? (box ? 'line' : 'sparse');
    this.module.FS.writeFile('/input', pgm);
    try {
      this.api.SetPageSegMode(PSM[layout]);
      if (this.api.SetImageFile(1, 0) !== 0) throw new Error('Tesseract could not take the image.');
      this.api.Recognize(null);
      return parseTsv(this.api.GetTSVText(0), crop, scale);
    } finally {
      this.api.Clear();
      this.module.FS.unlink('/input');
    }
  }
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function checkImage(image: GreyImage8): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`The image to read has no valid size (${width}×${height}).`);
  }
  if (data.length < width * height) {
    throw new Error(`The image to read is ${width}×${height} but has only ${data.length} bytes.`);
  }
}

/** Tesseract's TSV (level page block par line word left top width height conf text) as words. */
export function parseTsv(tsv: string, crop: Box, scale: number): ReadWord[] {
  const words: ReadWord[] = [];
  const lines = new Map<string, number>();
  for (const row of tsv.split('\n')) {
    const f = row.split('\t');
    if (f.length < 12 || f[0] !== '5') continue;
    const text = f.slice(11).join('\t').trim();
    if (text === '') continue;
    const key = `${f[2]}.${f[3]}.${f[4]}`;
    let line = lines.get(key);
    if (line === undefined) {
      line = lines.size;
      lines.set(key, line);
    }
    const [left, top, width, height] = [f[6], f[7], f[8], f[9]].map(Number) as [
      number,
      number,
      number,
      number,
    ];
    words.push({
      text,
      confidence: Number(f[10]),
      box: {
        x: crop.x + Math.floor(left / scale),
        y: crop.y + Math.floor(top / scale),
        width: Math.ceil(width / scale),
        height: Math.ceil(height / scale),
      },
      line,
    });
  }
  return words;
}
