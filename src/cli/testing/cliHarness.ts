/**
 * Test-only helpers for running the built CLI as a child process, the way users run it.
 * buildCli builds into a fresh temporary folder so that test files never race over dist-cli
 * and never test a stale build.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ReportRow, ReportTotals } from '../../core/report/report';
import { PROJECT_ROOT } from '../../core/testing/corpus';

export function buildCli(): string {
  const outDir = mkdtempSync(path.join(tmpdir(), 'dicomanon-cli-build-'));
  execFileSync(
    process.execPath,
    [
      path.join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '-c',
      'vite.cli.config.ts',
      '--outDir',
      outDir,
      '--emptyOutDir',
    ],
    { cwd: PROJECT_ROOT, stdio: 'pipe' },
  );
  return path.join(outDir, 'dicomanon.mjs');
}

/** Removes what buildCli built. */
export function removeBuiltCli(cli: string): void {
  rmSync(path.dirname(cli), { recursive: true, force: true });
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly env?: Record<string, string>;
  /** Run as another user (for permission tests when the tests run as root). */
  readonly asUser?: { readonly uid: number; readonly gid: number };
}

/** What report.json holds (beside the run's header). */
export interface ReportJson {
  readonly totals: ReportTotals;
  readonly files: ReportRow[];
}

/** report.json of a finished run in `dir` (the output directory), as the CLI wrote it. */
export function readReportJson(dir: string): ReportJson {
  return JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as ReportJson;
}

export function runCli(cli: string, args: readonly string[], options: RunOptions = {}): CliRun {
  const command = options.asUser
    ? [
        'setpriv',
        `--reuid=${options.asUser.uid}`,
        `--regid=${options.asUser.gid}`,
        '--clear-groups',
        process.execPath,
      ]
    : [process.execPath];
  const result = spawnSync(command[0]!, [...command.slice(1), cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'test', ...options.env },
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Every entry under `dir` (relative POSIX path → sha256, mode and mtime of files; link targets),
 * to prove a tree unchanged. Links are not followed.
 */
export function treeDigest(dir: string): Map<string, string> {
  const digest = new Map<string, string>();
  const walk = (current: string, relative: string): void => {
    for (const name of readdirSync(current).sort()) {
      const full = path.join(current, name);
      const rel = relative ? `${relative}/${name}` : name;
      const info = lstatSync(full);
      if (info.isDirectory()) {
        digest.set(`${rel}/`, `dir ${info.mode.toString(8)}`);
        walk(full, rel);
      } else if (info.isSymbolicLink()) {
        digest.set(rel, `link to ${readlinkSync(full)}`);
      } else if (info.isFile()) {
        const hash = createHash('sha256').update(readFileSync(full)).digest('hex');
        digest.set(rel, `${hash} ${info.mode.toString(8)} ${info.mtimeMs}`);
      } else {
        digest.set(rel, `special ${info.mode.toString(8)}`);
      }
    }
  };
  walk(dir, '');
  return digest;
}

/** Relative POSIX paths of every file under `dir`, sorted. */
export function filesUnder(dir: string): string[] {
  return [...treeDigest(dir).keys()].filter((name) => !name.endsWith('/'));
}
