/**
 * One image series → NIfTI files that carry no identifier. The same code runs in the CLI's
 * worker threads and (later) in the browser's workers: everything platform-specific (reading
 * files, loading the wasm, the key) comes in through `deps`.
 *
 * 1. The engine de-identifies the series' first file (the next one if that fails). Its output
 *    path gives the pseudonymous stem (patient / study / series-NNNN-MODALITY-token) and its
 *    change log and data set tell the sidecar filter what the profile keeps.
 * 2. dcm2niix converts the ORIGINAL bytes: it needs vendor private tags (Siemens CSA, GE, Philips)
 *    that de-identification removes. With Clean Pixel Data their burned-in text is blacked out
 *    first, in the originals' pixels only (cleanForConversion.ts). Inputs get neutral names (f000001.dcm, ...) and the
 *    output the fixed name DCM2NIIX_BASE; -z n because gzip is done here, -b y for the sidecar,
 *    -ba y for dcm2niix's own anonymisation (not relied on).
 * 3. Each image's header text fields and extensions are wiped (niftiHeader.ts), then gzipped
 *    unless .nii was asked for; the sidecar is filtered to the allow-list; bval/bvec pass if
 *    they hold nothing but numbers. Any other file dcm2niix writes is dropped.
 * 4. Fail closed (verifyOutputs.ts): the names, sidecar, header texts and bval/bvec are searched
 *    for the identifiers of the series' files and of their study; a hit quarantines the series.
 *    So does a first file the engine quarantines: the sidecar would follow its decisions.
 */
import { concatBytes } from '../dicom/byteChunks';
import type { Deidentifier, FileOutcome, IdentifierMapping, ProfileSpec } from '../deid/api';
import type { Identifier, LeakFinding } from '../deid/identifierTypes';
import type { StudyValue } from '../deid/studyValues';
import { readDicom } from '../dicom/readDicom';
import type { Dcm2niixRunner, NamedBytes } from './dcm2niix';
import { convertedCounts } from './dcm2niix';
import { cleanForConversion, type ConversionPixels } from './cleanForConversion';
import { gzip } from './gzip';
import { NiftiHeaderError, scrubNiftiHeader } from './niftiHeader';
import { DCM2NIIX_BASE, classifyOutputs, outputName, type NiftiFileKind } from './niftiNames';
import { filterSidecar, profileView, type ProfileView } from './sidecar';
import {
  describeNiftiFindings,
  allowedValues,
  findNiftiLeaks,
  seriesIdentifiers,
  type OutputToVerify,
} from './verifyOutputs';

export interface NiftiOptions {
  /** .nii.gz (true, the default) or .nii. */
  readonly compress: boolean;
}

export interface NiftiDeps {
  readonly dcm2niix: Dcm2niixRunner;
  readonly deidentifier: Deidentifier;
  /** The profile the deidentifier was made with: the verifier asks it what it takes away. */
  readonly spec: ProfileSpec;
  /** With Clean Pixel Data (spec.pixels.clean): text is blacked out before dcm2niix runs. */
  readonly pixels?: ConversionPixels | undefined;
}

