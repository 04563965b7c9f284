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
 * Throughput: a pass runs one case over all files, file by file. Each repetition runs, for each
 * case in turn, a forced GC, an untimed pass (to reach the case's steady state of heap and
 * allocator) and a timed pass; the median (and best) of REPS timed passes is reported, with
 * the fixed cost per file over the copy and the minor page faults per pass (fresh pages mapped
 * for outputs and heap growth: they explain much of the run-to-run spread). MB = 10^6 bytes.
 *   copy      — bytes.slice() of each file (allocation + memcpy: the floor for any rewrite that
 *               returns a fresh buffer);
 *   unchanged — writeDicom(readDicom(bytes));
 *   edited    — the same with PatientName (0010,0010) given a new value through
 *               element.newValue, so that the data set is re-encoded instead of copied whole.
 *
 * Memory: measured in a fresh child process per (file, case) (`node --import tsx --expose-gc`),
 * so that neither the benchmark's own buffers nor earlier cases blur the numbers:
 *   retained  — (heapUsed + external) after a full GC while the input, the DicomFile tree and
 *               the output are all still referenced, minus the same before the input was loaded,
 *               divided by the file size. Counts the input (1×), the output (1× for a rewrite),
 *               the parsed tree and anything else still reachable; transient garbage is not
 *               counted. (external includes all ArrayBuffers.)
 *   RSS peak  — the peak resident set of the child during the read + write (Linux VmHWM, reset
 *               just before the input is loaded), minus the RSS before, divided by the file size.
 *               Includes transient allocations that were already garbage, and GC heap growth.
 *               Only shown for files ≥ 8 MB: below that, RSS noise of a few MB swamps it.
 *   The result column uses the larger of the two. For a deflated file the tree points into the
 *   inflated data set, so input + inflated data set alone exceed the goal whenever the data set
 *   inflates to more than 1.5× the file: the note column says by how much.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { findElement, type DicomFile } from '../src/core/dicom/dataset';
import { readDicom } from '../src/core/dicom/readDicom';
import { tag } from '../src/core/dicom/tag';
import { writeDicom } from '../src/core/dicom/writer';
import { makeSyntheticCtMultiFrame, makeSyntheticCtSeries } from '../scripts/makeSyntheticCtSeries';

const SERIES_SLICES = 400; // ≈ 210 MB
const MULTIFRAME_FRAMES = 100; // ≈ 52 MB
const DEFLATED_FRAMES = 40; // ≈ 21 MB of data set, ≈ 10 MB deflated
const SEED = 20240601;
const REPS = 11;
const THROUGHPUT_GOAL = 0.7;
const MEMORY_GOAL = 2.5;
const RSS_MIN_FILE_SIZE = 8e6;

const PATIENT_NAME = tag(0x0010, 0x0010);
const NEW_PATIENT_NAME = asciiPadded('ANONYMIZED^PATIENT^BENCH');

const BENCH_FILE = fileURLToPath(import.meta.url);
const PROJECT_ROOT = path.resolve(path.dirname(BENCH_FILE), '..');
const CORPUS_ROOT = path.resolve(PROJECT_ROOT, '../shared/data');

type Case = 'copy' | 'unchanged' | 'edited';
const CASES: readonly Case[] = ['copy', 'unchanged', 'edited'];

interface Input {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Keeps results observable so that no work can be optimized away. */
let sink = 0;

function asciiPadded(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length + (text.length % 2));
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  if (text.length % 2) bytes[text.length] = 0x20;
  return bytes;
}

/** Gives PatientName its new value; false when the data set has none. */
function editPatientName(file: DicomFile): boolean {
  const element = findElement(file.dataset, PATIENT_NAME);
  if (!element) return false;
  element.newValue = NEW_PATIENT_NAME;
  return true;
}

