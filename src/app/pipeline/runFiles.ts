/**
 * One run: open where the output goes, de-identify the included files in the worker pool,
 * commit results strictly in input order (so names and bytes are the same whatever the timing),
 * write report.json/report.csv last, and account for every input. Memory is bounded by the
 * files in flight (their input while a worker has them, their output while it waits to be
 * saved), not by the size of the folder, and a file larger than 64 MiB only by its header: its
 * image data goes from the input File to the output without passing through the page.
 */
import type { ProfileSpec } from '../../core/deid/api';
import type { StudyValue } from '../../core/deid/studyValues';
import { leftoverSettings } from '../../core/report/leftoverNote';
import type { FileMappingRow, MappingCollector } from '../../core/report/mapping';
import type { ReportHeader } from '../../core/report/report';
import { processInOrder } from '../../core/run/inOrder';
import { heldWhileRunning } from '../../worker/largeFile';
import { WorkerPool, type LockManagerLike, type WorkerLike } from '../../worker/pool';
import type { TestHooks } from '../../worker/protocol';
import type { RunResult } from '../../worker/runResult';
import { settleWithin, untilAborted } from './abortable';
import { ProgressTracker } from './progress';
import { RunRecorder, type InputOutcome } from './runRecorder';
import { runNifti } from './runNifti';
import { archiveBaseName, openSaver, type OutputSaver } from './saver';
import type {
  FileResult,
  InputFile,
  Progress,
  RunOptions,
  RunSummary,
  ScanResult,
  SaveTarget,
} from './types';

export interface RunDeps {
  readonly createWorker: () => WorkerLike;
  /** Workers with dcm2niix, for NIfTI output (spawn.ts's spawnNiftiWorker in the page). */
  readonly createNiftiWorker?: () => WorkerLike;
  readonly workers: number;
  readonly hooks: TestHooks;
  readonly timeoutMs: (file: File) => number;
  /** What the last scan found, to account for files the user left out. */
  readonly scanned: ReadonlyMap<File, ScanResult>;
  /** The identifying values of a file's study, from the scan (empty when not scanned). */
  readonly studyValuesOf?: (file: File) => readonly StudyValue[];
  readonly version: string;
  readonly now: () => Date;
  readonly openSaver: (target: SaveTarget, baseName: string) => Promise<OutputSaver>;
  /** Web Locks for the pool (tests pass null); default navigator.locks. */
  readonly locks?: LockManagerLike | null;
}

export const defaultRunDeps = { openSaver, now: () => new Date() };

/** The mapping tables of a finished run, kept for saveMapping(). */
export interface RunMapping {
  readonly baseName: string;
  readonly mapping: MappingCollector;
  readonly files: readonly FileMappingRow[];
}

export interface RunOutcome {
  readonly summary: RunSummary;
  readonly mapping: RunMapping | undefined;
  /** What the run recorded, when it finished (a re-run goes on from it). */
  readonly recorder?: RunRecorder;
}

/** Files sent ahead to each worker, the running one included. */
const PER_WORKER = 2;
/** Files a worker de-identifies before a new one takes over (native memory: worker/pool.ts). */
export const RUN_FILES_PER_WORKER = 1024;
/** Bytes of input being worked on plus output waiting to be saved, at most (one file may pass). */
const IN_FLIGHT_BYTES = 256 * 1024 * 1024;
/** How often progress is sent while nothing finishes (a large file), for throughput and time. */
export const PROGRESS_TICK_MS = 1000;
/** A cancel must return within a second: clean-up gets this long, then goes on behind. */
export const CLEANUP_WAIT_MS = 300;

