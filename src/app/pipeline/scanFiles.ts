/**
 * The scan phase: every file's header is read in the worker pool (64 KiB per file, more only
 * for long headers, never the images), and each result is handed to the UI as it arrives.
 */
import type { StudyValue } from '../../core/deid/studyValues';
import type { HeaderScan } from '../../core/scan/scanHeader';
import { WorkerPool, type LockManagerLike, type WorkerLike } from '../../worker/pool';
import type { TestHooks } from '../../worker/protocol';
import { untilAborted } from './abortable';
import type { InputFile, ScanResult } from './types';

export interface ScanDeps {
  readonly createWorker: () => WorkerLike;
  readonly workers: number;
  readonly hooks: TestHooks;
  /** Per file: a header read is at most 16 MiB, so this is generous. */
  readonly timeoutMs: number;
  /** Web Locks for the pool (tests pass null); default navigator.locks. */
  readonly locks?: LockManagerLike | null;
}

/**
 * Files each worker reads at once. Reading a File's first bytes costs about a millisecond of
 * waiting (measured in Chromium, mostly the browser's own plumbing, not the disk), so reads
 * overlap: 8 at a time made the scan about twice as fast as one after another.
 */
const PER_WORKER = 8;
const MIN_SCAN_WORKERS = 4;
/**
 * Files a scan worker reads before a new one takes over: what a worker did with each File is
 * native memory that only its end reliably frees (pool.ts).
 */
export const SCAN_FILES_PER_WORKER = 512;

export async function scanFiles(
  files: readonly InputFile[],
  onResult: (result: ScanResult, studyValues: readonly StudyValue[]) => void,
  signal: AbortSignal,
  deps: ScanDeps,
): Promise<void> {
  const toRead: number[] = [];
  files.forEach((input, index) => {
    if (input.unreadable === undefined) toRead.push(index);
    else onResult({ kind: 'failed', index, size: 0, reason: input.unreadable }, []);
  });
  if (toRead.length === 0) return;
  // Reads wait more than they compute: even with one core to spare, several scan workers help
  // (measured: 4 workers scanned twice as fast as 1 on 2 cores). A small drop needs fewer.
  const size = Math.max(
    1,
    Math.min(Math.max(deps.workers, MIN_SCAN_WORKERS), Math.ceil(toRead.length / 32)),
  );
  const pool = new WorkerPool<HeaderScan>({
    createWorker: deps.createWorker,
    job: { kind: 'scan', hooks: deps.hooks },
    size,
    perWorker: PER_WORKER,
    recycleAfter: SCAN_FILES_PER_WORKER,
    timeoutMs: () => deps.timeoutMs,
    ...(deps.locks === undefined ? {} : { locks: deps.locks }),
  });
  const onAbort = () => pool.close('the scan was cancelled');
  signal.addEventListener('abort', onAbort, { once: true });
  // Feeders take the next file as soon as one finishes: the pool never holds a long queue, and
  // results come back while the rest is still to be read. Twice the pool's capacity, so that a
  // worker always has its next files waiting.
  let next = 0;
  const feed = async (): Promise<void> => {
    while (next < toRead.length && !signal.aborted) {
      const index = toRead[next++]!;
      const { file } = files[index]!;
      const outcome = await pool.run(file);
      if (signal.aborted) return;
      const scan = outcome.ok ? outcome.value : failed(outcome.reason);
      onResult(
        toScanResult(index, file.size, scan),
        scan.status === 'dicom' ? scan.summary.studyValues : [],
      );
    }
  };
  try {
    await untilAborted(Promise.all(Array.from({ length: size * PER_WORKER * 2 }, feed)), signal);
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
    pool.close('the scan is over');
  }
}

function failed(reason: string): HeaderScan {
  return { status: 'failed', reason: `the header could not be read: ${reason}` };
}

/** The scan result the UI keeps; the study values stay with the session (they can be many). */
export function toScanResult(index: number, size: number, scan: HeaderScan): ScanResult {
  if (scan.status === 'dicom') {
    const { studyValues, ...summary } = scan.summary;
    return { kind: 'dicom', index, size, ...summary };
  }
  return { kind: scan.status, index, size, reason: scan.reason };
}
