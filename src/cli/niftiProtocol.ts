/** What the main thread and the NIfTI workers (niftiWorker.ts) exchange. */
import type { IdentifierMapping } from '../core/deid/api';
import type { NiftiFileKind } from '../core/nifti/niftiNames';
import type { DeidResult, DeidWorkerData } from './deidProtocol';

export interface NiftiWorkerData extends DeidWorkerData {
  /** .nii.gz (true) or .nii. */
  readonly compress: boolean;
}

export type NiftiTask =
  /** Which series a file belongs to, and whether it can become NIfTI. */
  | { readonly kind: 'scan'; readonly path: string }
  /** Convert the files of one series (input order). */
  | { readonly kind: 'series'; readonly paths: readonly string[] }
  /** De-identify one file of a series that cannot become NIfTI, as DICOM. */
  | { readonly kind: 'dicom'; readonly path: string };

export type ScanResult =
  | { readonly status: 'dicom'; readonly seriesKey: string; readonly notConvertible?: string }
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
      readonly status: 'failed';
      readonly reason: string;
      readonly unreadable: Array<readonly [number, string]>;
    };

export type NiftiResult =
  | { readonly kind: 'scan'; readonly result: ScanResult }
  | { readonly kind: 'series'; readonly result: SeriesResult }
  | { readonly kind: 'dicom'; readonly result: DeidResult };
