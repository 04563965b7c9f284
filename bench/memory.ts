/**
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
 *               Only shown for files ≥ RSS_MIN_FILE_SIZE: below that, RSS noise of a few MB
 *               swamps it.
 *
 * The child is the benchmark's entry file started again with MEMORY_CHILD: it prints one JSON
 * line, a MemoryResult.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import type { DicomFile } from '../src/core/dicom/dataset';
import { readDicom } from '../src/core/dicom/readDicom';
import { writeDicom } from '../src/core/dicom/writer';
import { PROJECT_ROOT } from '../src/core/testing/corpus';
import { editPatientName, keep, readFileBytes, runCase, type Case } from './cases';

export const RSS_MIN_FILE_SIZE = 8e6;
/** The argument that turns the entry file into a memory child: `<flag> <file> <case>`. */
export const MEMORY_CHILD = '--memory-child';

export interface MemoryResult {
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

/** The child's side: measures one case on one file and prints the MemoryResult. */
export function memoryChild(file: string, c: Case): void {
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
  if (statSync(file).size < RSS_MIN_FILE_SIZE) keep(runCase(c, readFileBytes(file), file).length);
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
  keep(input.length + output.length + (tree?.dataset.elements.length ?? 0));
  const result: MemoryResult = {
    size: input.length,
    retained: (after - before) / input.length,
    rssPeak: (peak - rssBefore) / input.length,
    ...(tree && tree.dataset.source !== input ? { inflated: tree.dataset.source.length } : {}),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/**
 * The parent's side: runs `entry` (the script that hands MEMORY_CHILD to memoryChild) in a
 * fresh process; a string says why the child failed.
 */
export function measureMemory(entry: string, file: string, c: Case): MemoryResult | string {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--expose-gc', entry, MEMORY_CHILD, file, c],
    { cwd: PROJECT_ROOT, encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  const line = child.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as MemoryResult;
  } catch {
    return `child failed (${child.status}): ${child.stderr.trim().split('\n').slice(-3).join(' / ')}`;
  }
}
