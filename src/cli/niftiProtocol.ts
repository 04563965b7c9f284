/** What the main thread and the NIfTI workers (niftiWorker.ts) exchange. */
import type { IdentifierMapping } from '../core/deid/api';
import type { StudyValue } from '../core/deid/studyValues';
import type { NiftiFileKind } from '../core/nifti/niftiNames';
import type { DeidResult, DeidSetup, DeidWorkerData } from './deidProtocol';
import type { InputPath } from './inputPath';

/** The key comes with the rest: NIfTI runs start their workers after it is stretched. */
export interface NiftiWorkerData extends DeidWorkerData, DeidSetup {
  /** .nii.gz (true) or .nii. */
  readonly compress: boolean;
}

export type NiftiTask =
  /** Which series a file belongs to, whether it can become NIfTI, and its study's values. */
  | { readonly kind: 'scan'; readonly path: InputPath }
  /**
   * Convert the files of one series (input order), with the identifying values of its study
   * (core/deid/studyValues.ts).
   */
  | {
      readonly kind: 'series';
      readonly paths: readonly InputPath[];
      readonly studyValues?: readonly StudyValue[];
    }
  /** De-identify one file of a series that cannot become NIfTI, as DICOM. */
  | {
      readonly kind: 'dicom';
      readonly path: InputPath;
      readonly studyValues?: readonly StudyValue[];
    };

export type ScanResult =
  | {
      readonly status: 'dicom';
      readonly seriesKey: string;
      readonly notConvertible?: string;
      /**
       * What the header scan (core/scan/scanHeader.ts, the app's and --dicom's) collects for
       * the study: its key ('' for none) and this header's identifying values.
       */
      readonly studyKey: string;
      readonly studyValues: readonly StudyValue[];
    }
  | { readonly status: 'skipped' | 'failed'; readonly reason: string };

export interface NiftiOutputFile {
  readonly path: string;
  readonly kind: NiftiFileKind;
  readonly chunks: Uint8Array[];
}

export type SeriesResult =
  | {
      readonly status: 'converted';
      readonly files: NiftiOutputFile[];
      /** Files dcm2niix says it stacked into images, of those it was given. */
      readonly usedFiles: number;
      readonly givenFiles: number;
      readonly notes: string[];
      readonly mapping: IdentifierMapping | undefined;
      /** Files of the series that could not be read: [position in the series, reason]. */
      readonly unreadable: Array<readonly [number, string]>;
    }
  | {
      /** quarantined: the verifier found an identifier in an output; nothing was saved. */
      readonly status: 'failed' | 'quarantined';
      readonly reason: string;
      readonly unreadable: Array<readonly [number, string]>;
    };

export type NiftiResult =
  | { readonly kind: 'scan'; readonly result: ScanResult }
  | { readonly kind: 'series'; readonly result: SeriesResult }
  | { readonly kind: 'dicom'; readonly result: DeidResult };
