/**
 * What a NIfTI worker does with one group of files (the files of one series, or one file on its
 * own): read them all, keep those that are images of the series for dcm2niix (convertSeries on
 * the ORIGINAL bytes) and de-identify the others as DICOM, as the CLI's --nifti does. The whole
 * series is held in the worker while dcm2niix runs (it needs every file at once); the pool gives
 * a NIfTI worker one group at a time. Runs under Node in unit tests too.
 */
import type { IdentifierMapping, ProfileSpec } from '../core/deid/api';
import { createDeidentifier } from '../core/deid/deidentifier';
import type { StudyValue } from '../core/deid/studyValues';
import { webCryptoKeyedHash } from '../core/deid/keys';
import { packOutcome, type DeidResult } from '../core/deid/workerResult';
import type { ConversionPixels } from '../core/nifti/cleanForConversion';
import { convertSeries, type NiftiFile } from '../core/nifti/convertSeries';
import type { Dcm2niixRunner } from '../core/nifti/dcm2niix';
import { seriesOf } from '../core/nifti/seriesOf';
import { pixelToolsFor, readWhole, type JobReply } from './jobs';
import type { PixelAssets } from './pixelAssets';
import type { TaskExtras } from './protocol';

/**
 * The reason of a file written as DICOM in a NIfTI run starts with this: the CLI's words but
 * "written", which the row's status says.
 */
export const NOT_AN_IMAGE_NOTE = 'as de-identified DICOM: ';

export interface NiftiJobOptions {
  readonly spec: ProfileSpec;
  readonly key: Uint8Array;
  readonly wantMapping: boolean;
  readonly compress: boolean;
  /** Clean Pixel Data's bytes, with spec.pixels.clean (for the files written as DICOM). */
  readonly pixelAssets?: PixelAssets;
}

/** What became of one file of the group. */
export type GroupEntry =
  /** Given to dcm2niix: the group's series result says what became of it. */
  | { readonly kind: 'nifti' }
  /** Decided on its own: skipped, failed, or written as DICOM (with a note for the report). */
  | { readonly kind: 'own'; readonly result: DeidResult; readonly note: string };

export type NiftiSeriesResult =
  | {
      readonly status: 'converted';
      readonly files: NiftiFile[];
      /** Files dcm2niix says it stacked into images, of those it was given. */
      readonly usedFiles: number;
      readonly givenFiles: number;
      readonly notes: string[];
      readonly mapping: IdentifierMapping | undefined;
    }
  | { readonly status: 'failed'; readonly reason: string }
  /** The verifier found an identifier in an output: nothing of the series may be saved. */
  | { readonly status: 'quarantined'; readonly reason: string };

export interface NiftiGroupResult {
  /** One per file of the group, in its order. */
  readonly entries: GroupEntry[];
  /** Set when some entry is 'nifti'. */
  readonly series: NiftiSeriesResult | undefined;
}

export type NiftiHandler = (file: File, extras?: TaskExtras) => Promise<JobReply<NiftiGroupResult>>;

export async function createNiftiHandler(
  job: NiftiJobOptions,
  loadDcm2niix: () => Promise<Dcm2niixRunner>,
): Promise<NiftiHandler> {
  const hash = await webCryptoKeyedHash(job.key);
  const tools = await pixelToolsFor(job.spec, job.pixelAssets);
  const deidentifier = createDeidentifier(job.spec, hash, tools);
  const pixels = tools ? { tools, hash } : undefined;
  let dcm2niix: Promise<Dcm2niixRunner> | undefined;
  const runner = async (): Promise<Dcm2niixRunner> => {
    dcm2niix ??= loadDcm2niix();
    try {
      return await dcm2niix;
    } catch (error) {
      dcm2niix = undefined; // the next series tries again
      throw error;
    }
  };

  return async (file, extras) => {
    const files = extras?.group ?? [file];
    // The group's study values (runNifti.ts): de-identification and verification use them.
    const studyValues = extras?.studyValues ?? [];
    const context = studyValues.length ? { studyValues } : {};
    const entries: GroupEntry[] = [];
    const images: Uint8Array[] = [];
    const transfer: ArrayBuffer[] = [];
    for (const input of files) {
      const bytes = await readWhole(input);
      if (typeof bytes === 'string') {
        entries.push(own({ status: 'failed', reason: bytes }));
        continue;
      }
      const scan = seriesOf(bytes);
      if (scan.status !== 'dicom') {
        entries.push(own({ status: scan.status, reason: scan.reason }));
      } else if (scan.notConvertible !== undefined) {
        const outcome = await deidentifier.deidentify(bytes, context);
        const packed = packOutcome(outcome, bytes, job.wantMapping);
        const note =
          packed.result.status === 'written' ? NOT_AN_IMAGE_NOTE + scan.notConvertible : '';
        entries.push(own(packed.result, note));
        transfer.push(...packed.transfer);
      } else {
        entries.push({ kind: 'nifti' });
        images.push(bytes);
      }
    }
    let series: NiftiSeriesResult | undefined;
    if (images.length > 0) {
      series = await convert(images, runner, { deidentifier, pixels }, job, studyValues);
      if (series.status === 'converted')
        for (const out of series.files)
          for (const chunk of out.chunks) transfer.push(chunk.buffer as ArrayBuffer);
    }
    return { result: { entries, series }, transfer: [...new Set(transfer)] };
  };
}

async function convert(
  images: readonly Uint8Array[],
  runner: () => Promise<Dcm2niixRunner>,
  {
    deidentifier,
    pixels,
  }: { deidentifier: ReturnType<typeof createDeidentifier>; pixels: ConversionPixels | undefined },
  job: NiftiJobOptions,
  studyValues: readonly StudyValue[],
): Promise<NiftiSeriesResult> {
  let dcm2niix: Dcm2niixRunner;
  try {
    dcm2niix = await runner();
  } catch (error) {
    const what = error instanceof Error ? error.message : String(error);
    return { status: 'failed', reason: `dcm2niix could not be started: ${what}` };
  }
  const outcome = await convertSeries(
    images,
    { dcm2niix, deidentifier, spec: job.spec, pixels },
    { compress: job.compress },
    { studyValues },
  );
  if (outcome.status === 'failed') return outcome;
  if (outcome.status === 'quarantined') return { status: 'quarantined', reason: outcome.reason };
  return {
    status: 'converted',
    files: outcome.files,
    usedFiles: outcome.usedFiles,
    givenFiles: images.length,
    notes: outcome.notes,
    mapping: job.wantMapping ? outcome.mapping : undefined,
  };
}

function own(result: DeidResult, note = ''): GroupEntry {
  return { kind: 'own', result, note };
}
