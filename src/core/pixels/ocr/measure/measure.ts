/* eslint-disable no-restricted-imports, no-restricted-globals -- a Node measurement script. */
/**
 * Measures the tesseract.js-core reader against Debian's tesseract CLI (the oracle) on frames
 * from render_lines.py: word and line recall against the ground truth, time per 512×512 frame
 * (full-frame read) and per line box, start-up, memory, file sizes. Prints a JSON summary and a
 * Markdown table (for MEASUREMENTS.md).
 *
 *   /usr/bin/python3 src/core/pixels/ocr/measure/render_lines.py .tmp/ocr-lines 42
 *   npx tsx src/core/pixels/ocr/measure/measure.ts .tmp/ocr-lines
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nodeOcrAssets, ocrAssetPaths, type EngData } from '../nodeAssets';
import { prepareForOcr } from '../prepare';
import { createTesseractReader, parseTsv } from '../tesseractReader';
import type { Box, GreyImage8, ReadWord, TextReader } from '../types';

interface Line {
  text: string;
  box: [number, number, number, number];
}
interface Truth {
  file: string;
  background: string;
  font: string;
  size: number;
  layout: string;
  lines: Line[];
}

const dir = process.argv[2] ?? '.tmp/ocr-lines';
const truth: Truth[] = JSON.parse(readFileSync(path.join(dir, 'truth.json'), 'utf8'));
const tmp = mkdtempSync(path.join(tmpdir(), 'ocr-measure-'));

globalThis.fetch = (() => {
  throw new Error('the OCR tried to fetch');
}) as typeof fetch;

function readPgm(file: string): GreyImage8 {
  const bytes = new Uint8Array(readFileSync(file));
  const header = new TextDecoder('latin1').decode(bytes.subarray(0, 32));
  const m = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(header);
  if (!m) throw new Error(`${file}: not an 8-bit PGM`);
  const [width, height] = [Number(m[1]), Number(m[2])];
  return { width, height, data: bytes.subarray(m[0].length, m[0].length + width * height) };
}

const squeeze = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');
const boxOf = (l: Line): Box => ({ x: l.box[0], y: l.box[1], width: l.box[2], height: l.box[3] });
function overlaps(a: Box, b: Box, pad = 3): boolean {
  return (
    a.x < b.x + b.width + pad &&
    b.x - pad < a.x + a.width &&
    a.y < b.y + b.height + pad &&
    b.y - pad < a.y + a.height
  );
}

interface Score {
  words: number;
  wordsRead: number;
  lines: number;
  linesRead: number;
  linesFound: number;
  falseWords: number;
}
const empty = (): Score => ({
  words: 0,
  wordsRead: 0,
  lines: 0,
  linesRead: 0,
  linesFound: 0,
  falseWords: 0,
});
function add(a: Score, b: Score): void {
  for (const k of Object.keys(a) as (keyof Score)[]) a[k] += b[k];
}

/** Scores what was read against the lines: a word counts when the words over its line contain it. */
function score(lines: Line[], read: ReadWord[], countFalse: boolean): Score {
  const s = empty();
  const meaningful = read.filter((w) => squeeze(w.text) !== '');
  for (const line of lines) {
    const box = boxOf(line);
    const over = meaningful
      .filter((w) => overlaps(w.box, box))
      .sort((a, b) => a.box.x - b.box.x)
      .map((w) => squeeze(w.text))
      .join('');
    const words = line.text.split(/\s+/).map(squeeze).filter(Boolean);
    const got = words.filter((w) => over.includes(w)).length;
    s.words += words.length;
    s.wordsRead += got;
    s.lines += 1;
    s.linesRead += got === words.length ? 1 : 0;
    s.linesFound += over.length > 0 ? 1 : 0;
  }
  if (countFalse) {
    s.falseWords = meaningful.filter(
      (w) => w.confidence >= 50 && !lines.some((l) => overlaps(w.box, boxOf(l))),
    ).length;
  }
  return s;
}

function cli(pgm: Uint8Array, psm: number): { words: ReadWord[]; ms: number } {
  const file = path.join(tmp, 'in.pgm');
  writeFileSync(file, pgm);
  const t = performance.now();
  const r = spawnSync('tesseract', [file, 'stdout', '--psm', String(psm), 'tsv'], {
    encoding: 'utf8',
  });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`tesseract: ${r.stderr}`);
  return { words: parseTsv(r.stdout, { x: 0, y: 0, width: 0, height: 0 }, 1), ms };
}

/** CLI words are in the coordinates of the prepared crop: move them into the image's. */
function cliIn(image: GreyImage8, box: Box | undefined, psm: number, scale?: number) {
  const p = prepareForOcr(image, box, scale);
  const { words, ms } = cli(p.pgm, psm);
  return {
    ms,
    words: words.map((w) => ({
      ...w,
      box: {
        x: p.crop.x + Math.floor(w.box.x / p.scale),
        y: p.crop.y + Math.floor(w.box.y / p.scale),
        width: Math.ceil(w.box.width / p.scale),
        height: Math.ceil(w.box.height / p.scale),
      },
    })),
  };
}

