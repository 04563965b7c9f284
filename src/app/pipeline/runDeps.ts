/**
 * What a page run (runFiles.ts: DICOM in runDicom.ts, NIfTI in runNifti.ts; re-runs in
 * rerunFiles.ts) is given and gives back, and the timings they share.
 */
import type { StudyValue } from '../../core/deid/studyValues';
import type { FileMappingRow, MappingCollector } from '../../core/report/mapping';
import type { LockManagerLike, WorkerLike } from '../../worker/pool';
import type { PixelAssets } from '../../worker/pixelAssets';
import type { TestHooks } from '../../worker/protocol';
import type { RunRecorder } from './runRecorder';
import { openSaver, type OutputSaver } from './saver';
import type { RunSummary, ScanResult, SaveTarget } from './types';

export interface RunDeps {
  readonly createWorker: () => WorkerLike;
  /** Workers with dcm2niix, for NIfTI output (spawn.ts's spawnNiftiWorker in the page). */
  readonly createNiftiWorker?: () => WorkerLike;
  readonly workers: number;
  /**
   * Clean Pixel Data's bytes for the workers (the page's inlined copy), asked for only by a run
   * with cleaning on; without them such a run fails its images with a reason.
   */
  readonly pixelAssets?: () => Promise<PixelAssets>;
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

/** How often progress is sent while nothing finishes (a large file), for throughput and time. */
export const PROGRESS_TICK_MS = 1000;
/** A cancel must return within a second: clean-up gets this long, then goes on behind. */
export const CLEANUP_WAIT_MS = 300;
