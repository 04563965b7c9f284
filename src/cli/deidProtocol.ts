/** What the main thread and the de-identification workers (deidWorker.ts) exchange. */
import type { ProfileSpec } from '../core/deid/api';
import type { StudyValue } from '../core/deid/studyValues';

export interface DeidWorkerData {
  readonly spec: ProfileSpec;
  /** Raw key bytes, derived once in the main thread. */
  readonly key: Uint8Array;
  /** Mapping tables are sent back only when --mapping asked for them. */
  readonly wantMapping: boolean;
  readonly testHooks: TestHooks;
}

/**
 * Test hooks (see testHooks.ts): make the worker crash or hang on files whose name contains a
 * marker, to prove the pool survives both. Empty outside tests.
 */
export interface TestHooks {
  readonly crashOn?: string;
  readonly hangOn?: string;
}

export interface DeidTask {
  readonly path: string;
  /** Identifying values of the file's study (studyScan.ts). */
  readonly studyValues?: readonly StudyValue[];
}

/** What a worker sends back for one file (shared with the browser's workers). */
export type { DeidResult } from '../core/deid/workerResult';
