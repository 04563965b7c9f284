/**
 * The command line, same interface as the original dicomanon script:
 *   dicomanon <input_directory> <output_directory> --dicom|--nifti [--profile basic|legacy|FILE]
 *     [--option NAME ...] [--key-file F] [--mapping DIR] [--zip FILE] [--jobs N]
 * and --nii (NIfTI uncompressed, with --nifti), --on-leftover and --allow-value (what to do with
 * identifiers the check of the written bytes still finds).
 * Parsing only: nothing here touches the file system.
 */
import { parseArgs } from 'node:util';
import type { ProfileSpec } from '../core/deid/api';
import { ON_LEFTOVER, allowValueProblem } from '../core/deid/customProfileLeftovers';
import { PROFILE_OPTIONS, isProfileOptionName, type ProfileOptionName } from '../core/deid/options';

/** A mistake in how the command was called, or a refusal to run: exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const DEFAULT_FILE_TIMEOUT_MS = 120_000;
export const MAX_JOBS = 256;

export interface CliArgs {
  readonly input: string;
  readonly output: string;
  readonly format: 'dicom' | 'nifti';
  /** --nii: .nii instead of .nii.gz (with --nifti only). */
  readonly uncompressedNifti: boolean;
  /** "basic", "legacy", or the path of a custom profile file. */
  readonly profile: string;
  readonly options: readonly ProfileOptionName[];
  /** --option clean-pixel-data: find burned-in text in images and black it out. */
  readonly cleanPixelData: boolean;
  /** --pixel-regions FILE: device templates and per-series boxes to black out too. */
  readonly pixelRegionsFile: string | undefined;
  /** --keep-safe-text: keep text the OCR reads as a harmless label. */
  readonly keepSafeText: boolean;
  /** --on-leftover; undefined: a custom profile's onLeftover, else quarantine. */
  readonly onLeftover: ProfileSpec['onLeftover'];
  /** --allow-value, in order, once each. Never to be printed: they may be names. */
  readonly allowValues: readonly string[];
  readonly keyFile: string | undefined;
  readonly mappingDir: string | undefined;
  readonly zipFile: string | undefined;
  /** undefined: one fewer than the available processors, at least one. */
  readonly jobs: number | undefined;
  /** --resume: finish an interrupted run into its output directory (resume.ts). */
  readonly resume: boolean;
  /** Hidden (tests): how long one file may take before its worker is stopped. */
  readonly fileTimeoutMs: number;
}

export type ParsedCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'run'; readonly args: CliArgs };

