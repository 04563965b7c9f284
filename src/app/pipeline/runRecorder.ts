/**
 * The page's side of recording a run (core/run/recorder.ts records it): outputs go to the
 * saver, a large input's image data as a slice of its File; a saver failure stops the run
 * (SaveFailed), since the output cannot be completed. Also the reports, saved last.
 */
import { burnedInAdvice } from '../../core/deid/burnedIn';
import type { DeidResult } from '../../core/deid/workerResult';
import { leftoverCheckNote } from '../../core/report/leftoverNote';
import { pixelNote } from '../../core/report/pixelNote';
import type { ReportHeader } from '../../core/report/report';
import { reportCsvBytes, reportJsonBytes } from '../../core/report/reportBytes';
import type { InputOutcome } from '../../core/run/outcomes';
import {
  OutputNotSaved,
  RunRecorder as CoreRecorder,
  type InputNaming,
  type SaveOutput,
  type SeriesMember,
  type WrittenOutcome,
} from '../../core/run/recorder';
import type { NiftiGroupResult } from '../../worker/niftiJob';
import type { BlobSplice } from './blobSplice';
import type { OutputSaver } from './saver';
import type { InputFile, ScanResult } from './types';

export { REPORT_FILES } from '../../core/run/recorder';
export type { InputOutcome } from '../../core/run/outcomes';

export type RunRecorder = CoreRecorder<InputFile>;

/** The output could not be saved; the run cannot go on. */
export class SaveFailed extends Error {
  override readonly name = 'SaveFailed';
}

export function createRunRecorder(saver: OutputSaver, wantMapping: boolean): RunRecorder {
  return new CoreRecorder(savingTo(saver), INPUT_NAMING, wantMapping);
}

/** A recorder for a re-run, saving to `saver` (see RunRecorder.fork). */
export function forkRecorder(recorder: RunRecorder, saver: OutputSaver): RunRecorder {
  return recorder.fork(savingTo(saver));
}

const INPUT_NAMING: InputNaming<InputFile> = {
  pathOf: (input) => input.path,
  secretsOf: (input) => [input.path],
  writtenReason: pageWrittenReason,
};

/**
 * The page's reason of a written file, kept as it was in order (unlike the CLI's
 * writtenReason, the leftover note comes before the burned-in note, and a note replaces both:
 * making it the CLI's changes report bytes of re-runs, a decision for the maintainers), but
 * without the CLI's "written": the row's status says it, and a row with both notes said it
 * three times. What Clean Pixel Data did comes last, as in the CLI's.
 */
function pageWrittenReason(outcome: WrittenOutcome, note: string): string {
  const notes = [leftoverCheckNote(outcome.leftovers), burnedInAdvice(outcome.burnedIn ?? [])];
  const reason = note || notes.filter((text) => text !== '').join('; ');
  return [reason, pixelNote(outcome.pixels)].filter((text) => text !== '').join('; ');
}

function savingTo(saver: OutputSaver): SaveOutput<InputFile> {
  return async (name, chunks, from) => {
    let splice: BlobSplice | undefined;
    if (from) {
      const { input, splice: at } = from;
      if (at.sourceSize !== input.file.size)
        throw new OutputNotSaved('changed size while it was read');
      // A large input's image data, which the worker left in the input (worker/largeFile.ts).
      splice = {
        at: at.at,
        data: input.file.slice(at.start, at.end),
        ...(at.crc32 === undefined ? {} : { crc32: at.crc32 }),
      };
    }
    await save(saver, name, chunks, splice);
  };
}

/**
 * One group of a NIfTI run (see niftiPlan.ts): its NIfTI files are saved once, and every
 * input of the series gets the same row; the group's other files are committed one by one.
 * `indices` are the group's inputs, in the order of `result.entries`.
 */
export function commitGroup(
  recorder: RunRecorder,
  indices: readonly number[],
  inputs: readonly InputFile[],
  result: NiftiGroupResult,
): Promise<void> {
  const members = indices.map((index, i): SeriesMember<InputFile> => {
    const entry = result.entries[i];
    const input = inputs[index]!;
    if (!entry) {
      const outcome: DeidResult = {
        status: 'failed',
        reason: 'internal error: no answer for this file',
      };
      return { index, input, own: { outcome } };
    }
    return entry.kind === 'own'
      ? { index, input, own: { outcome: entry.result, note: entry.note } }
      : { index, input };
  });
  return recorder.commitSeries(members, result.series);
}

/** A file the user did not include: what the scan said of it, or simply left out. */
export function leftOut(scan: ScanResult | undefined): InputOutcome {
  if (scan && scan.kind !== 'dicom') return { status: scan.kind, reason: scan.reason };
  return { status: 'excluded', reason: 'its series was not selected' };
}

/** report.json and report.csv, after every file (the same as the CLI's). */
export async function writeReports(
  recorder: RunRecorder,
  saver: OutputSaver,
  header: ReportHeader,
): Promise<void> {
  await save(saver, 'report.json', reportJsonBytes(header, recorder.rows));
  await save(saver, 'report.csv', reportCsvBytes(recorder.rows));
}

async function save(
  saver: OutputSaver,
  name: string,
  chunks: readonly Uint8Array[],
  splice?: BlobSplice,
): Promise<void> {
  try {
    await saver.write(name, chunks, splice);
  } catch (error) {
    throw new SaveFailed(`The output could not be saved: ${describeSaveError(error)}`, {
      cause: error,
    });
  }
}

/** Saving errors in words the user can act on; never a path. */
export function describeSaveError(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  switch (name) {
    case 'QuotaExceededError':
      return 'the disk is full.';
    case 'NotAllowedError':
    case 'SecurityError':
      return 'the browser no longer allows writing there.';
    case 'NotFoundError':
      return 'the file or folder was moved or deleted while it was being written.';
    case 'InvalidStateError':
      return 'the file was changed by another program while it was being written.';
    case 'NoModificationAllowedError':
      return 'the file or folder is locked by another program.';
    default:
      return error instanceof Error && error.message ? error.message : 'no reason was given.';
  }
}