interface Variant {
  name: string;
  score: Score;
  bySize: Record<string, Score>;
  ms: number[];
  cpuMs: number[];
}
const variants = new Map<string, Variant>();
function record(name: string, t: Truth, s: Score, ms: number, cpuMs?: number): void {
  let v = variants.get(name);
  if (!v) variants.set(name, (v = { name, score: empty(), bySize: {}, ms: [], cpuMs: [] }));
  if (cpuMs !== undefined) v.cpuMs.push(cpuMs);
  add(v.score, s);
  const bucket = t.size <= 12 ? '10–12 px' : t.size <= 15 ? '13–15 px' : '16–20 px';
  add((v.bySize[bucket] ??= empty()), s);
  v.ms.push(ms);
}

const mb = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;
function memory() {
  const m = process.memoryUsage();
  return { rss: mb(m.rss), heapUsed: mb(m.heapUsed), arrayBuffers: mb(m.arrayBuffers) };
}

/** Debian's tesseract-ocr-eng: tessdata_fast, the data the CLI oracle reads with. */
const DEBIAN_FAST = '/usr/share/tesseract-ocr/5/tessdata/eng.traineddata';

async function startReader(eng: EngData | typeof DEBIAN_FAST) {
  global.gc?.();
  const before = memory();
  const t = performance.now();
  const paths =
    eng === DEBIAN_FAST
      ? { ...ocrAssetPaths(), 'eng-traineddata': DEBIAN_FAST }
      : ocrAssetPaths(eng);
  const reader = await createTesseractReader({ assets: nodeOcrAssets(paths) });
  const startMs = performance.now() - t;
  return { reader, startMs, before, after: memory() };
}

async function fullFrames(name: string, reader: TextReader, scale: number) {
  for (const t of truth) {
    const image = readPgm(path.join(dir, t.file));
    const s = performance.now();
    const c = process.cpuUsage();
    const words = await reader.read(image, undefined, { scale });
    const cpu = process.cpuUsage(c);
    record(name, t, score(t.lines, words, true), performance.now() - s, cpuMs(cpu));
  }
}

async function boxes(name: string, reader: TextReader) {
  for (const t of truth) {
    const image = readPgm(path.join(dir, t.file));
    for (const line of t.lines) {
      const s = performance.now();
      const c = process.cpuUsage();
      const words = await reader.read(image, boxOf(line));
      const cpu = process.cpuUsage(c);
      record(name, t, score([line], words, false), performance.now() - s, cpuMs(cpu));
    }
  }
}

