/**
 * What a run's main thread gets for each input, and what it records of it: the same in the
 * page and in the CLI (recorder.ts turns the first into the second).
 */
import type { IdentifierMapping } from '../deid/api';
import type { LeakFinding } from '../deid/leakCheck';
import type { DeidResult } from '../deid/workerResult';
import type { NiftiFileKind } from '../nifti/niftiNames';

/**
 * What became of one input: a worker's result (a quarantined one may keep its findings, for
 * the page's done screen), or the user left it out of the run.
 */
export type InputOutcome =
  | (DeidResult & { readonly findings?: readonly LeakFinding[] })
  | { readonly status: 'excluded'; readonly reason: string };

/** A converted series as a worker sends it back (core/nifti/convertSeries.ts made it). */
export type SeriesResult =
  | {
      readonly status: 'converted';
      readonly files: readonly {
        /** Relative POSIX path, made unique by the recorder. */
        readonly path: string;
        readonly kind: NiftiFileKind;
        readonly chunks: readonly Uint8Array[];
      }[];
      /** Files dcm2niix says it stacked into images, of those it was given. */
      readonly usedFiles: number;
      readonly givenFiles: number;
      readonly notes: readonly string[];
      readonly mapping: IdentifierMapping | undefined;
    }
  /** quarantined: the verifier found an identifier in an output; nothing of it is saved. */
  | { readonly status: 'failed' | 'quarantined'; readonly reason: string };

/** What the run recorded of one input, as the page's done screen shows it. */
export interface RecordedFile {
  readonly index: number;
  /** excluded: the user left it out (the report says skipped). */
  readonly status: 'written' | 'skipped' | 'failed' | 'quarantined' | 'excluded';
  readonly reason: string;
  /** The unique output name; for a converted series, its first image. */
  readonly output: string;
  /**
   * A quarantined DICOM file: what the final check found (places, kinds, sources; never a
   * value), for grouping the quarantine on the done screen.
   */
  readonly findings?: readonly LeakFinding[];
  /** Written with text blacked out of its image by Clean Pixel Data (pixelCounts.ts). */
  readonly imageCleaned?: true;
}
