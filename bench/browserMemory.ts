/**
 * Memory of a Chromium launched for the browser benchmark, from Linux's /proc (no CDP: the
 * DevTools memory metrics cover the page's own heap, not its workers' or the browser's).
 *
 * Chromium runs the page and its dedicated Web Workers in one renderer process (workers are
 * threads of it), so the renderer's resident set is what the tab costs: every worker's heap,
 * the files being read, the outputs waiting to be saved. Reading a File also goes through the
 * browser process (the blob system), so it is measured too, as are all Chromium processes
 * together (GPU, network and storage utilities, the zygotes).
 *
 * Two measures:
 *   - per process, peak: VmHWM, the kernel's high-water mark of the resident set, reset
 *     (clear_refs 5) when the run starts, so it is exact however short the peak was. It counts
 *     the pages the process shares with the others (the Chromium binary, fonts) in full;
 *   - over all processes, sampled: the proportional set size (Pss in smaps_rollup: shared pages
 *     divided among the processes that share them, so they add up), read every SAMPLE_MS while
 *     the run goes and summed sample by sample (peaks of different processes need not coincide).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

export type ProcessKind = 'browser' | 'renderer' | 'gpu' | 'utility' | 'zygote' | 'other';

export interface ChromiumProcess {
  readonly pid: number;
  readonly kind: ProcessKind;
}

const SAMPLE_MS = 200;

/** The browser process and all its descendants, with their kind from --type=. */
export function chromiumProcesses(browserPid: number): ChromiumProcess[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the ")" that closes the command name: state, ppid, ...
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // gone meanwhile
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parents.get(p)) {
      if (p === browserPid) return true;
    }
    return false;
  };
  return [...parents.keys()].filter(inTree).map((pid) => ({ pid, kind: kindOf(pid, browserPid) }));
}

function kindOf(pid: number, browserPid: number): ProcessKind {
  if (pid === browserPid) return 'browser';
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return 'other';
  }
  // Firefox: a page runs in a content process ("-contentproc ... -isForBrowser"), its dedicated
  // workers as threads of it, as in Chromium's renderer; the other child processes are helpers.
  if (cmdline.includes('-contentproc')) {
    return cmdline.includes('-isForBrowser') ? 'renderer' : 'utility';
  }
  const type = /--type=([a-z-]+)/.exec(cmdline)?.[1];
  if (type === 'renderer') return 'renderer';
  if (type === 'gpu-process') return 'gpu';
  if (type === 'utility') return 'utility';
  if (type === 'zygote') return 'zygote';
  return 'other';
}

function pss(pid: number): number {
  try {
    const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function statusField(pid: number, field: 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export interface MemoryReport {
  /** Peak resident set (VmHWM since the reset) of each kind's largest process. */
  readonly peakByKind: Partial<Record<ProcessKind, number>>;
  /** Largest sampled sum of proportional set sizes, per kind and over all Chromium processes. */
  readonly sampledSumByKind: Partial<Record<ProcessKind, number>>;
  readonly sampledSumAll: number;
  readonly samples: number;
}

/** Samples the tree until stop(); peaks are measured from the moment this is called. */
export function watchMemory(browserPid: number): { stop: () => MemoryReport } {
  let processes = chromiumProcesses(browserPid);
  for (const { pid } of processes) {
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
    } catch {
      // not ours to reset: the peak then counts from the process start
    }
  }
  const sampledSumByKind: Partial<Record<ProcessKind, number>> = {};
  let sampledSumAll = 0;
  let samples = 0;
  let rounds = 0;
  const sample = () => {
    // New processes (a worker never makes one, but a utility may start) are picked up.
    if (++rounds % 10 === 0) processes = chromiumProcesses(browserPid);
    const sums: Partial<Record<ProcessKind, number>> = {};
    let all = 0;
    for (const { pid, kind } of processes) {
      const size = pss(pid);
      sums[kind] = (sums[kind] ?? 0) + size;
      all += size;
    }
    for (const [kind, sum] of Object.entries(sums) as [ProcessKind, number][]) {
      sampledSumByKind[kind] = Math.max(sampledSumByKind[kind] ?? 0, sum);
    }
    sampledSumAll = Math.max(sampledSumAll, all);
    samples++;
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const peakByKind: Partial<Record<ProcessKind, number>> = {};
      for (const { pid, kind } of processes) {
        peakByKind[kind] = Math.max(peakByKind[kind] ?? 0, statusField(pid, 'VmHWM'));
      }
      return { peakByKind, sampledSumByKind, sampledSumAll, samples };
    },
  };
}
