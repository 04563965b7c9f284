/**
 * Clean Pixel Data benchmark (npm run bench:pixels; part of npm run bench). Not a test: it
 * asserts nothing and exits 0. Speed goal (issue 14): detection + redaction of 512 × 512 frames
 * at ≥ 20 frames/s per core in Node; it prints PASS/MISS against it, and the added memory per
 * worker. Measured in one run, on real 512 × 512 frames from ../shared/data:
 *   1. detection only: detectTextInGrey on the luminance of an already decoded frame;
 *   2. the whole Clean Pixel Data step per file: cleanPixels(file, nodePixelTools) (decode,
 *      detect, redact, lossless re-encode, verify) on native 16-bit CT and MR, RLE, and a cine;
 *   3. the engine (parse, header rules, leak check, write) without and with
 *      `pixels: { clean: true }`: the plain engine is the baseline the ratios are taken against;
 *   4. memory: RSS and heap (+ external) growth of this process after the plain engine, after
 *      loading every decoder and encoder, and after a pass of the clean engine;
 *   5. the engine with the OCR check of cleaned images, as the CLI runs it (pixelsOcrCheck.ts).
 *
 * Inputs: text-free originals (693_UNCR CT, penn_prisma MR, the RLE CT0012 two-frame CT) and
 * images burned by scripts/burn-text/burn_text.py (generateBurned, seed 14): a CT with corner
 * stacks, an MR with bands, an 8-bit CT report, a two-frame CT, an RLE CT. The corpus has no
 * 512 × 512 cine, so one is made from the three real penn_prisma MR slices (cycled to
 * CINE_FRAMES frames) and burned by the same generator (corner stacks and a counter per frame).
 *
 * Frames/s "per core" is frames over CPU time of this process (user + system: it stays
 * meaningful on a shared machine, and counts V8's GC threads against us); wall time is shown
 * beside it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateBurned } from '../scripts/burn-text/corpus';
import type { ProfileSpec } from '../src/core/deid/api';
import { readDicom } from '../src/core/dicom/readDicom';
import { cleanPixels } from '../src/core/pixels/clean/cleanPixels';
import { decodeFrameSource, frameSource } from '../src/core/pixels/decodeFrame';
import { detectTextInGrey } from '../src/core/pixels/detect/detectText';
import { luminance } from '../src/core/pixels/detect/luminance';
import { readImageInfo } from '../src/core/pixels/imageInfo';
import { corpusFile, PROJECT_ROOT } from '../src/core/testing/corpus';
import { testDeidentifier } from '../src/core/testing/deid';
import { nodePixelTools } from '../src/core/testing/pixelTools';
import { keep, observeSink, readFileBytes } from './cases';
import { fmt, table } from './report';
import { ocrCheckSection } from './pixelsOcrCheck';
import { forcedGc } from './throughput';

const GOAL_FPS = 20;
const SEED = 14;
/** Burned files 0..8: 0 CT corners, 1 MR bands, 3 CT 8-bit report, 4 CT 2 frames, 8 CT RLE. */
const BURN_COUNT = 9;
const CINE_FRAMES = 24;
/** Timed passes: at least MIN_PASSES, and until MIN_MS of wall time have gone by. */
const MIN_PASSES = 5;
const MIN_MS = 2000;
const WARMUP_PASSES = 2;

const PLAIN: ProfileSpec = { base: 'basic', options: [] };
const CLEAN: ProfileSpec = { base: 'basic', options: [], pixels: { clean: true } };

interface BenchFile {
  readonly label: string;
  readonly bytes: Uint8Array;
  readonly frames: number;
}

interface Timing {
  /** Median wall ms of one pass. */
  readonly wall: number;
  /** CPU ms (user + system) of one pass, averaged over the timed passes. */
  readonly cpu: number;
  readonly passes: number;
}

/** Warm-up passes, then timed passes; median wall time and mean CPU time per pass. */
async function time(run: () => Promise<void> | void, gc: () => void): Promise<Timing> {
  for (let i = 0; i < WARMUP_PASSES; i++) await run();
  gc();
  const walls: number[] = [];
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  while (walls.length < MIN_PASSES || performance.now() - start < MIN_MS) {
    const t = performance.now();
    await run();
    walls.push(performance.now() - t);
  }
  const cpu = process.cpuUsage(cpuStart);
  walls.sort((a, b) => a - b);
  const mid = walls.length >> 1;
  const wall = walls.length % 2 ? walls[mid]! : (walls[mid - 1]! + walls[mid]!) / 2;
  return { wall, cpu: (cpu.user + cpu.system) / 1000 / walls.length, passes: walls.length };
}

