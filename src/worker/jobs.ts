/**
 * What a worker does with one file, for each job: the header scan, or de-identification. Kept
 * apart from the message loop (deidWorker.ts) so that it runs under Node in unit tests too:
 * File and WebCrypto exist there as in the browser.
 */
import type { ProfileSpec } from '../core/deid/api';
import { createDeidentifier } from '../core/deid/deidentifier';
import type { PixelTools } from '../core/pixels/clean/cleanPixels';
import { webCryptoKeyedHash } from '../core/deid/keys';
import { deidentifyWithPreview } from '../core/deid/preview';
import { packPreview } from '../core/deid/previewResult';
import { packOutcome, type DeidResult } from '../core/deid/workerResult';
import { scanHeader } from '../core/scan/scanHeader';
import { deidentifyLargeFile, ReadFailed, streamAboveBytes } from './largeFile';
import { pixelToolsFrom, type PixelAssets } from './pixelAssets';
import type { JobResults, TaskExtras, WorkerJob } from './protocol';
import { withRemedyDetails } from './runResult';
import { createSampleHandler } from './sampleJob';

export interface JobReply<R> {
  readonly result: R;
  /** Buffers to move to the main thread with the answer. */
  readonly transfer: ArrayBuffer[];
}

export type JobHandler<R = JobResults[keyof JobResults]> = (
  file: File,
  extras?: TaskExtras,
) => Promise<JobReply<R>>;

/**
 * ArrayBuffers beyond this are not allocated by every browser: the most a file read whole may
 * have (larger ones are read around their image data, largeFile.ts).
 */
export const MAX_FILE_BYTES = 2 ** 31 - 1;

/** Builds the handler once per worker (for de-identification: the key is imported once). */
export function createJobHandler<J extends WorkerJob>(
  job: J,
): Promise<JobHandler<JobResults[J['kind']]>> {
  return handlerFor(job) as Promise<JobHandler<JobResults[J['kind']]>>;
}

async function handlerFor(job: WorkerJob): Promise<JobHandler> {
  if (job.kind === 'nifti') {
    // dcm2niix lives in its own worker (niftiWorker.ts), so that the others stay small.
    throw new Error('NIfTI jobs run in the NIfTI worker');
  }
  if (job.kind === 'scan') {
    return async (file) => {
      try {
        const read = async (length: number) => readBytes(file.slice(0, length));
        return { result: await scanHeader(read, file.size), transfer: [] };
      } catch (error) {
        // scanHeader turns every DICOM problem into a reason: what is left is the reading.
        const reason = `cannot be read: ${describeReadError(error)}`;
        return { result: { status: 'failed', reason }, transfer: [] };
      }
    };
  }
  if (job.kind === 'sample') return createSampleHandler(job.assets);
  const deidentifier = createDeidentifier(
    job.spec,
    await webCryptoKeyedHash(job.key),
    await pixelToolsFor(job.spec, job.pixelAssets),
  );
  if (job.kind === 'preview') {
    return async (file, extras) => {
      const read = await readWhole(file);
      if (typeof read === 'string') return { result: failed(read), transfer: [] };
      const preview = await deidentifyWithPreview(deidentifier, read, extras?.studyValues);
      return packPreview(preview, read);
    };
  }
  // Clean Pixel Data needs the image: a large file is then read whole, as in the CLI.
  const streamAbove = job.spec.pixels?.clean ? MAX_FILE_BYTES : streamAboveBytes(job.hooks);
  const large = { spec: job.spec, wantMapping: job.wantMapping, wantCrc: job.wantCrc };
  return async (file, extras) => {
    const context = { studyValues: extras?.studyValues ?? [] };
    if (file.size > streamAbove) {
      try {
        const reply = await deidentifyLargeFile(file, deidentifier, context, large);
        if (reply) return reply;
      } catch (error) {
        if (!(error instanceof ReadFailed)) throw error;
        const reason = `cannot be read: ${describeReadError(error.cause)}`;
        return { result: failed(reason), transfer: [] };
      }
    }
    // Small, deflated (its image is compressed with the rest) or without image data: whole.
    const bytes = await readWhole(file);
    if (typeof bytes === 'string') return { result: failed(bytes), transfer: [] };
    // These bytes were read for this file alone: the engine may clean its pixels in them.
    const outcome = await deidentifier.deidentify(bytes, { ...context, consumeInput: true });
    return withRemedyDetails(packOutcome(outcome, bytes, job.wantMapping), outcome);
  };
}

/**
 * The worker's pixel tools when the job cleans pixels. Without its assets the engine refuses
 * each image with a reason ("no image codecs are loaded here"), never writes it uncleaned.
 */
export async function pixelToolsFor(
  spec: ProfileSpec,
  assets: PixelAssets | undefined,
): Promise<PixelTools | undefined> {
  return spec.pixels?.clean && assets ? pixelToolsFrom(assets) : undefined;
}

/** The whole file, or why it cannot be read (the same checks as for de-identification). */
export async function readWhole(file: File): Promise<Uint8Array | string> {
  if (file.size > MAX_FILE_BYTES) return 'larger than 2 GiB, the most this version can read';
  let bytes: Uint8Array;
  try {
    bytes = await readBytes(file);
  } catch (error) {
    return `cannot be read: ${describeReadError(error)}`;
  }
  return bytes.length === file.size ? bytes : 'changed size while it was read';
}

async function readBytes(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

function failed(reason: string): DeidResult {
  return { status: 'failed', reason };
}

/**
 * Reading a File fails with a DOMException whose text varies by browser; these words say what
 * the user can do. Never the file's name or path.
 */
export function describeReadError(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotFoundError':
      return 'it was moved or deleted after it was chosen';
    case 'NotReadableError':
      return 'the browser could not read it (it may have been changed, moved or locked after it was chosen)';
    case 'SecurityError':
    case 'NotAllowedError':
      return 'the browser did not allow reading it';
    case 'RangeError':
      return 'it is too large to read in the browser';
    default:
      return name ? `the browser could not read it (${name})` : 'the browser could not read it';
  }
}
