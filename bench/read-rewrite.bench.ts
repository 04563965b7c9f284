/**
 * Read + rewrite benchmark (npm run bench). Not a test: it asserts nothing and exits 0; it prints
 * tables with PASS/MISS against the goals:
 *   - throughput of readDicom + writeDicom ≥ 0.7 × a plain in-memory copy of the same bytes;
 *   - peak memory per file ≤ 2.5 × the file's size.
 *
 * Inputs: a synthetic CT series of ≥ 200 MB, one big multi-frame file and one deflated
 * multi-frame file, all made by scripts/makeSyntheticCtSeries.ts (its own encoder, independent
 * of the code under test), and the real corpus files under ../shared/data that readDicom reads
 * without error.
 *
 * The cases are in cases.ts, how throughput and memory are measured in throughput.ts and
 * memory.ts. This file is also the memory child (see memory.ts): it re-runs itself with
 * MEMORY_CHILD, one fresh process per (file, case).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDicom } from '../src/core/dicom/readDicom';
import {
  corpusFile,
  corpusFiles,
  PROJECT_ROOT,
  relativeToCorpus,
  SHARED_DATA,
} from '../src/core/testing/corpus';
import { makeSyntheticCtMultiFrame, makeSyntheticCtSeries } from '../scripts/makeSyntheticCtSeries';
import { CASES, checks, observeSink, readFileBytes, type Case, type Input } from './cases';
import { MEMORY_CHILD, measureMemory, memoryChild, RSS_MIN_FILE_SIZE } from './memory';
import { fmt, mb, MEMORY_GOAL, memoryTable, throughputTable, type MemoryRow } from './report';
import { forcedGc, REPS, throughput } from './throughput';

const SERIES_SLICES = 400; // ≈ 210 MB
const MULTIFRAME_FRAMES = 100; // ≈ 52 MB
const DEFLATED_FRAMES = 40; // ≈ 21 MB of data set, ≈ 10 MB deflated
const SEED = 20240601;

const BENCH_FILE = fileURLToPath(import.meta.url);

interface CorpusInput extends Input {
  readonly deflated: boolean;
}

/** The corpus files readDicom reads, and how many of the others failed with which code. */
function loadCorpus(): { corpus: CorpusInput[]; failures: Map<string, number>; total: number } {
  const corpus: CorpusInput[] = [];
  const failures = new Map<string, number>();
  let files: string[];
  try {
    // Sorted as whole paths (corpusFiles sorts per folder): the order earlier runs met files in,
    // which the passes and the skipped list follow, so that runs stay comparable.
    files = corpusFiles().sort();
  } catch {
    files = []; // no corpus beside the project: the corpus section is skipped
  }
  for (const file of files) {
    const bytes = readFileBytes(file);
    const name = relativeToCorpus(file);
    try {
      const parsed = readDicom(bytes, { fileName: name });
      corpus.push({ name, bytes, deflated: parsed.transferSyntax.deflated });
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'other';
      failures.set(code, (failures.get(code) ?? 0) + 1);
    }
  }
  return { corpus, failures, total: files.length };
}

