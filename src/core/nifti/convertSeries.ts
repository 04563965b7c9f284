/**
 * One image series → NIfTI files that carry no identifier. The same code runs in the CLI's
 * worker threads and (later) in the browser's workers: everything platform-specific (reading
 * files, loading the wasm, the key) comes in through `deps`.
 *
 * 1. The engine de-identifies the series' first file (the next one if that fails). Its output
 *    path gives the pseudonymous stem (patient / study / series-NNNN-MODALITY-token) and its
 *    change log and data set tell the sidecar filter what the profile keeps.
 * 2. dcm2niix converts the ORIGINAL bytes: it needs vendor private tags (Siemens CSA, GE, Philips)
 *    that de-identification removes. Inputs get neutral names (f000001.dcm, ...) and the
 *    output the fixed name DCM2NIIX_BASE; -z n because gzip is done here, -b y for the sidecar,
 *    -ba y for dcm2niix's own anonymisation (not relied on).
 * 3. Each image's header text fields and extensions are wiped (niftiHeader.ts), then gzipped
 *    unless .nii was asked for; the sidecar is filtered to the allow-list; bval/bvec pass if
 *    they hold nothing but numbers. Any other file dcm2niix writes is dropped.
 */
import type { Deidentifier, FileOutcome, IdentifierMapping } from '../deid/api';
import { readDicom } from '../dicom/readDicom';
import type { Dcm2niixRunner, NamedBytes } from './dcm2niix';
import { convertedCounts } from './dcm2niix';
import { gzip } from './gzip';
import { NiftiHeaderError, scrubNiftiHeader } from './niftiHeader';
import { DCM2NIIX_BASE, classifyOutputs, outputName, type NiftiFileKind } from './niftiNames';
import { filterSidecar, profileView, type ProfileView } from './sidecar';

export interface NiftiOptions {
  /** .nii.gz (true, the default) or .nii. */
  readonly compress: boolean;
}

export interface NiftiDeps {
  readonly dcm2niix: Dcm2niixRunner;
  readonly deidentifier: Deidentifier;
}

export interface NiftiFile {
  /** Relative POSIX path, e.g. ANON.../study-.../series-0003-MR-Q4T7.nii.gz. */
  readonly path: string;
  readonly kind: NiftiFileKind;
  readonly chunks: Uint8Array[];
}

export type SeriesOutcome =
  | {
      readonly status: 'converted';
      readonly files: NiftiFile[];
      /** How many of the given files dcm2niix says it stacked into images. */
      readonly usedFiles: number;
      /** Things a user should know (a problem dcm2niix reported, files it dropped). */
      readonly notes: string[];
      readonly mapping: IdentifierMapping;
    }
  | { readonly status: 'failed'; readonly reason: string };

export const DCM2NIIX_ARGS: readonly string[] = [
  '-f',
  DCM2NIIX_BASE,
  '-z',
  'n',
  '-b',
  'y',
  '-ba',
  'y',
];

