/**
 * The messages between the page's WorkerPool (pool.ts) and its Web Workers (deidWorker.ts).
 * Everything here is structured-cloneable: File handles travel as handles (the worker reads the
 * bytes itself, so a file is never copied between threads), output buffers are transferred.
 */
import type { ProfileSpec } from '../core/deid/api';
import type { StudyValue } from '../core/deid/studyValues';
import type { PreviewResult } from '../core/deid/previewResult';
import type { HeaderScan } from '../core/scan/scanHeader';
import type { NiftiGroupResult } from './niftiJob';
import type { PixelAssets, SampleAssets } from './pixelAssets';
import type { RunResult } from './runResult';
import type { FileTextSample } from './sampleJob';

/**
 * Test hooks for the end-to-end tests, matched against File.name; empty in normal use (see
 * src/app/pipeline/testHooks.ts for how a test turns them on).
 */
export interface TestHooks {
  /** Throw an uncaught error (the worker reports an error event and is replaced). */
  readonly crashOn?: string;
  /** Close the worker from inside, with no event at all (like a worker the browser killed). */
  readonly killOn?: string;
  /** Spin forever: the per-file timeout must stop it. */
  readonly hangOn?: string;
  /** Ask for a buffer no machine can give (a file that needs more memory than there is). */
  readonly bufferFailOn?: string;
  /**
   * Read files above this many bytes around their image data (largeFile.ts), instead of the
   * 64 MiB of normal use, so that tests take that path with small files. The output is the
   * same either way.
   */
  readonly streamAboveBytes?: number;
}

/**
 * What each worker is set up to do, sent once when it starts. `pixelAssets`: the codec and OCR
 * bytes (pixelAssets.ts), present only when `spec.pixels.clean` is on, so that a run without
 * cleaning neither copies nor loads them.
 */
export type WorkerJob =
  | { readonly kind: 'scan'; readonly hooks: TestHooks }
  | {
      /** The review screen's search of an image file for text (sampleJob.ts). */
      readonly kind: 'sample';
      readonly assets: SampleAssets;
      readonly hooks: TestHooks;
    }
  | {
      readonly kind: 'deid';
      readonly spec: ProfileSpec;
      readonly pixelAssets?: PixelAssets;
      /** Raw key bytes; the worker imports them into WebCrypto once. */
      readonly key: Uint8Array;
      readonly wantMapping: boolean;
      /**
       * The output's CRC-32 for a large file read around its image data: a zip entry needs it
       * before its bytes, and only the worker reads the file anyway (a folder needs none).
       */
      readonly wantCrc: boolean;
      readonly hooks: TestHooks;
    }
  | {
      /**
       * NIfTI output: each task is a group of files (one series, or one file on its own), all
       * read by the worker; image files become NIfTI with dcm2niix, others de-identified DICOM.
       */
      readonly kind: 'nifti';
      readonly spec: ProfileSpec;
      readonly pixelAssets?: PixelAssets;
      readonly key: Uint8Array;
      readonly wantMapping: boolean;
      /** .nii.gz (true) or .nii. */
      readonly compress: boolean;
      readonly hooks: TestHooks;
    }
  | {
      /** The review screen's preview: one file de-identified, its tags before and after. */
      readonly kind: 'preview';
      readonly spec: ProfileSpec;
      readonly pixelAssets?: PixelAssets;
      readonly key: Uint8Array;
      readonly hooks: TestHooks;
    };

/** The answer to one task of each job. */
export interface JobResults {
  scan: HeaderScan;
  sample: FileTextSample;
  deid: RunResult;
  preview: PreviewResult;
  nifti: NiftiGroupResult;
}

export type ToWorker =
  | {
      readonly type: 'init';
      readonly job: WorkerJob;
      /**
       * A Web Lock the worker holds for its whole life: the pool learns of the worker's end,
       * however it happens, when the lock is released. Absent where Web Locks are unavailable.
       */
      readonly lockName: string | undefined;
    }
  | {
      readonly type: 'task';
      readonly id: number;
      readonly file: File;
      /** NIfTI jobs: every file of the group (`file` is its first). */
      readonly group?: readonly File[];
      /** Identifying values of the file's study, from the scan (core/deid/studyValues.ts). */
      readonly studyValues?: readonly StudyValue[];
    };

/** What a task carries besides its file. */
export interface TaskExtras {
  readonly group?: readonly File[];
  readonly studyValues?: readonly StudyValue[];
}

export type FromWorker<R = unknown> =
  | { readonly type: 'ready' }
  | { readonly type: 'init-failed'; readonly reason: string }
  | { readonly type: 'done'; readonly id: number; readonly result: R }
  | { readonly type: 'error'; readonly id: number; readonly reason: string };
