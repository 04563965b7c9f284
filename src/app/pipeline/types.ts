/**
 * The contract between the UI (React components, src/app/ui) and the pipeline that does the
 * work (src/app/pipeline + src/worker). The UI never touches File bytes, workers or zip
 * writers; the pipeline never touches the DOM beyond what saving needs.
 *
 * Flow, as a small explicit state machine (src/app/state.ts):
 *   empty → scanning → review → processing → done   (cancel returns to review)
 */
import type { LeftoverRule, ProfileSpec } from '../../core/deid/api';
import type { RecordedFile } from '../../core/run/outcomes';
import type { RunProgress } from '../../core/run/progress';
import type { PreviewResult } from '../../core/deid/previewResult';
import type { HeaderSummary } from '../../core/scan/scanHeader';

/** One file the user gave us: the File handle (not read yet) and its path inside the drop. */
export interface InputFile {
  readonly file: File;
  /** Relative path as the user sees it ("Study1/CT/IM0001"); shown only on this screen. */
  readonly path: string;
  /**
   * Set when the browser listed the entry but would not open it (a dropped folder's file that
   * vanished or is unreadable); `file` is then an empty stand-in and the file fails with this.
   */
  readonly unreadable?: string;
}

/** What a header-only read of one file found (scan phase; no pixel data is read). */
export type ScanResult =
  | ({
      readonly kind: 'dicom';
      readonly index: number;
      readonly size: number;
      // The study's values stay with the session (they can be many); the UI shows the rest.
    } & Omit<HeaderSummary, 'studyValues'>)
  | {
      readonly kind: 'skipped';
      readonly index: number;
      readonly size: number;
      readonly reason: string;
    }
  | {
      readonly kind: 'failed';
      readonly index: number;
      readonly size: number;
      readonly reason: string;
    };

/** Patient → study → series, built from scan results (src/app/pipeline/scanTree.ts). */
export interface SeriesNode {
  /** Stable key: the Series Instance UID (or a placeholder for files without one). */
  readonly key: string;
  readonly seriesNumber: string;
  readonly modality: string;
  readonly description: string;
  readonly fileIndexes: readonly number[];
  readonly bytes: number;
  readonly burnedInReasons: readonly string[];
}
export interface StudyNode {
  readonly key: string;
  readonly date: string;
  readonly description: string;
  readonly series: readonly SeriesNode[];
}
export interface PatientNode {
  readonly key: string;
  readonly name: string;
  readonly id: string;
  readonly studies: readonly StudyNode[];
}

export type OutputFormat = 'dicom' | 'nifti';

/** Where the archive goes. */
export type SaveTarget =
  | { readonly kind: 'file-picker' } // showSaveFilePicker: one streamed zip
  | { readonly kind: 'directory-picker' } // showDirectoryPicker: plain files in a folder
  | { readonly kind: 'download-parts'; readonly maxPartBytes: number }; // fallback

export interface RunOptions {
  readonly spec: ProfileSpec;
  readonly format: OutputFormat;
  /** Raw 32-byte key (from a passphrase or random), see core/deid/keys.ts. */
  readonly key: Uint8Array;
  /** Indexes of the input files to process (the series the user kept). */
  readonly include: readonly number[];
  readonly save: SaveTarget;
  /** Keep uid/patient-ID mapping tables for saveMapping(); never written into the output. */
  readonly wantMapping: boolean;
}

/** What a preview runs with: the run's profile and key (a stand-in key while none is set). */
export interface PreviewOptions {
  readonly spec: ProfileSpec;
  readonly key: Uint8Array;
}

/** What the progress bar shows (core/run/progress.ts counts it). */
export type Progress = RunProgress;

/** Per input file at the end: every input accounted for (core/run/recorder.ts records it). */
export type FileResult = RecordedFile;

/** What the done screen's re-run asks for: fixes per kind of finding, for these files. */
export interface RerunRequest {
  readonly fixes: readonly LeftoverRule[];
  /** Input indexes of quarantined files of the last run. */
  readonly include: readonly number[];
}

/** What the re-runs of a run have done so far. */
export interface RerunRecord {
  /** Every fix used, the latest choice for each kind of finding. */
  readonly fixes: readonly LeftoverRule[];
  /**
   * The name of each .zip a re-run downloaded, without ".zip" (one that needed several parts
   * has "-part1", "-part2"... after it); empty when re-runs saved into the run's folder.
   */
  readonly archives: readonly string[];
}

export interface RunSummary {
  readonly written: number;
  readonly skipped: number;
  readonly failed: number;
  readonly quarantined: number;
  readonly excluded: number;
  readonly results: readonly FileResult[];
  /** True when the user asked for mapping tables: they can be downloaded separately. */
  readonly mappingAvailable: boolean;
  readonly cancelled: boolean;
  /** Present once quarantined files were run again with fixes. */
  readonly rerun?: RerunRecord;
}

/**
 * What the UI calls (implemented in src/app/pipeline/session.ts). One session per page; it owns
 * the worker pool. Every long call takes an AbortSignal: Cancel must stop within a second.
 */
export interface Session {
  /** Header-only read of every file, in workers; results arrive one by one, in any order. */
  scan(
    files: readonly InputFile[],
    onResult: (result: ScanResult) => void,
    signal: AbortSignal,
  ): Promise<void>;
  /** De-identifies the included files and saves them where `options.save` says. */
  run(
    files: readonly InputFile[],
    options: RunOptions,
    onProgress: (progress: Progress) => void,
    signal: AbortSignal,
  ): Promise<RunSummary>;
  /**
   * De-identifies one file in a worker, nothing saved: the file before and after, and the
   * table of its elements (src/core/deid/preview.ts). Previews run one at a time; the newest
   * wins, and one whose signal aborts before it starts never runs.
   */
  preview(file: InputFile, options: PreviewOptions, signal: AbortSignal): Promise<PreviewResult>;
  /**
   * De-identifies quarantined files of the last DICOM run again with the same settings, key and
   * study values, plus the fixes, into the same output where it is still open (a folder), else
   * into a new download; rewrites the report. The summary covers the whole run.
   */
  rerun(
    files: readonly InputFile[],
    request: RerunRequest,
    onProgress: (progress: Progress) => void,
    signal: AbortSignal,
  ): Promise<RunSummary>;
  /** Forgets the last run: its key, its mapping tables, what a re-run would need. */
  forgetRun(): void;
  /** Saves uid_mapping.csv and patid_mapping.csv of the last run (only when asked for). */
  saveMapping(): Promise<void>;
  dispose(): void;
}