/** `files`: the original bytes of every file of one series, in input order. */
export async function convertSeries(
  files: readonly Uint8Array[],
  deps: NiftiDeps,
  options: NiftiOptions,
): Promise<SeriesOutcome> {
  const first = await firstWritten(files, deps.deidentifier);
  if (first.status !== 'written')
    return {
      status: 'failed',
      reason: `no file of the series could be de-identified: ${first.reason}`,
    };
  const stem = first.outputPath.split('/').slice(0, 3).join('/');
  const view = profileView(first.changes, readDicom(concat(first.chunks)).dataset);

  const inputs: NamedBytes[] = files.map((bytes, i) => ({
    name: `f${String(i + 1).padStart(6, '0')}.dcm`,
    bytes,
  }));
  let run;
  try {
    run = await deps.dcm2niix.run(inputs, DCM2NIIX_ARGS);
  } catch (error) {
    // A wasm abort ("Aborted(Assertion failed: ... charls/decoderstrategy.h ...)") names code,
    // never data: worth showing. Anything else is shown by its kind only.
    const what =
      error instanceof WebAssembly.RuntimeError
        ? error.message.replace(/\. Build with -sASSERTIONS.*$/, '').slice(0, 160)
        : error instanceof Error
          ? error.name
          : 'error';
    return { status: 'failed', reason: `dcm2niix stopped on this series: ${what}` };
  }

  const notes: string[] = [];
  const out: NiftiFile[] = [];
  const outputs = new Map(run.outputs.map((o) => [o.name, o.bytes]));
  const named = classifyOutputs([...outputs.keys()]);
  const droppedOthers = outputs.size - named.length;
  if (droppedOthers > 0) notes.push(`${droppedOthers} other file(s) dcm2niix wrote were dropped`);
  for (const file of named) {
    const bytes = outputs.get(file.source)!;
    const path = outputName(stem, file, options.compress);
    const chunks = await cleanFile(file.kind, bytes, view, options, notes);
    if (chunks) out.push({ path, kind: file.kind, chunks });
  }
  if (!out.some((file) => file.kind === 'image'))
    return { status: 'failed', reason: exitReason(run.exitCode, true) };
  if (run.exitCode !== 0) notes.push(exitReason(run.exitCode, false));
  let usedFiles = 0;
  for (const count of convertedCounts(run.log).values()) usedFiles += count;
  return { status: 'converted', files: out, usedFiles, notes, mapping: first.mapping };
}

async function cleanFile(
  kind: NiftiFileKind,
  bytes: Uint8Array,
  view: ProfileView,
  options: NiftiOptions,
  notes: string[],
): Promise<Uint8Array[] | undefined> {
  switch (kind) {
    case 'image': {
      let chunks: Uint8Array[];
      try {
        chunks = scrubNiftiHeader(bytes);
      } catch (error) {
        if (!(error instanceof NiftiHeaderError)) throw error;
        notes.push(`an image dcm2niix wrote was dropped: ${error.message}`);
        return undefined;
      }
      return options.compress ? [await gzip(chunks)] : chunks;
    }
    case 'sidecar': {
      const filtered = filterSidecar(new TextDecoder().decode(bytes), view);
      if (!filtered) {
        notes.push('the JSON sidecar dcm2niix wrote was not valid JSON and was dropped');
        return undefined;
      }
      return [new TextEncoder().encode(filtered.text)];
    }
    case 'bval':
    case 'bvec': {
      // Gradient tables are numbers; anything else in them would be a surprise worth dropping.
      if (/^[\s0-9eE+\-.]*$/.test(new TextDecoder().decode(bytes))) return [bytes];
      notes.push(`a .${kind} file with more than numbers in it was dropped`);
      return undefined;
    }
  }
}

async function firstWritten(
  files: readonly Uint8Array[],
  deidentifier: Deidentifier,
): Promise<FileOutcome> {
  let outcome: FileOutcome = { status: 'failed', reason: 'the series has no files' };
  for (const bytes of files) {
    // The engine reads without modifying; a copy is not needed.
    outcome = await deidentifier.deidentify(bytes);
    if (outcome.status === 'written') return outcome;
  }
  return outcome;
}

/** dcm2niix's exit codes (nii_dicom_batch.h), in words. */
function exitReason(code: number, nothingWritten: boolean): string {
  const what: Record<number, string> = {
    1: 'dcm2niix failed',
    2: 'dcm2niix found no image it can convert in this series',
    4: 'dcm2niix found a corrupt file in this series',
    8: 'dcm2niix converted some images of this series but not all',
    10: 'dcm2niix found incomplete volumes in this series',
  };
  const text = what[code] ?? `dcm2niix ended with exit code ${code}`;
  return nothingWritten && code === 0 ? 'dcm2niix wrote no image for this series' : text;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const whole = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    whole.set(chunk, at);
    at += chunk.length;
  }
  return whole;
}
