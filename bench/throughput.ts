/**
 * Throughput: a pass runs one case over all files, file by file. Each repetition runs, for each
 * case in turn, a forced GC, an untimed pass (to reach the case's steady state of heap and
 * allocator) and a timed pass; the median (and best) of REPS timed passes is reported, with
 * the minor page faults per pass (fresh pages mapped for outputs and heap growth: they explain
 * much of the run-to-run spread).
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CASES, keep, runCase, type Case, type Input } from './cases';

export const REPS = 11;

export interface Timing {
  readonly median: number;
  readonly best: number;
  /** Median minor page faults per pass: fresh pages mapped for the outputs and heap growth. */
  readonly faults: number;
}

export function forcedGc(): () => void {
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
    keep(out.length + out[out.length >> 1]!);
  }
  const ms = performance.now() - start;
  return { ms, faults: process.resourceUsage().minorPageFault - faultsBefore };
}

/** Median and best ms per timed pass for each case, the cases interleaved. */
export function throughput(inputs: readonly Input[], gc: () => void): Record<Case, Timing> {
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
