/**
 * NIfTI benchmark (the last part of npm run bench, after npm run build:cli). Not a test: it
 * asserts nothing and exits 0; it prints a table and whether the goal is met:
 *   - `dicomanon --nifti` ≤ 3 × Debian's native dcm2niix on the same series, same run.
 *
 * Input: a 400-slice 512×512 CT series (≈ 210 MB) made once per run by
 * scripts/makeSyntheticCtSeries.ts into a temporary folder. Compared like for like:
 *   .nii     — dicomanon --nifti --nii   against  dcm2niix -z n
 *   .nii.gz  — dicomanon --nifti         against  dcm2niix -z y (Debian's build hands the file
 *                                                 to pigz when it is installed, as here)
 * Every run is a whole process, wall clock, as a user waits for it (Node's start-up, the scan
 * of the series, de-identification of its first file, wasm conversion, header scrub and gzip
 * included; a random key, so no passphrase stretching); one untimed warm-up run each, then
 * rounds that interleave the tools.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeSyntheticCtSeries } from '../scripts/makeSyntheticCtSeries';
import { PROJECT_ROOT } from '../src/core/testing/corpus';
import { median } from './cliTiming';

const SERIES_SLICES = 400; // ≈ 210 MB
const SEED = 20240601;
const ROUNDS = 3;
const GOAL_RATIO = 3;
const CLI = path.join(PROJECT_ROOT, 'dist-cli', 'dicomanon.mjs');
const NATIVE = '/usr/bin/dcm2niix';

interface Tool {
  readonly label: string;
  readonly file: string;
  args(out: string): string[];
  /** The output file whose existence proves the run did its work. */
  readonly expect: RegExp;
}

function tools(input: string): Array<[string, Tool, Tool]> {
  const ours = (extra: string[], expect: RegExp): Tool => ({
    label: `dicomanon --nifti ${extra.join(' ')}`.trim(),
    file: process.execPath,
    // No --key-file: its PBKDF2 (600,000 rounds, a fixed cost per run) is not conversion.
    args: (out) => [CLI, input, out, '--nifti', ...extra, '-j', '1'],
    expect,
  });
  const native = (z: string, expect: RegExp): Tool => ({
    label: `dcm2niix -z ${z}`,
    file: NATIVE,
    args: (out) => ['-f', 'x', '-z', z, '-b', 'y', '-o', out, input],
    expect,
  });
  return [
    ['.nii', ours(['--nii'], /\.nii$/), native('n', /\.nii$/)],
    ['.nii.gz', ours([], /\.nii\.gz$/), native('y', /\.nii\.gz$/)],
  ];
}

function runOnce(tool: Tool, out: string): number {
  mkdirSync(out);
  const start = process.hrtime.bigint();
  const child = spawnSync(tool.file, tool.args(out), { stdio: ['ignore', 'pipe', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const written = readdirSync(out, { recursive: true }).map(String);
  rmSync(out, { recursive: true, force: true });
  if (child.status !== 0 || !written.some((name) => tool.expect.test(name)))
    throw new Error(
      `${tool.label} failed (exit ${child.status}): ${String(child.stderr).slice(-300)}`,
    );
  return seconds;
}

function main(): void {
  if (!existsSync(CLI)) {
    console.log(`\nNIfTI benchmark skipped: ${CLI} is missing; run npm run build:cli`);
    return;
  }
  if (!existsSync(NATIVE)) {
    console.log(`\nNIfTI benchmark skipped: no ${NATIVE}; apt-get install dcm2niix`);
    return;
  }
  const version = spawnSync(NATIVE, ['-v'], { encoding: 'utf8' }).stdout.split('\n')[0];
  console.log(
    `\ndicomanon NIfTI benchmark — node ${process.version}, ${os.cpus().length} CPUs, native ` +
      `${version?.trim()}; wall clock of whole processes; load average ` +
      `${os.loadavg()[0]!.toFixed(2)} (timings need an otherwise idle machine)`,
  );
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'dicomanon-nifti-bench-'));
  try {
    const input = path.join(tmp, 'in');
    mkdirSync(input);
    let bytes = 0;
    for (const file of makeSyntheticCtSeries({ slices: SERIES_SLICES, seed: SEED })) {
      writeFileSync(path.join(input, file.name), file.bytes);
      bytes += file.bytes.length;
    }
    spawnSync('sync');
    console.log(`Synthetic CT series: ${SERIES_SLICES} files, ${(bytes / 1e6).toFixed(1)} MB`);
    const pairs = tools(input);
    const times = new Map<Tool, number[]>(
      pairs.flatMap(([, a, b]) => [
        [a, []],
        [b, []],
      ]),
    );
    let n = 0;
    for (const tool of times.keys()) runOnce(tool, path.join(tmp, `warm-${++n}`));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [tool, list] of times) list.push(runOnce(tool, path.join(tmp, `run-${++n}`)));
    }
    console.log(`\nNIfTI conversion of the series (median of ${ROUNDS} runs)`);
    for (const [kind, ours, native] of pairs) {
      const a = median(times.get(ours)!);
      const b = median(times.get(native)!);
      const ratio = a / b;
      console.log(
        `  ${kind.padEnd(8)} ${ours.label.padEnd(28)} ${a.toFixed(2).padStart(6)} s   ` +
          `${native.label.padEnd(14)} ${b.toFixed(2).padStart(6)} s   ratio ${ratio.toFixed(2)}× ` +
          `(goal ≤ ${GOAL_RATIO}×: ${ratio <= GOAL_RATIO ? 'met' : 'NOT met'})`,
      );
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main();
