/**
 * One pass of DICOM de-identification, a run's or a re-run's: the included files go through
 * the worker pool and are committed strictly in input order (so names and bytes are the same
 * whatever the timing), report.json/report.csv are written last, and every input is accounted
 * for. Memory is bounded by the files in flight (their input while a worker has them, their
 * output while it waits to be saved), not by the size of the folder, and a file larger than
 * 64 MiB only by its header: its image data goes from the input File to the output without
 * passing through the page.
 */
import { processInOrder } from '../../core/run/inOrder';
import type { InputOutcome } from '../../core/run/outcomes';
import { ProgressTracker } from '../../core/run/progress';
import { heldWhileRunning } from '../../worker/largeFile';
import { WorkerPool } from '../../worker/pool';
import type { RunResult } from '../../worker/runResult';
import { CLEANING_IN_FLIGHT_BYTES, runWorkers } from './cleaningBudget';
import { finishRun } from './finishRun';
import { releaseChunks } from './releaseChunks';
import { reportHeader } from './reportHeader';
import { PROGRESS_TICK_MS, type RunDeps, type RunOutcome } from './runDeps';
import { createRunRecorder, leftOut, writeReports, type RunRecorder } from './runRecorder';
import { archiveBaseName, type OutputSaver } from './saver';
import type { InputFile, Progress, RunOptions } from './types';

/** Files sent ahead to each worker, the running one included. */
const PER_WORKER = 2;
/** Files a worker de-identifies before a new one takes over (native memory: worker/pool.ts). */
const RUN_FILES_PER_WORKER = 1024;
/** Bytes of input being worked on plus output waiting to be saved, at most (one file may pass). */
const IN_FLIGHT_BYTES = 256 * 1024 * 1024;

/** A run with DICOM output, over every input. */
export async function runDicom(
  files: readonly InputFile[],
  options: RunOptions,
  onProgress: (progress: Progress) => void,
  signal: AbortSignal,
  deps: RunDeps,
): Promise<RunOutcome> {
  const baseName = archiveBaseName(deps.now());
  // First, before anything else is awaited: the save dialogs need the user's click.
  const saver = await deps.openSaver(options.save, baseName);
  return deidentifyInOrder({
    files,
    order: files.map((_, index) => index),
    options,
    wantCrc: options.save.kind !== 'directory-picker',
    recorder: createRunRecorder(saver, options.wantMapping),
    saver,
    baseName,
    onProgress,
    signal,
    deps,
  });
}

/** One pass of DICOM de-identification over some inputs, a run's or a re-run's. */
export interface DicomPass {
  readonly files: readonly InputFile[];
  /** The inputs to commit, in input order; those not in options.include are left out. */
  readonly order: readonly number[];
  readonly options: RunOptions;
  /** Zips need a large file's CRC ahead of its bytes (worker/largeFile.ts); a folder does not. */
  readonly wantCrc: boolean;
  readonly recorder: RunRecorder;
  readonly saver: OutputSaver;
  readonly baseName: string;
  readonly onProgress: (progress: Progress) => void;
  readonly signal: AbortSignal;
  readonly deps: RunDeps;
}

export async function deidentifyInOrder(pass: DicomPass): Promise<RunOutcome> {
  const { files, order, options, recorder, signal, deps } = pass;
  const included = new Set(options.include.filter((i) => Number.isInteger(i) && files[i]));
  const toRead = order.filter((i) => included.has(i) && files[i]!.unreadable === undefined);
  // Clean Pixel Data: fewer workers (each holds codecs and a Tesseract, and a few times the file
  // it cleans: cleaningBudget.ts), and every file read whole, as the CLI reads it (the image is
  // needed).
  const cleaning = options.spec.pixels?.clean === true;
  const largest = toRead.reduce((max, i) => Math.max(max, files[i]!.file.size), 0);
  const workers = runWorkers(deps.workers, cleaning, largest);
  const pixelAssets = cleaning && toRead.length > 0 ? await deps.pixelAssets?.() : undefined;
  const pool =
    toRead.length === 0
      ? undefined
      : new WorkerPool<RunResult>({
          createWorker: deps.createWorker,
          job: {
            kind: 'deid',
            spec: options.spec,
            key: options.key,
            wantMapping: options.wantMapping,
            wantCrc: pass.wantCrc,
            hooks: deps.hooks,
            ...(pixelAssets ? { pixelAssets } : {}),
          },
          size: Math.max(1, Math.min(workers, toRead.length)),
          perWorker: PER_WORKER,
          recycleAfter: RUN_FILES_PER_WORKER,
          timeoutMs: deps.timeoutMs,
          ...(deps.locks === undefined ? {} : { locks: deps.locks }),
        });
  const counted = order.filter((i) => included.has(i));
  const bytesTotal = counted.reduce((sum, i) => sum + files[i]!.file.size, 0);
  const progress = new ProgressTracker(counted.length, bytesTotal);
  const report = () => pass.onProgress(progress.snapshot());
  const ticker = setInterval(report, PROGRESS_TICK_MS);
  report();

  const start = async (index: number): Promise<InputOutcome> => {
    const input = files[index]!;
    if (!included.has(index)) return leftOut(deps.scanned.get(input.file));
    if (input.unreadable !== undefined) return { status: 'failed', reason: input.unreadable };
    const studyValues = deps.studyValuesOf?.(input.file) ?? [];
    const result = await pool!.run(input.file, studyValues.length ? { studyValues } : {});
    return result.ok ? result.value : { status: 'failed', reason: result.reason };
  };

  const work = processInOrder<InputOutcome>({
    count: order.length,
    window: Math.max(32, (pool ? workers : 1) * PER_WORKER * 4),
    budgetBytes: cleaning ? CLEANING_IN_FLIGHT_BYTES : IN_FLIGHT_BYTES,
    // A large file is read around its image data: it holds its header, not its size.
    costOf: (at) => {
      const index = order[at]!;
      if (!included.has(index)) return 0;
      const size = files[index]!.file.size;
      return cleaning ? size : heldWhileRunning(size, deps.hooks);
    },
    start: (at) => start(order[at]!),
    sizeOf: (outcome) =>
      outcome.status === 'written' ? outcome.chunks.reduce((sum, c) => sum + c.byteLength, 0) : 0,
    commit: async (at, outcome) => {
      const index = order[at]!;
      await recorder.commit(index, files[index]!, outcome);
      // Saved: its bytes are freed now, not at Firefox's next collection (releaseChunks.ts).
      if (outcome.status === 'written') releaseChunks(outcome.chunks);
      if (included.has(index)) {
        progress.advance(files[index]!.file.size);
        report();
      }
    },
    signal,
  }).then(() => writeReports(recorder, pass.saver, reportHeader(options, deps.version)));

  return finishRun({ ...pass, work, pool, ticker, report });
}
