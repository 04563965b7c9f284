/**
 * How many workers a scan or run starts by default. One fewer than the processors, since the
 * page's own thread has work too (saving, the UI), but never fewer than two where there are two:
 * the page's thread is idle most of a run (a CPU profile of a Chromium run: 80 % idle), so on
 * a two-core machine one worker left a core unused. Measured on 2 cores, 1 GB study
 * (docs/performance.md, docs/browsers.md): two workers ran Chromium 20–25 % faster than one, and
 * Firefox's tab stayed as small (download parts). Capped: every worker holds a file in memory,
 * and past a dozen the disk is the limit. A run that cleans pixels has fewer
 * (cleaningBudget.ts).
 */
export function defaultWorkerCount(cores = globalThis.navigator?.hardwareConcurrency ?? 2): number {
  const processors = Math.max(1, Math.floor(cores) || 1);
  return Math.min(12, Math.max(Math.min(2, processors), processors - 1));
}
