/**
 * CLI benchmark (the second half of npm run bench, after npm run build:cli). Not a test: it
 * asserts nothing and exits 0; it prints a table and whether the goals are met:
 *   - the CLI with 2 jobs ≥ 0.3 × `cp -r` of the same folder;
 *   - the CLI with --profile legacy ≥ 5 × a pydicom script that applies the same legacy table
 *     the way the original dicomanon tool did (bench/legacy_pydicom.py), when Debian's
 *     python3-pydicom is installed.
 *
 * Input: a 400-slice 512×512 CT series (≈ 210 MB) made once per run by
 * scripts/makeSyntheticCtSeries.ts into a temporary folder. Every tool is timed as a whole
 * process, wall clock, as a user waits for it (Node's or Python's start-up included); see
 * cliTiming.ts for warm-up, rounds and medians, cliTools.ts for the commands.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeSyntheticCtSeries } from '../scripts/makeSyntheticCtSeries';
import { PROJECT_ROOT } from '../src/core/testing/corpus';
import { cliGoals, cliTable } from './cliReport';
import { timeTools } from './cliTiming';
import { CLI, pydicomVersion, tools, treeSize, writeLegacyRules } from './cliTools';

const SERIES_SLICES = 400; // ≈ 210 MB
const SEED = 20240601;
const JOBS = 2;

function main(): void {
  const started = performance.now();
  if (!existsSync(CLI)) {
    console.log(
      `\nCLI benchmark skipped: ${path.relative(PROJECT_ROOT, CLI)} is missing; run npm run build:cli`,
    );
    return;
  }
  const pydicom = pydicomVersion();
  const pydicomMissing =
    pydicom === undefined
      ? `no pydicom under /usr/bin/python3; apt-get install python3-pydicom`
      : undefined;
  console.log(
    `\ndicomanon CLI benchmark — node ${process.version}, ${os.cpus().length} CPUs, ` +
      `pydicom ${pydicom ?? 'not installed'}; CLI built ${statSync(CLI).mtime.toISOString()}; ` +
      `wall clock of whole processes; MB = 10^6 bytes; load average ` +
      `${os.loadavg()[0]!.toFixed(2)} (timings need an otherwise idle machine)`,
  );

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'dicomanon-cli-bench-'));
  try {
    const input = path.join(tmp, 'in');
    const outRoot = path.join(tmp, 'out');
    mkdirSync(input);
    mkdirSync(outRoot);
    let t = performance.now();
    for (const file of makeSyntheticCtSeries({ slices: SERIES_SLICES, seed: SEED })) {
      writeFileSync(path.join(input, file.name), file.bytes);
    }
    // Flush the input to disk now, so that its writeback (30 s after it was written) does not
    // fall into the timed runs.
    spawnSync('sync');
    const { files, bytes } = treeSize(input);
    console.log(
      `Synthetic CT series: ${files} files, ${(bytes / 1e6).toFixed(1)} MB in one folder ` +
        `(generated and written in ${((performance.now() - t) / 1000).toFixed(1)} s, seed ${SEED})`,
    );

    const keyFile = path.join(tmp, 'key.txt');
    writeFileSync(keyFile, 'dicomanon benchmark passphrase\n');
    let pydicomRules: string | undefined;
    if (pydicom !== undefined) {
      pydicomRules = path.join(tmp, 'legacy-rules.json');
      writeLegacyRules(pydicomRules);
    }
    const list = tools({ input, inputFiles: files, keyFile, jobs: JOBS, pydicomRules });

    t = performance.now();
    const timings = timeTools(list, outRoot, (line) => console.log(line));
    console.log(
      `\nCLI throughput on the series (median of the timed runs; ratios are reference time / ` +
        `tool time; CPU s = user + system of the process and its threads)`,
    );
    console.log(cliTable(timings, bytes));
    console.log(`Goals (printed, not asserted):`);
    console.log(cliGoals(timings, JOBS, pydicomMissing));
    console.log(
      `\nload average now ${os.loadavg()[0]!.toFixed(2)}; timing took ` +
        `${((performance.now() - t) / 1000).toFixed(1)} s, total ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main();
