/**
 * Refusals before anything is written. Paths are compared after resolving symbolic links (for
 * a path that does not exist yet, its nearest existing ancestor is resolved), so that a link
 * cannot smuggle the output into the input or the mapping tables into the output. Messages name
 * the roles, not the paths: paths can carry patient names.
 */
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError, type CliArgs } from './args';
import { codeOf, describeFsError } from './fsErrors';
import { lossyText, utf8Name, type InputPath } from './inputPath';
import { JOURNAL_FILE } from './journal';
import { PARTIAL_ZIP_SUFFIX } from './zipFileSink';

export const MAPPING_FILES = ['uid_mapping.csv', 'patid_mapping.csv', 'file_mapping.csv'];
/** Written into the output directory (and the zip) by every run. */
export const REPORT_FILES = ['report.json', 'report.csv'];

export interface CheckedPaths {
  /**
   * Real path of the input directory, as bytes when it is not valid UTF-8 (inputPath.ts): a
   * folder reached through a link or the working directory may have such a name in its path.
   */
  readonly input: InputPath;
  /** Real path (or real parent + new name) of the output directory; may not exist yet. */
  readonly output: string;
  readonly mappingDir: string | undefined;
  readonly zipFile: string | undefined;
}

export async function checkPaths(args: CliArgs): Promise<CheckedPaths> {
  const { real: input, opens } = await existingDirectory(args.input, 'input directory');
  const output = await resolveLoosely(args.output);
  if (same(output, input)) throw new UsageError('the output directory is the input directory');
  if (inside(output, input)) {
    throw new UsageError('the output directory is inside the input directory; choose another');
  }
  if (inside(input, output)) {
    throw new UsageError('the input directory is inside the output directory; choose another');
  }
  if (args.resume) await requireDirectory(output, 'output directory');
  else await requireEmptyDirectoryOrNothing(output);

  let mappingDir: string | undefined;
  if (args.mappingDir !== undefined) {
    mappingDir = await resolveLoosely(args.mappingDir);
    if (same(mappingDir, output) || inside(mappingDir, output)) {
      throw new UsageError(
        'the mapping directory is (inside) the output directory: mapping files re-identify ' +
          'the data and must never sit with it; choose a directory outside the output',
      );
    }
    if (same(mappingDir, input) || inside(mappingDir, input)) {
      throw new UsageError('the mapping directory is (inside) the input directory; choose another');
    }
    await requireDirectoryOrNothing(mappingDir, 'mapping directory');
    // A resume may find its own, written just before it was stopped (resume.ts decides).
    if (!args.resume) await refuseMappingFiles(mappingDir);
  }

  let zipFile: string | undefined;
  if (args.zipFile !== undefined) {
    zipFile = await resolveLoosely(args.zipFile);
    // A resume may find it finished by the run it resumes (resume.ts decides).
    if (!args.resume && (await exists(zipFile))) {
      throw new UsageError('the zip file already exists; choose another');
    }
    // --resume goes on with it (zipResume.ts); a new run must not take it over.
    if (!args.resume && (await exists(`${zipFile}${PARTIAL_ZIP_SUFFIX}`))) {
      throw new UsageError(
        'an unfinished zip file of that name is there (its name ending in .partial), left by ' +
          'an interrupted run: add --resume to finish it, or remove it or choose another name',
      );
    }
    if (inside(zipFile, input)) {
      throw new UsageError('the zip file is inside the input directory; choose another place');
    }
    if (same(path.dirname(zipFile), output) && REPORT_FILES.includes(path.basename(zipFile))) {
      throw new UsageError('the zip file would take the place of a report file; name it otherwise');
    }
  }
  return { input: opens, output, mappingDir, zipFile };
}

/** Refuses a mapping directory that holds a mapping file already. */
export async function refuseMappingFiles(mappingDir: string): Promise<void> {
  for (const name of MAPPING_FILES) {
    if (await exists(path.join(mappingDir, name))) {
      throw new UsageError(
        `the mapping directory already has ${name}; dicomanon never overwrites mapping ` +
          'files (they may be the only way back to a previous run): move it or choose another',
      );
    }
  }
}

/**
 * The real path as text, for comparing with the other paths (the output's and mapping's come
 * as text, so their lossy forms compare alike), and as what opens it.
 */
async function existingDirectory(
  given: string,
  role: string,
): Promise<{ real: string; opens: InputPath }> {
  let info;
  try {
    info = await stat(given);
  } catch (error) {
    throw new UsageError(`the ${role} cannot be opened: ${describeFsError(error)}`);
  }
  if (!info.isDirectory()) throw new UsageError(`the ${role} is not a directory`);
  const real = new Uint8Array(await realpath(given, { encoding: 'buffer' }));
  return { real: lossyText(real), opens: utf8Name(real) ?? real };
}

async function requireEmptyDirectoryOrNothing(dir: string): Promise<void> {
  await requireDirectoryOrNothing(dir, 'output directory');
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return;
    throw new UsageError(`the output directory cannot be read: ${describeFsError(error)}`);
  }
  if (entries.includes(JOURNAL_FILE)) {
    throw new UsageError(
      'the output directory holds an interrupted run: add --resume (with the same --key-file ' +
        'and settings) to finish it, or give a new or empty directory',
    );
  }
  if (entries.length > 0) {
    throw new UsageError(
      'the output directory is not empty; give a new or empty one so that outputs of ' +
        'different runs never mix',
    );
  }
}

async function requireDirectory(dir: string, role: string): Promise<void> {
  await requireDirectoryOrNothing(dir, role);
  if (!(await exists(dir))) throw new UsageError(`--resume: the ${role} does not exist`);
}

async function requireDirectoryOrNothing(dir: string, role: string): Promise<void> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new UsageError(`the ${role} is not a directory`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (codeOf(error) !== 'ENOENT') {
      throw new UsageError(`the ${role} cannot be opened: ${describeFsError(error)}`);
    }
  }
}

/**
 * The real path of `given`, or, when it does not exist yet, the real path of its nearest
 * existing ancestor followed by the missing components.
 */
export async function resolveLoosely(given: string): Promise<string> {
  const absolute = path.resolve(given);
  const missing: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      return path.join(await realpath(current), ...missing.reverse());
    } catch (error) {
      const parent = path.dirname(current);
      if (codeOf(error) !== 'ENOENT' || parent === current) throw error;
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return false;
    throw error;
  }
}

// Paths on macOS and Windows volumes are usually case-insensitive: compare them that way there.
const foldCase = process.platform === 'darwin' || process.platform === 'win32';
const normal = (p: string): string => (foldCase ? p.toLowerCase() : p);

export function same(a: string, b: string): boolean {
  return normal(a) === normal(b);
}

/** True when `child` is strictly inside `parent`. */
export function inside(child: string, parent: string): boolean {
  const relative = path.relative(normal(parent), normal(child));
  return (
    relative !== '' &&
    relative !== '..' &&
    !relative.startsWith(`..${path.sep}`) &&
    !path.isAbsolute(relative)
  );
}