export interface SeriesContext {
  /**
   * The identifying values of the series' study (studyValues.ts), as for DICOM output: the
   * first file is de-identified with them (so cleaned sidecar text is cleaned of them too) and
   * the verifier looks for them.
   */
  readonly studyValues?: readonly StudyValue[];
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
  | {
      /** Nothing of the series may be saved; the reason names places and kinds, no value. */
      readonly status: 'quarantined';
      readonly reason: string;
      readonly findings: readonly LeakFinding[];
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
  context: SeriesContext = {},
): Promise<SeriesOutcome> {
  const studyValues = context.studyValues ?? [];
  const first = await firstWritten(files, deps.deidentifier, studyValues);
  if (first.status === 'quarantined')
    return {
      status: 'quarantined',
      reason: `${first.reason} (in a file of this series: none of its outputs is saved)`,
      findings: first.findings,
    };
  if (first.status !== 'written')
    return {
      status: 'failed',
      reason: `no file of the series could be de-identified: ${first.reason}`,
    };
  const stem = first.outputPath.split('/').slice(0, 3).join('/');
  const view = profileView(first.changes, readDicom(concatBytes(first.chunks)).dataset);

  // Read from the original files once: for the check of cleaned images and of the outputs.
  const search = searchFor(files, deps.spec, studyValues);
  if (typeof search === 'string') return { status: 'failed', reason: search };
  const notes: string[] = [];
  let converted = files;
  if (deps.spec.pixels?.clean && deps.pixels) {
    const cleaned = await cleanForConversion(
      files,
      deps.spec.pixels,
      deps.pixels,
      search.identifiers,
      search.allowed,
    );
    if (cleaned.status === 'failed') return cleaned;
    if (cleaned.status === 'quarantined')
      return {
        status: 'quarantined',
        reason: describeNiftiFindings(cleaned.findings),
        findings: cleaned.findings,
      };
    converted = cleaned.files;
    if (cleaned.cleaned > 0)
      notes.push(`text blacked out in ${cleaned.cleaned} image(s) before conversion`);
  } else if (deps.spec.pixels?.clean) {
    return {
      status: 'failed',
      reason: 'Clean Pixel Data was asked for, but no image codecs are loaded here',
    };
  }
  const inputs: NamedBytes[] = converted.map((bytes, i) => ({
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

  const out: NiftiFile[] = [];
  const toVerify: OutputToVerify[] = [];
  const outputs = new Map(run.outputs.map((o) => [o.name, o.bytes]));
  const named = classifyOutputs([...outputs.keys()]);
  const droppedOthers = outputs.size - named.length;
  if (droppedOthers > 0) notes.push(`${droppedOthers} other file(s) dcm2niix wrote were dropped`);
  for (const file of named) {
    const bytes = outputs.get(file.source)!;
    const path = outputName(stem, file, options.compress);
    const cleaned = await cleanFile(file.kind, bytes, view, options, notes);
    if (!cleaned) continue;
    out.push({ path, kind: file.kind, chunks: cleaned.chunks });
    toVerify.push({ path, kind: file.kind, text: cleaned.text });
  }
  if (!out.some((file) => file.kind === 'image'))
    return { status: 'failed', reason: exitReason(run.exitCode, true) };
  if (run.exitCode !== 0) notes.push(exitReason(run.exitCode, false));
  const findings = guarded(() => findNiftiLeaks(toVerify, search.identifiers, search.allowed));
  if (typeof findings === 'string') return { status: 'failed', reason: findings };
  if (findings.length > 0)
    return { status: 'quarantined', reason: describeNiftiFindings(findings), findings };
  let usedFiles = 0;
  for (const count of convertedCounts(run.log).values()) usedFiles += count;
  return { status: 'converted', files: out, usedFiles, notes, mapping: first.mapping };
}

/**
 * What the outputs are searched for: the identifiers of the series' files and their study, and
 * the values the profile allows; or why they cannot be had (then nothing is saved either).
 */
function searchFor(
  files: readonly Uint8Array[],
  spec: ProfileSpec,
  studyValues: readonly StudyValue[],
): { identifiers: Identifier[]; allowed: ReadonlySet<string> } | string {
  return guarded(() => ({
    identifiers: seriesIdentifiers(files, spec, studyValues),
    allowed: allowedValues(spec),
  }));
}

/** The result, or why the outputs could not be verified (then nothing is saved either). */
function guarded<T>(work: () => T): T | string {
  try {
    return work();
  } catch (error) {
    const what = error instanceof Error ? error.name : 'error';
    return `the outputs of this series could not be verified (${what}), so they are not saved`;
  }
}

/** What is saved, and the text of it the verifier reads: an image's header, else the whole. */
async function cleanFile(
  kind: NiftiFileKind,
  bytes: Uint8Array,
  view: ProfileView,
  options: NiftiOptions,
  notes: string[],
): Promise<{ chunks: Uint8Array[]; text: Uint8Array } | undefined> {
  const whole = (chunk: Uint8Array) => ({ chunks: [chunk], text: chunk });
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
      // The header is verified as written: gzip changes no byte of it, only how it is stored.
      const header = chunks[0]!;
      return { chunks: options.compress ? [await gzip(chunks)] : chunks, text: header };
    }
    case 'sidecar': {
      const filtered = filterSidecar(new TextDecoder().decode(bytes), view);
      if (!filtered) {
        notes.push('the JSON sidecar dcm2niix wrote was not valid JSON and was dropped');
        return undefined;
      }
      return whole(new TextEncoder().encode(filtered.text));
    }
    case 'bval':
    case 'bvec': {
      // Gradient tables are numbers; anything else in them would be a surprise worth dropping.
      if (/^[\s0-9eE+\-.]*$/.test(new TextDecoder().decode(bytes))) return whole(bytes);
      notes.push(`a .${kind} file with more than numbers in it was dropped`);
      return undefined;
    }
  }
}

/**
 * The first file the engine writes, trying the next one when it fails; a quarantined file stops
 * the search, since the sidecar would follow its decisions and dcm2niix reads its values.
 */
async function firstWritten(
  files: readonly Uint8Array[],
  deidentifier: Deidentifier,
  studyValues: readonly StudyValue[],
): Promise<FileOutcome> {
  let outcome: FileOutcome = { status: 'failed', reason: 'the series has no files' };
  for (const bytes of files) {
    // The engine reads without modifying; a copy is not needed.
    // Only the header's outcome is used: the pixels are cleaned in the originals, once
    // (cleanForConversion), not here too.
    outcome = await deidentifier.deidentify(bytes, {
      headerOnly: true,
      ...(studyValues.length ? { studyValues } : {}),
    });
    if (outcome.status === 'written' || outcome.status === 'quarantined') return outcome;
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