export async function runFiles(
  files: readonly InputFile[],
  options: RunOptions,
  onProgress: (progress: Progress) => void,
  signal: AbortSignal,
  deps: RunDeps,
): Promise<RunOutcome> {
  if (options.format === 'nifti') return runNifti(files, options, onProgress, signal, deps);
  const baseName = archiveBaseName(deps.now());
  // First, before anything else is awaited: the save dialogs need the user's click.
  const saver = await deps.openSaver(options.save, baseName);
  return deidentifyInOrder({
    files,
    order: files.map((_, index) => index),
    options,
    wantCrc: options.save.kind !== 'directory-picker',
    recorder: new RunRecorder(saver, options.wantMapping),
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
          },
          size: Math.max(1, Math.min(deps.workers, toRead.length)),
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
    window: Math.max(32, (pool ? deps.workers : 1) * PER_WORKER * 4),
    budgetBytes: IN_FLIGHT_BYTES,
    // A large file is read around its image data: it holds its header, not its size.
    costOf: (at) => {
      const index = order[at]!;
      return included.has(index) ? heldWhileRunning(files[index]!.file.size, deps.hooks) : 0;
    },
    start: (at) => start(order[at]!),
    sizeOf: (outcome) =>
      outcome.status === 'written' ? outcome.chunks.reduce((sum, c) => sum + c.byteLength, 0) : 0,
    commit: async (at, outcome) => {
      const index = order[at]!;
      await recorder.commit(index, files[index]!, outcome);
      if (included.has(index)) {
        progress.advance(files[index]!.file.size);
        report();
      }
    },
    signal,
  }).then(() => recorder.writeReports(reportHeader(options, deps.version)));

  return finishRun({ ...pass, work, pool, ticker, report });
}

/**
 * The end of a run, the same for DICOM and NIfTI output: wait for the work (or the cancel),
 * complete or abort the saver, close the pool, and sum every input up.
 */
export async function finishRun(run: {
  readonly work: Promise<void>;
  readonly signal: AbortSignal;
  readonly saver: OutputSaver;
  readonly pool: { close(reason: string): void } | undefined;
  readonly ticker: ReturnType<typeof setInterval>;
  readonly report: () => void;
  readonly recorder: RunRecorder;
  readonly files: readonly InputFile[];
  readonly baseName: string;
}): Promise<RunOutcome> {
  const { work, signal, saver, pool, recorder, files } = run;
  try {
    await untilAborted(work, signal);
    await saver.finish();
  } catch (error) {
    pool?.close(signal.aborted ? 'the run was cancelled' : 'the run stopped');
    await settleWithin(saver.abort(), CLEANUP_WAIT_MS);
    if (!signal.aborted) throw error;
    return { summary: summarize(files, recorder.results, false, true), mapping: undefined };
  } finally {
    clearInterval(run.ticker);
    pool?.close('the run is over');
  }
  run.report();
  const mapping = recorder.mapping
    ? { baseName: run.baseName, mapping: recorder.mapping, files: recorder.files }
    : undefined;
  return {
    summary: summarize(files, recorder.results, mapping !== undefined, false),
    mapping,
    recorder,
  };
}

/** A file the user did not include: what the scan said of it, or simply left out. */
export function leftOut(scan: ScanResult | undefined): InputOutcome {
  if (scan && scan.kind !== 'dicom') return { status: scan.kind, reason: scan.reason };
  return { status: 'excluded', reason: 'its series was not selected' };
}

export function reportHeader(options: RunOptions, version: string): ReportHeader {
  const { spec } = options;
  return {
    tool: 'dicomanon',
    version,
    output: options.format,
    profile: {
      base: spec.base,
      ...(spec.name === undefined ? {} : { name: spec.name }),
      options: spec.options,
      customRules: spec.overrides?.length ?? 0,
    },
    // The key is a passphrase or a generated key shown to the user: either can be used again.
    reproducible: true,
    // Only a re-run with fixes has leftover settings: a plain run's report stays the CLI's.
    ...(hasLeftoverSettings(spec) ? { leftovers: leftoverSettings(spec) } : {}),
  };
}

function hasLeftoverSettings(spec: ProfileSpec): boolean {
  return (
    (spec.leftoverFixes?.length ?? 0) > 0 ||
    (spec.allowValues?.length ?? 0) > 0 ||
    (spec.onLeftover ?? 'quarantine') !== 'quarantine'
  );
}

/** Every input once: what was committed, and the rest (only after a cancel) as not processed. */
export function summarize(
  files: readonly InputFile[],
  committed: readonly FileResult[],
  mappingAvailable: boolean,
  cancelled: boolean,
): RunSummary {
  const done = new Set(committed.map((result) => result.index));
  const results: FileResult[] = [...committed];
  for (let index = 0; index < files.length; index++) {
    if (done.has(index)) continue;
    results.push({
      index,
      status: 'excluded',
      reason: 'not processed: the run was cancelled',
      output: '',
    });
  }
  results.sort((a, b) => a.index - b.index);
  const count = (status: FileResult['status']) => results.filter((r) => r.status === status).length;
  return {
    written: count('written'),
    skipped: count('skipped'),
    failed: count('failed'),
    quarantined: count('quarantined'),
    excluded: count('excluded'),
    results,
    mappingAvailable,
    cancelled,
  };
}
