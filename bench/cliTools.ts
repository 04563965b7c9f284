/**
 * The tools the CLI benchmark times, each as one process over the whole input folder:
 *   cp       — `cp -r <in> <out>`: the floor, reading and writing the same bytes;
 *   basic    — the built CLI, default profile;
 *   legacy   — the built CLI with --profile legacy: like for like with the pydicom script;
 *   pydicom  — bench/legacy_pydicom.py under Debian's /usr/bin/python3 (python3-pydicom), the
 *              original tool's approach; only when `import pydicom` works there.
 * Each tool says how to check what one run wrote (outside the timing).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LEGACY_RULES, type LegacyAction } from '../src/core/deid/legacyTable';
import { PROJECT_ROOT } from '../src/core/testing/corpus';

export type ToolId = 'cp' | 'basic' | 'legacy' | 'pydicom';

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
}

export const CLI = path.join(PROJECT_ROOT, 'dist-cli', 'dicomanon.mjs');
export const PYTHON = '/usr/bin/python3';
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

/** The CLI wrote every input: report.json's totals. */
function checkCli(out: string, inputs: number): string | undefined {
  try {
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as {
      totals?: { written?: number; failed?: number };
    };
    const written = report.totals?.written;
    if (written !== inputs) return `report.json: ${written} written of ${inputs} inputs`;
    // report.json and report.csv beside the DICOM files.
    return expectFiles(out, inputs + 2, 'files');
  } catch (error) {
    return `no readable report.json (${(error as Error).message})`;
  }
}

export interface ToolSetup {
  readonly input: string;
  readonly inputFiles: number;
  readonly keyFile: string;
  readonly jobs: number;
  /** The legacy rules JSON for the pydicom script; undefined leaves the pydicom tool out. */
  readonly pydicomRules: string | undefined;
}

export function tools(setup: ToolSetup): Tool[] {
  const { input, inputFiles, keyFile, jobs } = setup;
  const cli = (id: 'basic' | 'legacy'): Tool => ({
    id,
    label: `dicomanon --profile ${id} --jobs ${jobs}`,
    reps: 5,
    file: process.execPath,
    args: (out) => [
      CLI,
      input,
      out,
      '--dicom',
      '--profile',
      id,
      '--jobs',
      String(jobs),
      '--key-file',
      keyFile,
    ],
    check: (out) => checkCli(out, inputFiles),
  });
  const list: Tool[] = [
    {
      id: 'cp',
      label: 'cp -r',
      // The shortest runs, so the most exposed to noise; the denominator of the cp goal.
      reps: 7,
      file: 'cp',
      args: (out) => ['-r', input, out],
      check: (out) => expectFiles(out, inputFiles, 'files'),
    },
    cli('basic'),
    cli('legacy'),
  ];
  const rules = setup.pydicomRules;
  if (rules !== undefined) {
    list.push({
      id: 'pydicom',
      label: 'pydicom script, legacy table',
      reps: 5,
      file: PYTHON,
      args: (out) => [PYDICOM_SCRIPT, rules, input, out],
      check: (out, stdout) =>
        stdout.startsWith(`${inputFiles} written`)
          ? expectFiles(out, inputFiles, 'files')
          : `the script said: ${stdout.trim()}`,
    });
  }
  return list;
}
