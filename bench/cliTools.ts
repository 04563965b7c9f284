/**
 * The tools the CLI benchmark times, each as one process over the whole input folder:
 *   cp          — `cp -r <in> <out>`: the floor, reading and writing the same bytes;
 *   basic       — the built CLI, default profile, into a folder;
 *   legacy      — the built CLI with --profile legacy: like for like with the pydicom script;
 *   basic-zip, legacy-zip — the same into one --zip file;
 *   gdcmanon    — GDCM's native `gdcmanon --dumb` (Debian libgdcm-tools) with the legacy table
 *                 as --replace/--remove/--empty options (top-level elements only, as it works),
 *                 only when /usr/bin/gdcmanon exists;
 *   pydicom     — bench/legacy_pydicom.py under Debian's /usr/bin/python3 (python3-pydicom), the
 *                 original tool's approach; only when `import pydicom` works there.
 * Each tool says how to check what one run wrote (outside the timing).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LEGACY_RULES, type LegacyAction } from '../src/core/deid/legacyTable';
import { PROJECT_ROOT } from '../src/core/testing/corpus';

export type ToolId =
  'cp' | 'basic' | 'legacy' | 'basic-zip' | 'legacy-zip' | 'gdcmanon' | 'pydicom';

export interface Tool {
  readonly id: ToolId;
  readonly label: string;
  /** Timed runs (after one untimed warm-up run). */
  readonly reps: number;
  readonly file: string;
  /** Arguments for a run that writes to `out`, a path that does not exist yet. */
  args(out: string): string[];
  /** What is wrong with a run's output, or undefined when it is complete. */
  check(out: string, stdout: string): string | undefined;
  /** Paths besides `out` that a run writes (a zip file), deleted with it. */
  readonly alsoWrites?: (out: string) => string[];
}

/** BENCH_CLI: another build to time (an earlier version's, for a before/after comparison). */
export const CLI = process.env.BENCH_CLI ?? path.join(PROJECT_ROOT, 'dist-cli', 'dicomanon.mjs');
export const PYTHON = '/usr/bin/python3';
export const GDCMANON = '/usr/bin/gdcmanon';
const PYDICOM_SCRIPT = path.join(PROJECT_ROOT, 'bench', 'legacy_pydicom.py');
/** What the legacy table writes for replace-dummy (src/core/deid/profile.ts, not exported). */
const LEGACY_DUMMY = '19000101';

/** The files under `dir`, recursively, and their total size. */
export function treeSize(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return { files, bytes };
}

/** pydicom's version under Debian's python3, or undefined when it cannot be imported. */
export function pydicomVersion(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import pydicom; print(pydicom.__version__)'], {
    encoding: 'utf8',
  });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}

/**
 * Writes the legacy table, from LEGACY_RULES, as the JSON the pydicom script reads (tags as
 * 8 hex digits, grouped by action), so that the script's tag list is never typed by hand.
 */
export function writeLegacyRules(file: string): void {
  const tags = (action: LegacyAction) =>
    LEGACY_RULES.filter((rule) => rule.action === action).map((rule) =>
      rule.tag.toString(16).toUpperCase().padStart(8, '0'),
    );
  const rules = {
    dummy: LEGACY_DUMMY,
    'replace-dummy': tags('replace-dummy'),
    'replace-similar': tags('replace-similar'),
    remove: tags('remove'),
  };
  writeFileSync(file, `${JSON.stringify(rules, null, 2)}\n`);
}

function expectFiles(out: string, expected: number, what: string): string | undefined {
  if (!existsSync(out)) return 'no output folder';
  const { files } = treeSize(out);
  return files === expected ? undefined : `${files} ${what} in the output, expected ${expected}`;
}

/** The CLI wrote every input: report.json's totals; into a zip, the zip file exists. */
function checkCli(out: string, inputs: number, zip: string | undefined): string | undefined {
  try {
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as {
      totals?: { written?: number; failed?: number };
    };
    const written = report.totals?.written;
    if (written !== inputs) return `report.json: ${written} written of ${inputs} inputs`;
    if (zip !== undefined) return existsSync(zip) ? undefined : 'no zip file';
    // report.json and report.csv beside the DICOM files.
    return expectFiles(out, inputs + 2, 'files');
  } catch (error) {
    return `no readable report.json (${(error as Error).message})`;
  }
}

