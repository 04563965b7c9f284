/** What the main thread and the de-identification workers (deidWorker.ts) exchange. */
import type { ProfileSpec } from '../core/deid/api';
import type { StudyValue } from '../core/deid/studyValues';
import type { InputPath } from './inputPath';

export interface DeidWorkerData {
  readonly spec: ProfileSpec;
  /** Mapping tables are sent back only when --mapping asked for them. */
  readonly wantMapping: boolean;
  readonly testHooks: TestHooks;
  /** Inputs above this many bytes are read around their image data (largeInput.ts). */
  readonly streamAboveBytes: number;
  /** Outputs go into a zip: a large input's output needs its CRC from the worker. */
  readonly wantCrc: boolean;
}

/** Sent once the key is stretched, after the workers were started (PoolOptions.setup). */
export interface DeidSetup {
  /** Raw key bytes, derived once in the main thread. */
  readonly key: Uint8Array;
}

/**
 * Test hooks (see testHooks.ts): make the worker crash, hang, run out of heap or fail to
 * allocate a buffer on files whose name contains a marker, to prove the pool survives each.
 * Empty outside tests.
 */
export interface TestHooks {
  readonly crashOn?: string;
  readonly hangOn?: string;
  readonly oomOn?: string;
  readonly bufferFailOn?: string;
}

export interface DeidTask {
  /** Bytes when a name in it is not valid UTF-8 (inputPath.ts). */
  readonly path: InputPath;
  /** Identifying values of the file's study (studyScan.ts). */
  readonly studyValues?: readonly StudyValue[];
}

/** What a worker sends back for one file (shared with the browser's workers). */
export type { DeidResult } from '../core/deid/workerResult';