function main(): void {
  const started = performance.now();
  const gc = forcedGc();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'dicomanon-bench-'));
  try {
    console.log(
      `dicomanon read + rewrite benchmark — node ${process.version}, ${os.cpus().length} CPUs; ` +
        `median of ${REPS} timed passes; MB = 10^6 bytes; ` +
        `load average ${os.loadavg()[0]!.toFixed(2)} (timings need an otherwise idle machine)`,
    );

    // Synthetic series.
    let t = performance.now();
    const series: Input[] = makeSyntheticCtSeries({ slices: SERIES_SLICES, seed: SEED });
    const seriesBytes = series.reduce((n, f) => n + f.bytes.length, 0);
    const generatedMs = performance.now() - t;
    const multiFrame = makeSyntheticCtMultiFrame({ frames: MULTIFRAME_FRAMES, seed: SEED + 1 });
    const deflatedFile = makeSyntheticCtMultiFrame({
      frames: DEFLATED_FRAMES,
      seed: SEED + 2,
      deflate: true,
    });
    const slicePath = path.join(tmp, series[0]!.name);
    const multiFramePath = path.join(tmp, multiFrame.name);
    const deflatedPath = path.join(tmp, deflatedFile.name);
    writeFileSync(slicePath, series[0]!.bytes);
    writeFileSync(multiFramePath, multiFrame.bytes);
    writeFileSync(deflatedPath, deflatedFile.bytes);

    const seriesMs = throughput(series, gc);
    const seriesChecks = checks(series);
    console.log(
      `\nSynthetic CT series: ${series.length} files, ${fmt(mb(seriesBytes))} MB ` +
        `(generated in ${fmt(generatedMs / 1000, 1)} s, seed ${SEED})`,
    );
    console.log(throughputTable(seriesBytes, series.length, seriesMs));
    console.log(
      `  checks: unchanged rewrite byte-identical ${seriesChecks.identical}/${series.length}; ` +
        `edited PatientName read back ${seriesChecks.edited}/${seriesChecks.named}`,
    );

    // Corpus.
    t = performance.now();
    const { corpus, failures, total: corpusFileCount } = loadCorpus();
    if (corpus.length === 0) {
      console.log(`\nCorpus: no readable files under ${SHARED_DATA}; skipped`);
    } else {
      const corpusBytes = corpus.reduce((n, f) => n + f.bytes.length, 0);
      const corpusMs = throughput(corpus, gc);
      const corpusChecks = checks(corpus);
      const skipped = [...failures].map(([code, n]) => `${n} ${code}`).join(', ');
      const deflated = corpus.filter((f) => f.deflated);
      console.log(
        `\nReal corpus (${path.relative(PROJECT_ROOT, SHARED_DATA)}): ${corpus.length} of ` +
          `${corpusFileCount} files read, ${fmt(mb(corpusBytes))} MB (skipped: ${skipped || 'none'}; ` +
          `loaded in ${fmt((performance.now() - t) / 1000, 1)} s)`,
      );
      console.log(throughputTable(corpusBytes, corpus.length, corpusMs));
      console.log(
        `  checks: unchanged rewrite byte-identical after the preamble ${corpusChecks.identical}/` +
          `${corpus.length}; edited PatientName read back ${corpusChecks.edited}/` +
          `${corpusChecks.named} (files without a top-level PatientName are rewritten unedited)`,
      );
      if (deflated.length > 0) {
        // The deflated data sets are re-deflated on every write: show what they cost apart.
        const plain = corpus.filter((f) => !f.deflated);
        const dBytes = deflated.reduce((n, f) => n + f.bytes.length, 0);
        const dMs = throughput(deflated, gc);
        const pBytes = corpusBytes - dBytes;
        const pMs = throughput(plain, gc);
        console.log(
          `  of which ${deflated.length} deflated files, ${fmt(mb(dBytes), 2)} MB: ` +
            `unchanged ${fmt(dMs.unchanged.median, 1)} ms vs copy ${fmt(dMs.copy.median, 2)} ms ` +
            `per pass; without them: ours/copy ` +
            `${fmt(pMs.copy.median / pMs.unchanged.median, 2)} unchanged, ` +
            `${fmt(pMs.copy.median / pMs.edited.median, 2)} edited (${fmt(mb(pBytes))} MB)`,
        );
      }
    }

    // Memory.
    const largestCorpus = [...corpus].sort((a, b) => b.bytes.length - a.bytes.length)[0];
    const memoryFiles = [
      { label: `synthetic slice ${series[0]!.name}`, path: slicePath },
      { label: `synthetic multi-frame, ${MULTIFRAME_FRAMES} frames`, path: multiFramePath },
      {
        label: `synthetic deflated multi-frame, ${DEFLATED_FRAMES} frames`,
        path: deflatedPath,
      },
    ];
    // The corpus's deflated files are a few kB: heap noise swamps them, hence the synthetic one.
    if (largestCorpus)
      memoryFiles.push({
        label: `corpus largest: ${path.basename(largestCorpus.name)}`,
        path: corpusFile(largestCorpus.name),
      });
    console.log(
      `\nPeak memory per file, × file size (goal ≤ ${MEMORY_GOAL}×); fresh process per row; ` +
        `retained = input + output + tree after GC; RSS peak only for files ≥ ${mb(RSS_MIN_FILE_SIZE)} MB`,
    );
    const measured: MemoryRow[] = memoryFiles.flatMap(({ label, path: file }) =>
      CASES.map((c) => ({ label, c, result: measureMemory(BENCH_FILE, file, c) })),
    );
    console.log(memoryTable(measured));
    console.log(
      `\nload average now ${os.loadavg()[0]!.toFixed(2)}; total run time ${fmt((performance.now() - started) / 1000, 1)} s`,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  observeSink();
}

if (process.argv[2] === MEMORY_CHILD) {
  memoryChild(process.argv[3]!, process.argv[4] as Case);
} else {
  main();
}