const perSecond = (frames: number, ms: number) => (frames * 1000) / ms;
const verdict = (fps: number) => (fps >= GOAL_FPS ? 'PASS' : 'MISS');

/**
 * A 512 × 512 cine from the corpus's three real penn_prisma MR slices (cycled 0 1 2 1 …),
 * burned by the generator with its corner layout (identifiers in every frame, "FR n" per frame).
 */
function makeCine(dir: string): string {
  const slices = [0, 1, 2].map((i) =>
    corpusFile(`flywheel-deidentification/exampleData/penn_prisma/dicom/1_anat/1_anat_00${i}.dcm`),
  );
  const stacked = path.join(dir, 'cine_source.dcm');
  const code = `
import sys, numpy as np, pydicom
sys.path.insert(0, ${JSON.stringify(path.join(PROJECT_ROOT, 'scripts/burn-text'))})
import burn_text
paths, stacked, out_dir, frames, seed = sys.argv[1:4], sys.argv[4], sys.argv[5], int(sys.argv[6]), int(sys.argv[7])
slices = [pydicom.dcmread(p) for p in paths]
order = [0, 1, 2, 1]
arrays = [s.pixel_array for s in slices]
ds = slices[0]
ds.NumberOfFrames = frames
ds.PixelData = np.stack([arrays[order[i % 4]] for i in range(frames)]).tobytes()
ds.save_as(stacked, write_like_original=False)
burn_text.SOURCES = [(stacked, None)]
burn_text.burn(0, seed, out_dir)
`;
  const out = path.join(dir, 'cine');
  mkdirSync(out, { recursive: true });
  execFileSync(
    '/usr/bin/python3',
    ['-c', code, ...slices, stacked, out, String(CINE_FRAMES), String(SEED)],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return path.join(out, 'burn_000.dcm');
}

function load(label: string, file: string): BenchFile {
  const bytes = readFileBytes(file);
  return { label, bytes, frames: readImageInfo(readDicom(bytes)).frames };
}

/** Every wasm decoder and encoder loaded (a worker that has met every transfer syntax). */
async function loadAllCodecs(): Promise<string> {
  const { codecs, encoders } = nodePixelTools;
  const decodeFirst = async (relative: string) => {
    const file = readDicom(readFileBytes(corpusFile(relative)));
    const info = readImageInfo(file);
    return decodeFrameSource(info, frameSource(file, info, 0), codecs);
  };
  await decodeFirst(
    'dicomParser/testImages/encapsulated/single-frame/CT1_UNC.not_fragmented_bot_jpeg_ls.80.dcm',
  );
  await decodeFirst('pydicom-data/data_store/data/693_J2KR.dcm');
  await decodeFirst('pydicom-data/data_store/data/HTJ2KLossless_08_RGB.dcm');
  await decodeFirst(
    'dicomParser/testImages/encapsulated/multi-frame/IM00001.fragmented_no_bot_jpeg_baseline.50.dcm',
  );
  const ct = await decodeFirst('pydicom-data/data_store/data/693_UNCR.dcm');
  const input = {
    width: ct.columns,
    height: ct.rows,
    components: 1,
    bitsPerSample: 8,
    signed: false,
    data: luminance(ct),
  };
  const sizes = [
    await encoders.jpegLs(input),
    await encoders.jpeg2000(input),
    await encoders.htj2k(input),
  ];
  return sizes.map((s) => `${fmt(s.length / 1024, 0)} KiB`).join(', ');
}

interface MemorySample {
  readonly rss: number;
  readonly heap: number;
  readonly external: number;
}

function memory(gc: () => void): MemorySample {
  gc();
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, external: m.external };
}

/** Peak RSS since the last reset (Linux VmHWM; reset by writing 5 to clear_refs). */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