function runCase(c: Case, bytes: Uint8Array, fileName: string): Uint8Array {
  if (c === 'copy') return bytes.slice();
  const file = readDicom(bytes, { fileName });
  if (c === 'edited') editPatientName(file);
  return writeDicom(file);
}

/** A plain Uint8Array that owns its ArrayBuffer (Buffer.slice would not copy; pooled Buffers share). */
function ownBytes(buffer: Buffer): Uint8Array {
  const bytes = new Uint8Array(buffer.length);
  bytes.set(buffer);
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// Memory child: `--memory-child <file> <case>` prints one JSON line.

interface MemoryResult {
  readonly size: number;
  readonly retained: number;
  /** NaN when the peak RSS cannot be read (not Linux). */
  readonly rssPeak: number;
  /** Size of the data set the tree points into when it is not the input (inflated data sets). */
  readonly inflated?: number;
}

/**
 * Peak RSS of this process since the last reset, in bytes. Linux only: VmHWM in
 * /proc/self/status, reset by writing 5 to /proc/self/clear_refs. (resourceUsage().maxRSS will
 * not do: on Linux it keeps the peak of the parent that forked the child, here ≫ one file.)
 */
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

function memoryChild(file: string, c: Case): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the memory child with --expose-gc');
  const fullGc = () => {
    gc();
    gc();
  };
  const sample = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.external;
  };
  // Small files: a warm-up on the same file, so that lazily compiled code and lazily built
  // tables (the dictionary, deflate's) are not counted against them. Not for big files: the
  // buffers it frees would leave the allocator with resident memory to reuse (glibc raises its
  // mmap threshold after freeing a big block), hiding part of the RSS peak; their compile
  // garbage is negligible against their size (and counted, if anything, against us).
  if (statSync(file).size < RSS_MIN_FILE_SIZE) sink += runCase(c, readFileBytes(file), file).length;
  fullGc();
  const before = sample();
  const rssBefore = process.memoryUsage().rss;
  const canReset = resetPeakRss();

  const input = readFileBytes(file);
  let output: Uint8Array;
  let tree: DicomFile | undefined;
  if (c === 'copy') output = input.slice();
  else {
    tree = readDicom(input, { fileName: file });
    if (c === 'edited') editPatientName(tree);
    output = writeDicom(tree);
  }
  const peak = canReset ? peakRss() : NaN;
  fullGc();
  const after = sample();
  // Everything stays referenced until after the last sample.
  sink += input.length + output.length + (tree?.dataset.elements.length ?? 0);
  const result: MemoryResult = {
    size: input.length,
    retained: (after - before) / input.length,
    rssPeak: (peak - rssBefore) / input.length,
    ...(tree && tree.dataset.source !== input ? { inflated: tree.dataset.source.length } : {}),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** The file in a fresh ArrayBuffer of exactly its size (readFileSync allocates one per call). */
function readFileBytes(file: string): Uint8Array {
  const buffer = readFileSync(file);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function measureMemory(file: string, c: Case): MemoryResult | string {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--expose-gc', BENCH_FILE, '--memory-child', file, c],
    { cwd: PROJECT_ROOT, encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  const line = child.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as MemoryResult;
  } catch {
    return `child failed (${child.status}): ${child.stderr.trim().split('\n').slice(-3).join(' / ')}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Throughput.

function forcedGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One pass over all inputs: ms, and the minor page faults it took (0 where not counted). */
function pass(c: Case, inputs: readonly Input[]): { ms: number; faults: number } {
  const faultsBefore = process.resourceUsage().minorPageFault;
  const start = performance.now();
  for (const { name, bytes } of inputs) {
    const out = runCase(c, bytes, name);
    sink += out.length + out[out.length >> 1]!;
  }
  const ms = performance.now() - start;
  return { ms, faults: process.resourceUsage().minorPageFault - faultsBefore };
}

interface Timing {
  readonly median: number;
  readonly best: number;
  /** Median minor page faults per pass: fresh pages mapped for the outputs and heap growth. */
  readonly faults: number;
}

/** Median and best ms per timed pass for each case, the cases interleaved. */
function throughput(inputs: readonly Input[], gc: () => void): Record<Case, Timing> {
  const times: Record<Case, number[]> = { copy: [], unchanged: [], edited: [] };
  const faults: Record<Case, number[]> = { copy: [], unchanged: [], edited: [] };
  for (let rep = 0; rep < REPS; rep++) {
    for (const c of CASES) {
      // A full GC clears the previous case's garbage; an untimed pass then brings the heap and
      // the allocator to this case's steady state (as in a long run over many files).
      gc();
      pass(c, inputs);
      const run = pass(c, inputs);
      times[c].push(run.ms);
      faults[c].push(run.faults);
    }
  }
  const timing = (c: Case): Timing => ({
    median: median(times[c]),
    best: Math.min(...times[c]),
    faults: median(faults[c]),
  });
  return { copy: timing('copy'), unchanged: timing('unchanged'), edited: timing('edited') };
}

// ---------------------------------------------------------------------------------------------
// Checks (printed, not asserted): the rewrite keeps bytes; the edit lands.

function equalFrom(a: Uint8Array, b: Uint8Array, from: number): boolean {
  if (a.length !== b.length) return false;
  return Buffer.from(a.buffer, a.byteOffset + from, a.length - from).equals(
    Buffer.from(b.buffer, b.byteOffset + from, b.length - from),
  );
}

function checks(inputs: readonly Input[]): { identical: number; edited: number; named: number } {
  let identical = 0;
  let edited = 0;
  let named = 0;
  for (const { name, bytes } of inputs) {
    const file = readDicom(bytes, { fileName: name });
    // The writer zeroes the preamble by design; compare what follows it.
    const from = file.preamble === 'preamble' ? 128 : 0;
    if (equalFrom(writeDicom(file), bytes, from)) identical++;
    if (!editPatientName(file)) continue;
    named++;
    const reread = readDicom(writeDicom(file), { fileName: name });
    const element = findElement(reread.dataset, PATIENT_NAME);
    const value = element
      ? reread.dataset.source.subarray(element.valueOffset, element.valueOffset + element.length)
      : undefined;
    if (value && equalFrom(value, NEW_PATIENT_NAME, 0)) edited++;
  }
  return { identical, edited, named };
}

// ---------------------------------------------------------------------------------------------
// Output.

const mb = (bytes: number) => bytes / 1e6;
const fmt = (n: number, digits = 1) => n.toFixed(digits);

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    '  ' +
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ');
  return [
    line(headers),
    '  ' + widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
  ].join('\n');
}

const CASE_LABEL: Record<Case, string> = {
  copy: 'copy (bytes.slice())',
  unchanged: 'readDicom + writeDicom, unchanged',
  edited: 'readDicom + writeDicom, PatientName edited',
};

function throughputTable(totalBytes: number, fileCount: number, ms: Record<Case, Timing>): string {
  const rate = (c: Case) => mb(totalBytes) / (ms[c].median / 1000);
  const rows = CASES.map((c) => {
    const ratio = ms.copy.median / ms[c].median;
    const bestRatio = ms.copy.best / ms[c].best;
    const goal = c === 'copy' ? '' : `≥ ${THROUGHPUT_GOAL}`;
    const result = c === 'copy' ? '' : ratio >= THROUGHPUT_GOAL ? 'PASS' : 'MISS';
    return [
      CASE_LABEL[c],
      fmt(ms[c].median),
      fmt(rate(c), 0),
      fmt(ratio, 2),
      c === 'copy' ? '' : fmt(((ms[c].median - ms.copy.median) * 1000) / fileCount, 1),
      fmt(ms[c].best),
      fmt(bestRatio, 2),
      String(Math.round(ms[c].faults)),
      goal,
      result,
    ];
  });
  return table(
    [
      'case',
      'ms/pass',
      'MB/s',
      'ours/copy',
      'µs/file over copy',
      'best ms',
      'best ratio',
      'page faults',
      'goal',
      'result',
    ],
    rows,
  );
}

interface MemoryRow {
  readonly label: string;
  readonly path: string;
}

function memoryTable(files: readonly MemoryRow[]): string {
  const rows: string[][] = [];
  for (const { label, path: file } of files) {
    for (const c of CASES) {
      const r = measureMemory(file, c);
      if (typeof r === 'string') {
        rows.push([label, '', c, r, '', '', '', '']);
        continue;
      }
      const showRss = r.size >= RSS_MIN_FILE_SIZE && Number.isFinite(r.rssPeak);
      const rss = showRss ? `${fmt(r.rssPeak, 2)}×` : '—';
      const worst = Math.max(r.retained, showRss ? r.rssPeak : 0);
      const result = c === 'copy' ? '(reference)' : worst <= MEMORY_GOAL ? 'PASS' : 'MISS';
      rows.push([
        label,
        `${fmt(mb(r.size), 2)} MB`,
        c,
        `${fmt(r.retained, 2)}×`,
        rss,
        c === 'copy' ? '' : `≤ ${MEMORY_GOAL}×`,
        result,
        r.inflated ? `data set inflates to ${fmt(r.inflated / r.size, 1)}× the file` : '',
      ]);
    }
  }
  return table(['file', 'size', 'case', 'retained', 'RSS peak', 'goal', 'result', 'note'], rows);
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(p));
    else if (entry.isFile()) out.push(p);
  }
  return out.sort();
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
    const corpus: (Input & { deflated: boolean })[] = [];
    const failures = new Map<string, number>();
    let corpusFiles = 0;
    for (const file of statSync(CORPUS_ROOT, { throwIfNoEntry: false })
      ? listFiles(CORPUS_ROOT)
      : []) {
      corpusFiles++;
      const bytes = ownBytes(readFileSync(file));
      const name = path.relative(CORPUS_ROOT, file);
      try {
        const parsed = readDicom(bytes, { fileName: name });
        corpus.push({ name, bytes, deflated: parsed.transferSyntax.deflated });
      } catch (error) {
        const code = (error as { code?: string }).code ?? 'other';
        failures.set(code, (failures.get(code) ?? 0) + 1);
      }
    }
    if (corpus.length === 0) {
      console.log(`\nCorpus: no readable files under ${CORPUS_ROOT}; skipped`);
    } else {
      const corpusBytes = corpus.reduce((n, f) => n + f.bytes.length, 0);
      const corpusMs = throughput(corpus, gc);
      const corpusChecks = checks(corpus);
      const skipped = [...failures].map(([code, n]) => `${n} ${code}`).join(', ');
      const deflated = corpus.filter((f) => f.deflated);
      console.log(
        `\nReal corpus (${path.relative(PROJECT_ROOT, CORPUS_ROOT)}): ${corpus.length} of ` +
          `${corpusFiles} files read, ${fmt(mb(corpusBytes))} MB (skipped: ${skipped || 'none'}; ` +
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
    const memoryFiles: MemoryRow[] = [
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
        path: path.join(CORPUS_ROOT, largestCorpus.name),
      });
    console.log(
      `\nPeak memory per file, × file size (goal ≤ ${MEMORY_GOAL}×); fresh process per row; ` +
        `retained = input + output + tree after GC; RSS peak only for files ≥ ${mb(RSS_MIN_FILE_SIZE)} MB`,
    );
    console.log(memoryTable(memoryFiles));
    console.log(
      `\nload average now ${os.loadavg()[0]!.toFixed(2)}; total run time ${fmt((performance.now() - started) / 1000, 1)} s`,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (Number.isNaN(sink)) console.log('');
}

if (process.argv[2] === '--memory-child') {
  memoryChild(process.argv[3]!, process.argv[4] as Case);
} else {
  main();
}
