/**
 * CLI benchmark (npm run bench:cli, after npm run build:cli; issue 17). Not a test: it asserts
 * nothing and exits 0; it prints, per input set, a table with wall and CPU time, files/s, MB/s
 * and the ratios to GDCM's native `gdcmanon --dumb`, to the pydicom script and to `cp -r`, then
 * the goals: the CLI (basic and legacy, into a folder and into a zip) at most 1.5× gdcmanon's
 * wall time; its legacy profile at least 5× faster than the pydicom script (the original tool's
 * approach, bench/legacy_pydicom.py, when Debian's python3-pydicom is installed).
 *
 * Inputs (cliInputs.ts): the 400-slice CT series (all tools), 20,000 small files and 50
 * multi-frame files of 100 MB (CLI basic into a folder and a zip, gdcmanon, cp). Every tool is
 * timed as a whole process, wall clock, as a user waits for it (start-up included); cliTiming.ts
 * has the warm-up, rounds and medians. BENCH_CLI_SETS=series,small,multiframe picks the sets
 * (all by default; the whole benchmark takes a few minutes on 2 cores); BENCH_CLI=path/to/
 * dicomanon.mjs times another build (an earlier version, for before/after).
 *
 * Outputs go to memory (/dev/shm) when it has room, else beside the inputs; BENCH_CLI_OUT=dir
 * chooses. Every run's output is deleted before the next run, and on a disk that deletion
 * decides the next run's time: ext4 without a journal (the reference VM's disk) skips, for every
 * file it creates, the inodes freed in the last minutes, so a run after the deletion of 20,000
 * files took 2–3 times as long as the same run on a quiet disk, whichever tool it was
 * (docs/performance.md, "Fifth round").
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  statfsSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/core/testing/corpus';
import { INPUT_SETS, SEED, writeInputSet, type InputSetId } from './cliInputs';
import { cliGoals, cliTable } from './cliReport';
import { timeTools } from './cliTiming';
import {
  CLI,
  GDCMANON,
  pydicomVersion,
  tools,
  treeSize,
  writeLegacyRules,
  type ToolId,
} from './cliTools';

/**
 * The CLI's worker threads: its own default (processors − 1, what a user gets) unless
 * BENCH_CLI_JOBS sets a number.
 */
const JOBS = process.env.BENCH_CLI_JOBS ? Number(process.env.BENCH_CLI_JOBS) : undefined;

const TOOLS_OF: Record<InputSetId, readonly ToolId[]> = {
  series: ['cp', 'gdcmanon', 'basic', 'legacy', 'basic-zip', 'legacy-zip', 'pydicom'],
  small: ['cp', 'gdcmanon', 'basic', 'basic-zip'],
  multiframe: ['cp', 'gdcmanon', 'basic', 'basic-zip'],
};

/**
 * Where a set's outputs go: BENCH_CLI_OUT, else memory when it has room for one output and its
 * zip (each run's are deleted before the next), else `fallback`, beside the inputs.
 */
function outputRoot(inputBytes: number, fallback: string): { dir: string; where: string } {
  const asked = process.env.BENCH_CLI_OUT;
  if (asked)
    return { dir: mkdtempSync(path.join(asked, 'dicomanon-cli-bench-out-')), where: asked };
  const memory = '/dev/shm';
  try {
    const fs = statfsSync(memory);
    if (fs.bavail * fs.bsize > 2.5 * inputBytes)
      return {
        dir: mkdtempSync(path.join(memory, 'dicomanon-cli-bench-out-')),
        where: `${memory} (memory)`,
      };
  } catch {
    // No /dev/shm (not Linux): the disk it is.
  }
  return { dir: fallback, where: `${path.dirname(fallback)} (the inputs' disk)` };
}

function setsFromEnv(): InputSetId[] {
  const asked = process.env.BENCH_CLI_SETS?.split(',').map((s) => s.trim());
  const all = Object.keys(INPUT_SETS) as InputSetId[];
  return asked ? all.filter((id) => asked.includes(id)) : all;
}

function main(): void {
  const started = performance.now();
  if (!existsSync(CLI)) {
    console.log(
      `\nCLI benchmark skipped: ${path.relative(PROJECT_ROOT, CLI)} is missing; run npm run build:cli`,
    );
    return;
  }
  const pydicom = pydicomVersion();
  const missing = {
    ...(pydicom === undefined
      ? { pydicom: 'no pydicom under /usr/bin/python3; apt-get install python3-pydicom' }
      : {}),
    ...(existsSync(GDCMANON) ? {} : { gdcmanon: 'no gdcmanon; apt-get install libgdcm-tools' }),
  };
  console.log(
    `\ndicomanon CLI benchmark — node ${process.version}, ${os.cpus().length} CPUs, ` +
      `pydicom ${pydicom ?? 'not installed'}, gdcmanon ${existsSync(GDCMANON) ? 'installed' : 'missing'}; ` +
      `CLI built ${statSync(CLI).mtime.toISOString()}; wall clock of whole processes; ` +
      `CLI worker threads: ${JOBS ?? `its default, processors − 1 = ${Math.max(1, os.availableParallelism() - 1)}`} ` +
      `(BENCH_CLI_JOBS sets them); ` +
      `MB = 10^6 bytes; load average ${os.loadavg()[0]!.toFixed(2)} ` +
      `(timings need an otherwise idle machine; CPU s = user + system of the process and ` +
      `its threads, steadier under load)`,
  );

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'dicomanon-cli-bench-'));
  try {
    const keyFile = path.join(tmp, 'key.txt');
    writeFileSync(keyFile, 'dicomanon benchmark passphrase\n');
    let pydicomRules: string | undefined;
    if (pydicom !== undefined) {
      pydicomRules = path.join(tmp, 'legacy-rules.json');
      writeLegacyRules(pydicomRules);
    }
    for (const id of setsFromEnv()) {
      const set = INPUT_SETS[id];
      const input = path.join(tmp, `in-${id}`);
      let t = performance.now();
      writeInputSet(id, input);
      const size = treeSize(input);
      const out = outputRoot(size.bytes, path.join(tmp, 'out'));
      mkdirSync(out.dir, { recursive: true });
      console.log(
        `\n${set.title}: ${size.files} files, ${(size.bytes / 1e6).toFixed(1)} MB (generated ` +
          `and written in ${((performance.now() - t) / 1000).toFixed(1)} s, seed ${SEED}); ` +
          `outputs written to ${out.where}`,
      );
      const list = tools({
        input,
        inputFiles: size.files,
        keyFile,
        jobs: JOBS,
        pydicomRules,
        ids: TOOLS_OF[id],
        reps: set.reps,
      });
      t = performance.now();
      let timings;
      try {
        timings = timeTools(list, out.dir, (line) => console.log(line));
      } finally {
        // In memory, a stopped benchmark would otherwise leave gigabytes there.
        rmSync(out.dir, { recursive: true, force: true });
      }
      console.log(`\n${set.title} — medians of the timed runs`);
      console.log(cliTable(timings, size));
      console.log(`Goals (printed, not asserted):`);
      console.log(cliGoals(timings, missing));
      console.log(
        `(load average now ${os.loadavg()[0]!.toFixed(2)}; timing took ` +
          `${((performance.now() - t) / 1000).toFixed(1)} s)`,
      );
      rmSync(input, { recursive: true, force: true });
      // The inputs' pages stay in the page cache otherwise, crowding out the next set's.
      spawnSync('sync');
    }
    console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main();