function peakRss(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

const MB = (bytes: number) => `${fmt(bytes / 1e6, 1)} MB`;
const signedMB = (bytes: number) => `${bytes >= 0 ? '+' : ''}${fmt(bytes / 1e6, 1)} MB`;

async function main(): Promise<void> {
  const started = performance.now();
  const gc = forcedGc();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dicomanon-bench-pixels-'));
  try {
    console.log(
      `dicomanon Clean Pixel Data benchmark — node ${process.version}, ` +
        `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}); ` +
        `load average ${os.loadavg()[0]!.toFixed(2)}; median wall ms of ≥ ${MIN_PASSES} passes ` +
        `(≥ ${MIN_MS / 1000} s), CPU = user + system of this process; goal ≥ ${GOAL_FPS} ` +
        `frames/s per core (CPU) for detection + redaction of 512 × 512`,
    );

    // Inputs.
    const truths = generateBurned(dir, BURN_COUNT, SEED);
    const burned = (i: number) => path.join(dir, truths[i]!.file);
    const cine = makeCine(dir);
    const originals = {
      ct: corpusFile('pydicom-data/data_store/data/693_UNCR.dcm'),
      mr: corpusFile(
        'flywheel-deidentification/exampleData/penn_prisma/dicom/1_anat/1_anat_000.dcm',
      ),
      rle: corpusFile(
        'dicomParser/testImages/encapsulated/multi-frame/CT0012.not_fragmented_bot_rle.dcm',
      ),
      ct8: corpusFile('dicomParser/testImages/CT1_UNC.explicit_little_endian.dcm'),
    };
    const files: BenchFile[] = [
      load('CT 16-bit native, no text (693_UNCR)', originals.ct),
      load('CT 16-bit native, corner text (burn_000)', burned(0)),
      load('MR 16-bit native, no text (penn_prisma)', originals.mr),
      load('MR 16-bit native, bands (burn_001)', burned(1)),
      load('CT 16-bit RLE, 2 frames, no text (CT0012)', originals.rle),
      load('CT 16-bit RLE, bands (burn_008)', burned(8)),
      load(`MR 16-bit cine, ${CINE_FRAMES} frames, corner text`, cine),
    ];
    const singleWithText = files.filter((f) => f.frames === 1 && f.label.includes('burn_'));

    // 4 first (before the timing passes leave their garbage): memory.
    const m0 = memory(gc);
    const plain = await testDeidentifier(PLAIN);
    for (const f of files) keep((await plain.deidentify(f.bytes)).status.length);
    const m1 = memory(gc);
    const canReset = resetPeakRss();
    const encodedSizes = await loadAllCodecs();
    const m2 = memory(gc);
    const clean = await testDeidentifier(CLEAN, undefined, nodePixelTools);
    for (const f of files) keep((await clean.deidentify(f.bytes)).status.length);
    const m3 = memory(gc);
    const peak = canReset ? peakRss() : NaN;

    // 1. Detection only, on decoded frames.
    const decoded = async (file: string) => {
      const dicom = readDicom(readFileBytes(file));
      const info = readImageInfo(dicom);
      const out = [];
      for (let i = 0; i < info.frames; i++) {
        const image = await decodeFrameSource(
          info,
          frameSource(dicom, info, i),
          nodePixelTools.codecs,
        );
        out.push({ grey: luminance(image), width: image.columns, height: image.rows });
      }
      return out;
    };
    const detectionSets = [
      {
        label: 'text-free: CT 693_UNCR, CT1_UNC, MR penn_prisma',
        frames: [
          ...(await decoded(originals.ct)),
          ...(await decoded(originals.ct8)),
          ...(await decoded(originals.mr)),
        ],
      },
      {
        label: 'burned: CT, MR, 8-bit CT report, 2-frame CT, RLE CT',
        frames: (await Promise.all([0, 1, 3, 4, 8].map((i) => decoded(burned(i))))).flat(),
      },
    ];
    const detectionRows: string[][] = [];
    const polarityRows: Array<[string, 'bright' | 'both']> = [
      ['bright only (dark image)', 'bright'],
      ['both polarities (light page)', 'both'],
    ];
    let detectAllFrames = 0;
    let detectAllCpu = 0;
    let detectAllWall = 0;
    for (const set of detectionSets) {
      for (const [polarityLabel, polarity] of polarityRows) {
        const t = await time(() => {
          for (const f of set.frames)
            keep(detectTextInGrey(f.grey, f.width, f.height, { polarity }).length);
        }, gc);
        const n = set.frames.length;
        if (polarity === 'bright') {
          detectAllFrames += n;
          detectAllCpu += t.cpu;
          detectAllWall += t.wall;
        }
        detectionRows.push([
          `${set.label}; ${polarityLabel}`,
          String(n),
          fmt(t.cpu / n, 1),
          fmt(perSecond(n, t.cpu), 1),
          fmt(perSecond(n, t.wall), 1),
          String(t.passes),
        ]);
      }
    }
    console.log(`\n1. Detection only (detectTextInGrey on luminance of decoded 512 × 512 frames)`);
    console.log(
      table(
        ['frames', 'n', 'CPU ms/frame', 'frames/s (CPU)', 'frames/s (wall)', 'passes'],
        detectionRows,
      ),
    );

    // 2. The whole Clean Pixel Data step per file.
    const stepRows: string[][] = [];
    const stepTimes = new Map<BenchFile, Timing>();
    for (const f of files) {
      const report = (await cleanPixels(readDicom(f.bytes), nodePixelTools))?.report;
      const t = await time(async () => {
        const result = await cleanPixels(readDicom(f.bytes), nodePixelTools);
        keep(result?.report.regions ?? 0);
      }, gc);
      stepTimes.set(f, t);
      const fps = perSecond(f.frames, t.cpu);
      stepRows.push([
        f.label,
        String(f.frames),
        report ? `${report.scanned}` : '—',
        report ? `${report.regions}${report.changed ? '' : ' (unchanged)'}` : '—',
        fmt(t.wall, 1),
        fmt(t.cpu / f.frames, 1),
        fmt(fps, 1),
        fmt(perSecond(f.frames, t.wall), 1),
        verdict(fps),
      ]);
    }
    const sum = (list: readonly BenchFile[], pick: (t: Timing) => number) =>
      list.reduce((s, f) => s + pick(stepTimes.get(f)!), 0);
    const frameCount = (list: readonly BenchFile[]) => list.reduce((s, f) => s + f.frames, 0);
    const summary = (label: string, list: readonly BenchFile[]) => {
      const n = frameCount(list);
      const fps = perSecond(
        n,
        sum(list, (t) => t.cpu),
      );
      return [
        label,
        String(n),
        '',
        '',
        fmt(
          sum(list, (t) => t.wall),
          1,
        ),
        fmt(sum(list, (t) => t.cpu) / n, 1),
        fmt(fps, 1),
        fmt(
          perSecond(
            n,
            sum(list, (t) => t.wall),
          ),
          1,
        ),
        verdict(fps),
      ];
    };
    stepRows.push(summary('all files above', files));
    stepRows.push(summary('single frames with text (every frame redacted)', singleWithText));
    console.log(
      `\n2. Clean Pixel Data step per file: cleanPixels(file, nodePixelTools): decode, detect,` +
        ` redact, re-encode, verify (parse not timed)`,
    );
    console.log(
      table(
        [
          'file',
          'frames',
          'scanned',
          'regions',
          'wall ms/file',
          'CPU ms/frame',
          'frames/s (CPU)',
          'frames/s (wall)',
          `goal ≥ ${GOAL_FPS}`,
        ],
        stepRows,
      ),
    );

    // 3. The engine without and with pixels: { clean: true }.
    const engineRows: string[][] = [];
    let plainWall = 0;
    let plainCpu = 0;
    let cleanWall = 0;
    let cleanCpu = 0;
    for (const f of files) {
      const [plainOutcome, cleanOutcome] = [
        await plain.deidentify(f.bytes),
        await clean.deidentify(f.bytes),
      ];
      const tp = await time(async () => keep((await plain.deidentify(f.bytes)).status.length), gc);
      const tc = await time(async () => keep((await clean.deidentify(f.bytes)).status.length), gc);
      plainWall += tp.wall;
      plainCpu += tp.cpu;
      cleanWall += tc.wall;
      cleanCpu += tc.cpu;
      const changed =
        cleanOutcome.status === 'written' && cleanOutcome.pixels?.changed ? ', pixels changed' : '';
      engineRows.push([
        f.label,
        `${plainOutcome.status} / ${cleanOutcome.status}${changed}`,
        fmt(tp.cpu, 1),
        fmt(tc.cpu, 1),
        `${fmt(tc.cpu / tp.cpu, 1)}×`,
        fmt((tc.cpu - tp.cpu) / f.frames, 1),
        fmt(perSecond(f.frames, tc.cpu), 1),
        fmt(tc.wall, 1),
      ]);
    }
    const allFrames = frameCount(files);
    engineRows.push([
      'all files above',
      '',
      fmt(plainCpu, 1),
      fmt(cleanCpu, 1),
      `${fmt(cleanCpu / plainCpu, 1)}×`,
      fmt((cleanCpu - plainCpu) / allFrames, 1),
      fmt(perSecond(allFrames, cleanCpu), 1),
      fmt(cleanWall, 1),
    ]);
    console.log(
      `\n3. Engine, basic profile, without (baseline) and with pixels: { clean: true }` +
        ` (per file: parse, rules, leak check, write; CPU ms)`,
    );
    console.log(
      table(
        [
          'file',
          'status plain / clean',
          'plain CPU ms',
          'clean CPU ms',
          'clean/plain',
          'added CPU ms/frame',
          'clean frames/s (CPU)',
          'clean wall ms',
        ],
        engineRows,
      ),
    );
    console.log(
      `  plain engine total: ${fmt(plainCpu, 1)} ms CPU (${fmt(plainWall, 1)} ms wall) for ` +
        `${files.length} files; with clean: ${fmt(cleanCpu, 1)} ms CPU (${fmt(cleanWall, 1)} ms wall)`,
    );

    // 4. Memory.
    const memoryRow = (label: string, from: MemorySample, to: MemorySample) => [
      label,
      signedMB(to.rss - from.rss),
      signedMB(to.heap - from.heap),
      signedMB(to.external - from.external),
      MB(to.rss),
    ];
    console.log(
      `\n4. Memory of this process (after a full GC; MB = 10^6 bytes; external includes ` +
        `ArrayBuffers; wasm memories show in RSS)`,
    );
    console.log(
      table(
        ['step', 'RSS', 'heap used', 'external', 'RSS after'],
        [
          memoryRow('plain engine, one pass over the files', m0, m1),
          memoryRow('+ all decoders and encoders loaded', m1, m2),
          memoryRow('+ one clean-engine pass over the files', m2, m3),
          memoryRow('added per worker by Clean Pixel Data', m1, m3),
        ],
      ),
    );
    console.log(
      `  peak RSS during codec loading and the clean pass: ${Number.isFinite(peak) ? `${MB(peak)} (${signedMB(peak - m1.rss)} over the plain engine)` : 'not measured'}; ` +
        `round-trip encodes of a 512 × 512 8-bit frame: JPEG-LS, JPEG 2000, HTJ2K ${encodedSizes}`,
    );

    await ocrCheckSection(files, gc);

    // Summary.
    const detectFps = perSecond(detectAllFrames, detectAllCpu);
    const single = perSecond(
      frameCount(singleWithText),
      sum(singleWithText, (t) => t.cpu),
    );
    const fpsOf = (f: BenchFile) => perSecond(f.frames, stepTimes.get(f)!.cpu);
    const slowest = files.reduce((a, b) => (fpsOf(b) < fpsOf(a) ? b : a));
    const slowestFps = fpsOf(slowest);
    console.log(
      `\nGoal ≥ ${GOAL_FPS} frames/s per core, detection + redaction of 512 × 512: ` +
        `${verdict(single)} at ${fmt(single, 1)} frames/s (CPU) on single frames with text; ` +
        `all files ${fmt(
          perSecond(
            allFrames,
            sum(files, (t) => t.cpu),
          ),
          1,
        )} frames/s; ` +
        `slowest file: ${slowest.label}, ${fmt(slowestFps, 1)} frames/s (${verdict(slowestFps)}); ` +
        `detection alone ${fmt(detectFps, 1)} frames/s (CPU), ` +
        `${fmt(perSecond(detectAllFrames, detectAllWall), 1)} (wall). ` +
        `Engine with clean: ${fmt(cleanCpu / plainCpu, 1)}× the plain engine's CPU time.`,
    );
    console.log(
      `load average now ${os.loadavg()[0]!.toFixed(2)}; total run time ` +
        `${fmt((performance.now() - started) / 1000, 1)} s`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  observeSink();
}

await main();