export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
        dicom: { type: 'boolean' },
        nifti: { type: 'boolean' },
        nii: { type: 'boolean' },
        profile: { type: 'string' },
        option: { type: 'string', multiple: true },
        'on-leftover': { type: 'string' },
        'allow-value': { type: 'string', multiple: true },
        'key-file': { type: 'string' },
        'pixel-regions': { type: 'string' },
        'keep-safe-text': { type: 'boolean' },
        mapping: { type: 'string' },
        zip: { type: 'string' },
        resume: { type: 'boolean' },
        jobs: { type: 'string', short: 'j' },
        'file-timeout-ms': { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(parseArgsMessage(error as Error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  if (positionals.length !== 2) {
    throw new UsageError(
      positionals.length < 2
        ? 'give an input directory and an output directory'
        : `expected two directories, got ${positionals.length} arguments`,
    );
  }
  if (values.dicom === values.nifti) {
    throw new UsageError('choose exactly one output format: --dicom or --nifti');
  }
  if (values.nii && !values.nifti) throw new UsageError('--nii goes with --nifti');
  for (const flag of ['pixel-regions', 'keep-safe-text'] as const) {
    if (values[flag] !== undefined && !optionList(values.option ?? []).includes(CLEAN_PIXEL_DATA))
      throw new UsageError(`--${flag} goes with --option clean-pixel-data`);
  }
  if (values.resume && values['key-file'] === undefined) {
    throw new UsageError(
      '--resume needs the --key-file of the interrupted run: a run with a random key cannot be resumed',
    );
  }
  for (const name of ['profile', 'key-file', 'mapping', 'zip', 'pixel-regions'] as const) {
    if (values[name] === '') throw new UsageError(`--${name} needs a value`);
  }

  return {
    kind: 'run',
    args: {
      input: positionals[0]!,
      output: positionals[1]!,
      format: values.dicom ? 'dicom' : 'nifti',
      uncompressedNifti: values.nii === true,
      profile: values.profile ?? 'basic',
      options: parseOptionNames(values.option ?? []),
      cleanPixelData: optionList(values.option ?? []).includes(CLEAN_PIXEL_DATA),
      pixelRegionsFile: values['pixel-regions'],
      keepSafeText: values['keep-safe-text'] === true,
      onLeftover: parseOnLeftover(values['on-leftover']),
      allowValues: parseAllowValues(values['allow-value'] ?? []),
      keyFile: values['key-file'],
      mappingDir: values.mapping,
      zipFile: values.zip,
      resume: values.resume === true,
      jobs: values.jobs === undefined ? undefined : parseInteger('--jobs', values.jobs, MAX_JOBS),
      fileTimeoutMs:
        values['file-timeout-ms'] === undefined
          ? DEFAULT_FILE_TIMEOUT_MS
          : parseInteger('--file-timeout-ms', values['file-timeout-ms'], 24 * 3600 * 1000),
    },
  };
}

/** PS3.15's Clean Pixel Data Option: no column of Table E.1-1, so not a ProfileOptionName. */
export const CLEAN_PIXEL_DATA = 'clean-pixel-data';

/** `--option a --option b,c` → [a, b, c]. */
function optionList(values: readonly string[]): string[] {
  return values.flatMap((value) => value.split(',').map((raw) => raw.trim())).filter(Boolean);
}

/** The table options of `--option`, each checked against PROFILE_OPTIONS (or Clean Pixel Data). */
function parseOptionNames(values: readonly string[]): ProfileOptionName[] {
  const names: ProfileOptionName[] = [];
  for (const name of optionList(values)) {
    if (name === CLEAN_PIXEL_DATA) continue;
    if (!isProfileOptionName(name)) {
      throw new UsageError(
        `unknown --option ${JSON.stringify(name)}; valid options: ` +
          [...PROFILE_OPTIONS.map((option) => option.name), CLEAN_PIXEL_DATA].join(', '),
      );
    }
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

function parseOnLeftover(value: string | undefined): ProfileSpec['onLeftover'] {
  if (value === undefined) return undefined;
  const known = ON_LEFTOVER.find((option) => option === value);
  if (known) return known;
  throw new UsageError(
    value === ''
      ? '--on-leftover needs a value: quarantine or clean'
      : `--on-leftover must be quarantine or clean, not ${JSON.stringify(value)}`,
  );
}

/** The message says which --allow-value is wrong by its place, never by its text. */
function parseAllowValues(values: readonly string[]): string[] {
  values.forEach((value, index) => {
    const problem = allowValueProblem(value);
    const which = values.length > 1 ? ` (the ${ordinal(index + 1)})` : '';
    if (problem) throw new UsageError(`--allow-value${which}: ${problem}`);
  });
  return [...new Set(values)];
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

function parseInteger(flag: string, text: string, max: number): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} must be a whole number, not "${text}"`);
  const n = Number(text);
  if (n < 1 || n > max) throw new UsageError(`${flag} must be between 1 and ${max}`);
  return n;
}

/** parseArgs's messages are good but mention the hidden test flag's neighbours; keep its gist. */
function parseArgsMessage(error: Error): string {
  const code = (error as { code?: string }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(error.message)?.[1];
    return `unknown option ${option ?? ''}`.trim();
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const option = /--[\w-]+/.exec(error.message)?.[0];
    return option ? `${option} needs a value` : error.message;
  }
  return error.message;
}