/** CPU time of this process: the reader runs on this thread, so it is the read's cost. */
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] ?? NaN;
const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)} %`;

async function main() {
  const paths = ocrAssetPaths('4.0.0_best_int');
  const files = {
    'tesseract-core-simd-lstm.wasm': statSync(paths['tesseract-core-wasm']).size,
    'eng.traineddata.gz (4.0.0_best_int)': statSync(paths['eng-traineddata']).size,
    'eng.traineddata.gz (4.0.0)': statSync(ocrAssetPaths('4.0.0')['eng-traineddata']).size,
    'tesseract-core-simd-lstm.js (glue)': statSync(
      paths['tesseract-core-wasm'].replace(/\.wasm$/, '.js'),
    ).size,
  };

  const main = await startReader('4.0.0_best_int');
  // The first reads run on V8's baseline wasm tier: warm up on a few frames, then time.
  const firstMs: number[] = [];
  for (const t of truth.slice(0, 3)) {
    const s = performance.now();
    await main.reader.read(readPgm(path.join(dir, t.file)));
    firstMs.push(Math.round(performance.now() - s));
  }
  await fullFrames('tesseract.js-core, full frame, sparse (psm 11), 1×', main.reader, 1);
  await fullFrames('tesseract.js-core, full frame, sparse (psm 11), 2×', main.reader, 2);
  await boxes('tesseract.js-core, line boxes (psm 7, to ~48 px)', main.reader);
  const afterReads = memory();
  const peak = mb(process.resourceUsage().maxRSS * 1024);
  main.reader.close();

  const big = await startReader('4.0.0');
  await fullFrames('tesseract.js-core + 4.0.0 data, full frame, 1×', big.reader, 1);
  big.reader.close();

  let fastMs: number | undefined;
  if (existsSync(DEBIAN_FAST)) {
    const fast = await startReader(DEBIAN_FAST);
    fastMs = fast.startMs;
    await fullFrames('tesseract.js-core + Debian tessdata_fast, full frame, 1×', fast.reader, 1);
    await boxes('tesseract.js-core + Debian tessdata_fast, line boxes', fast.reader);
    fast.reader.close();
  }

  // The oracle: Debian's tesseract 5.3.0 (tessdata_fast eng), one process per read, same pixels.
  for (const t of truth) {
    const image = readPgm(path.join(dir, t.file));
    const full = cliIn(image, undefined, 11, 1);
    record(
      'Debian tesseract CLI, full frame, sparse, 1×',
      t,
      score(t.lines, full.words, true),
      full.ms,
    );
    const raw = cli(new Uint8Array(readFileSync(path.join(dir, t.file))), 11);
    record(
      'Debian tesseract CLI, full frame, raw pixels',
      t,
      score(t.lines, raw.words, true),
      raw.ms,
    );
    for (const line of t.lines) {
      const b = cliIn(image, boxOf(line), 7);
      record(
        'Debian tesseract CLI, line boxes (same crops)',
        t,
        score([line], b.words, false),
        b.ms,
      );
    }
  }
  // The tesseract.js wrapper itself (its own worker_thread, files from local paths), for start-up
  // and time per frame against driving the core directly.
  const { createWorker } = await import('tesseract.js');
  const tw = performance.now();
  const worker = await createWorker('eng', 1, {
    langPath: path.dirname(paths['eng-traineddata']),
    cacheMethod: 'none',
    gzip: true,
  });
  const wrapperStartMs = Math.round(performance.now() - tw);
  await worker.setParameters({ tessedit_pageseg_mode: '11' as never });
  for (const t of truth) {
    const image = readPgm(path.join(dir, t.file));
    const p = prepareForOcr(image);
    const s = performance.now();
    const r = await worker.recognize(Buffer.from(p.pgm), {}, { tsv: true });
    const words = parseTsv(r.data.tsv ?? '', p.crop, 1);
    record(
      'tesseract.js 7 createWorker, full frame, sparse, 1×',
      t,
      score(t.lines, words, true),
      performance.now() - s,
    );
  }
  await worker.terminate();

  const blank = cli(
    prepareForOcr({ width: 512, height: 512, data: new Uint8Array(512 * 512) }).pgm,
    11,
  );

  // Real burned-in ultrasounds (deid-data): what each engine reads, for the eye.
  const real: Record<string, { js: string; cli: string }> = {};
  const again = await createTesseractReader({ assets: nodeOcrAssets(paths) });
  for (const name of ['GREYSCALE_IMAGE', 'RGB_IMAGE']) {
    const file = path.join(dir, 'real', `${name}.pgm`);
    const image = readPgm(file);
    const js = await again.read(image);
    const c = cliIn(image, undefined, 11, 1);
    const text = (w: ReadWord[]) =>
      w
        .filter((x) => x.confidence >= 50 && squeeze(x.text).length >= 2)
        .map((x) => x.text)
        .join(' ');
    real[name] = { js: text(js), cli: text(c.words) };
  }
  again.close();

  const summary = {
    images: truth.length,
    lines: truth.reduce((n, t) => n + t.lines.length, 0),
    files,
    startup: {
      bestIntMs: Math.round(main.startMs),
      fourZeroMs: Math.round(big.startMs),
      debianFastMs: fastMs === undefined ? null : Math.round(fastMs),
      wrapperCreateWorkerMs: wrapperStartMs,
      firstThreeFramesMs: firstMs,
      cliBlankFrameMs: Math.round(blank.ms),
    },
    memory: { beforeStart: main.before, afterStart: main.after, afterReads, peakRss: peak },
    variants: [...variants.values()].map((v) => ({
      name: v.name,
      wordRecall: pct(v.score.wordsRead, v.score.words),
      lineRecall: pct(v.score.linesRead, v.score.lines),
      lineFound: pct(v.score.linesFound, v.score.lines),
      falseWordsPerFrame: v.name.includes('box')
        ? null
        : +(v.score.falseWords / truth.length).toFixed(2),
      medianMs: Math.round(median(v.ms)),
      meanMs: Math.round(v.ms.reduce((a, b) => a + b, 0) / v.ms.length),
      medianCpuMs: v.cpuMs.length ? Math.round(median(v.cpuMs)) : null,
      meanCpuMs: v.cpuMs.length
        ? Math.round(v.cpuMs.reduce((a, b) => a + b, 0) / v.cpuMs.length)
        : null,
      p90Ms: Math.round([...v.ms].sort((x, y) => x - y)[Math.floor(v.ms.length * 0.9)] ?? NaN),
      bySize: Object.fromEntries(
        Object.entries(v.bySize)
          .sort()
          .map(([k, s]) => [
            k,
            `${pct(s.wordsRead, s.words)} words, ${pct(s.linesRead, s.lines)} lines`,
          ]),
      ),
    })),
    real,
  };
  console.log(JSON.stringify(summary, null, 1));
}

await main();