/** gdcmanon's options for the legacy table (tags as gggg,eeee in hex). */
function gdcmanonLegacyOptions(): string[] {
  const tag = (t: number) => {
    const hex = t.toString(16).padStart(8, '0');
    return `${hex.slice(0, 4)},${hex.slice(4)}`;
  };
  return LEGACY_RULES.flatMap((rule) => {
    if (rule.action === 'replace-dummy') return ['--replace', `${tag(rule.tag)}=${LEGACY_DUMMY}`];
    // gdcmanon cannot make a look-alike value: an empty one is the nearest it has.
    if (rule.action === 'replace-similar') return ['--empty', tag(rule.tag)];
    return ['--remove', tag(rule.tag)];
  });
}

export interface ToolSetup {
  readonly input: string;
  readonly inputFiles: number;
  readonly keyFile: string;
  /** The CLI's --jobs; undefined leaves it to the CLI's default. */
  readonly jobs: number | undefined;
  /** The legacy rules JSON for the pydicom script; undefined leaves the pydicom tool out. */
  readonly pydicomRules: string | undefined;
  /** Which tools, in this order (those whose program is missing are left out). */
  readonly ids: readonly ToolId[];
  /** Timed runs of each tool; cp gets two more (its runs are the shortest, the noisiest). */
  readonly reps: number;
}

export function tools(setup: ToolSetup): Tool[] {
  const { input, inputFiles, keyFile, jobs, reps } = setup;
  const cli = (id: ToolId, profile: 'basic' | 'legacy', zip: boolean): Tool => ({
    id,
    label: `dicomanon --profile ${profile}${zip ? ' --zip' : ''}${jobs === undefined ? '' : ` --jobs ${jobs}`}`,
    reps,
    file: process.execPath,
    args: (out) => [
      CLI,
      input,
      out,
      '--dicom',
      '--profile',
      profile,
      ...(jobs === undefined ? [] : ['--jobs', String(jobs)]),
      '--key-file',
      keyFile,
      ...(zip ? ['--zip', `${out}.zip`] : []),
    ],
    check: (out) => checkCli(out, inputFiles, zip ? `${out}.zip` : undefined),
    ...(zip ? { alsoWrites: (out: string) => [`${out}.zip`, `${out}.zip.partial`] } : {}),
  });
  const make = (id: ToolId): Tool | undefined => {
    switch (id) {
      case 'cp':
        return {
          id,
          label: 'cp -r',
          reps: reps + 2,
          file: 'cp',
          args: (out) => ['-r', input, out],
          check: (out) => expectFiles(out, inputFiles, 'files'),
        };
      case 'basic':
        return cli(id, 'basic', false);
      case 'legacy':
        return cli(id, 'legacy', false);
      case 'basic-zip':
        return cli(id, 'basic', true);
      case 'legacy-zip':
        return cli(id, 'legacy', true);
      case 'gdcmanon':
        if (!existsSync(GDCMANON)) return undefined;
        return {
          id,
          label: 'gdcmanon --dumb, legacy table',
          reps,
          file: GDCMANON,
          args: (out) => ['--dumb', '-i', input, '-o', out, '-r', ...gdcmanonLegacyOptions()],
          check: (out) => expectFiles(out, inputFiles, 'files'),
        };
      case 'pydicom': {
        const rules = setup.pydicomRules;
        if (rules === undefined) return undefined;
        return {
          id,
          label: 'pydicom script, legacy table',
          reps,
          file: PYTHON,
          args: (out) => [PYDICOM_SCRIPT, rules, input, out],
          check: (out, stdout) =>
            stdout.startsWith(`${inputFiles} written`)
              ? expectFiles(out, inputFiles, 'files')
              : `the script said: ${stdout.trim()}`,
        };
      }
    }
  };
  return setup.ids.flatMap((id) => make(id) ?? []);
}
