/**
 * Browser benchmark (npm run bench:browser): the app de-identifying a generated study of more
 * than a gigabyte in headless Chromium, driven through its UI as a user would, against the CLI
 * on the same files in the same run. Not a test: it asserts nothing and exits 0 (unless the app
 * or the CLI does not finish); it prints the numbers and whether the goals are met:
 *   - browser throughput ≥ 0.5 × the CLI's with as many workers as the page uses;
 *   - the tab's peak memory < 1 GB, whatever the size of the study.
 *
 * Settings (environment): BENCH_SLICES, BENCH_ROUNDS (default 3), BENCH_WORKERS (default: what
 * the page chooses, src/app/pipeline/workerCount.ts; the CLI then gets the same --jobs).
 *
 * Input: BENCH_SLICES (default 2000) 512×512 CT slices from scripts/makeSyntheticCtSeries.ts,
 * about 526 kB each (2000 ≈ 1.05 GB), written to a temporary folder and flushed to disk.
 *
 * The page: the built dist/index.html from file://, Chromium launched with the end-to-end
 * tests' flags (playwright.config.ts). "Choose folder" gets the folder, the basic profile and a
 * passphrase are chosen, and "Save as one .zip file" streams the archive into a stub of
 * showSaveFilePicker that counts the bytes and drops them (e2e/support/saveStubs.ts), so that
 * neither a disk nor the benchmark holds the output. Timed: from the click on "De-identify" to
 * the done screen (the passphrase's key stretching and the zip writing included).
 *
 * The CLI: `node dist-cli/dicomanon.mjs <in> <out> --dicom --jobs N --key-file K`, N being the
 * number of workers the page ran (seen through Playwright), output into a folder on the same
 * disk (the page cache takes it), timed as a whole process from spawn to exit.
 *
 * Memory: see bench/browserMemory.ts (the renderer's peak resident set is the tab's cost).
 *
 * Clean Pixel Data (bench/browserCleaning.ts): the page and the CLI in frames a second on
 * BENCH_BURNED generated burned-in images, once, after the rounds.
 *
 * Firefox (Debian's firefox-esr, when installed; FIREFOX_PATH to choose another): the same page,
 * study and choices, but the output downloaded in parts, the only way Firefox offers
 * (bench/firefoxRun.ts). Its column is compared with the CLI into a zip, like for like.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import config from '../playwright.config';
import { makeSyntheticCtSeries } from '../scripts/makeSyntheticCtSeries';
import { chooseFolder, doneCounts, makeChoices, start, waitForDone } from '../e2e/support/app';
import { BUILT_PAGE, BUILT_PAGE_URL, CLI, requireBuilt, tempDir } from '../e2e/support/paths';
import { readReport } from '../e2e/support/reports';
import { addInitFunction, discardedBytes, discardZipFile } from '../e2e/support/saveStubs';
import { watchMemory, type MemoryReport } from './browserMemory';
import { BURNED_FILES, benchCleaning, printCleaning } from './browserCleaning';
import { coresForWorkers, runFirefox, type FirefoxResult } from './firefoxRun';
import { FIREFOX_PATH } from '../e2e/firefox/firefox';

const SLICES = Number(process.env.BENCH_SLICES ?? 2000);
const SEED = 20250101;
const PASSPHRASE = 'dicomanon browser benchmark';
const GOAL_RATIO = 0.5;
const GOAL_MEMORY = 1e9;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Workers for the page (and --jobs for the CLI); unset: what the page chooses by itself. */
const WORKERS = process.env.BENCH_WORKERS ? Number(process.env.BENCH_WORKERS) : undefined;

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const rate = (bytes: number, seconds: number) => `${(bytes / 1e6 / seconds).toFixed(1)} MB/s`;

interface BrowserResult {
  readonly scanSeconds: number;
  readonly runSeconds: number;
  readonly workers: number;
  readonly archiveBytes: number;
  readonly memory: MemoryReport;
  readonly version: string;
}

async function runBrowser(study: string): Promise<BrowserResult> {
  // Launched here, not connected to: Playwright hands a local browser the folder's path, while
  // a connected one would get every file's bytes through its socket.
  const browser = await chromium.launch({ ...config.use?.launchOptions, headless: true });
  try {
    const browserPid = childBrowserPid();
    const page = await browser.newPage();
    await discardZipFile(page);
    if (WORKERS !== undefined) await addInitFunction(page, forceCores, coresForWorkers(WORKERS));
    await page.goto(BUILT_PAGE_URL);

    let t = performance.now();
    await chooseFolder(page, study, 600_000);
    const scanSeconds = (performance.now() - t) / 1000;
    await makeChoices(page, { passphrase: PASSPHRASE, save: 'Save as one .zip file' });

    const memory = watchMemory(browserPid);
    const workers = countWorkers(page);
    t = performance.now();
    await start(page);
    await waitForDone(page, 3_600_000);
    const runSeconds = (performance.now() - t) / 1000;
    const report = memory.stop();

    const counts = await doneCounts(page);
    if (counts.Written !== SLICES) throw new Error(`the page wrote ${counts.Written} of ${SLICES}`);
    const archive = await discardedBytes(page);
    if (!archive.closed) throw new Error('the page did not finish its archive');
    return {
      scanSeconds,
      runSeconds,
      workers: workers.max(),
      archiveBytes: archive.bytes,
      memory: report,
      version: browser.version(),
    };
  } finally {
    await browser.close();
  }
}

/** The Chromium that Playwright just started: a child process of this one. */
function childBrowserPid(): number {
  const pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (ppid === process.pid && cmdline.includes('chrom') && !cmdline.includes('--type=')) {
        return Number(pid);
      }
    } catch {
      // gone meanwhile
    }
  }
  throw new Error('the Chromium process was not found among the children of this one');
}

/** Runs in the page: navigator.hardwareConcurrency says `cores`. */
function forceCores(cores: number): void {
  Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => cores });
}

/** The most dedicated workers the page had at once (Playwright sees them come and go). */
function countWorkers(page: Page): { max: () => number } {
  let now = page.workers().length;
  let max = now;
  page.on('worker', (worker) => {
    max = Math.max(max, ++now);
    worker.on('close', () => now--);
  });
  return { max: () => max };
}

/** The CLI over the study, timed from spawn to exit: into a folder, or into one --zip file. */
function runCli(study: string, work: string, jobs: number, zip: boolean): number {
  const keyFile = path.join(work, 'key.txt');
  writeFileSync(keyFile, `${PASSPHRASE}\n`);
  const out = path.join(work, 'cli-out');
  const archive = path.join(work, 'cli-out.zip');
  rmSync(out, { recursive: true, force: true });
  rmSync(archive, { force: true });
  const args = [CLI, study, out, '--dicom', '--jobs', String(jobs), '--key-file', keyFile];
  if (zip) args.push('--zip', archive);
  const started = performance.now();
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 16 << 20 });
  const seconds = (performance.now() - started) / 1000;
  if (child.status !== 0) throw new Error(`the CLI failed: ${child.stderr.trim()}`);
  const written = readReport(path.join(out, 'report.json')).totals.written;
  if (written !== SLICES) throw new Error(`the CLI wrote ${written} of ${SLICES}`);
  rmSync(out, { recursive: true, force: true });
  rmSync(archive, { force: true });
  return seconds;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  requireBuilt(BUILT_PAGE, 'npx vite build');
  requireBuilt(CLI, 'npm run build:cli');
  const work = tempDir('browser-bench');
  try {
    const study = path.join(work.dir, 'study');
    mkdirSync(study);
    const started = performance.now();
    let bytes = 0;
    for (const file of makeSyntheticCtSeries({ slices: SLICES, seed: SEED })) {
      writeFileSync(path.join(study, file.name), file.bytes);
      bytes += file.bytes.length;
    }
    spawnSync('sync');
    console.log(
      `\ndicomanon browser benchmark — ${os.cpus().length} CPUs, load average ` +
        `${os.loadavg()[0]!.toFixed(2)} (timings need an otherwise idle machine); MB = 10^6 bytes\n` +
        `Synthetic CT study: ${SLICES} files, ${mb(bytes)} in one folder (generated in ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s, seed ${SEED}); ` +
        `${ROUNDS} rounds of page, CLI to a folder, CLI to a zip; medians`,
    );

    const pages: BrowserResult[] = [];
    const firefoxes: FirefoxResult[] = [];
    const withFirefox = existsSync(FIREFOX_PATH);
    const cliFolder: number[] = [];
    const cliZip: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const page = await runBrowser(study);
      pages.push(page);
      if (withFirefox) {
        const firefox = await runFirefox(study, work.dir, PASSPHRASE, SLICES, WORKERS);
        firefoxes.push(firefox);
        console.log(
          `  round ${round}: Firefox ${firefox.runSeconds.toFixed(1)} s to done, ` +
            `${firefox.savedSeconds.toFixed(1)} s to the last part on disk; tab peak ` +
            `${mb(firefox.memory.peakByKind.renderer ?? NaN)}`,
        );
      }
      cliFolder.push(runCli(study, work.dir, page.workers, false));
      cliZip.push(runCli(study, work.dir, page.workers, true));
      console.log(
        `  round ${round}: page ${page.runSeconds.toFixed(1)} s, CLI ${cliFolder.at(-1)!.toFixed(1)} s ` +
          `(folder), ${cliZip.at(-1)!.toFixed(1)} s (zip); tab peak ${mb(page.memory.peakByKind.renderer ?? NaN)}`,
      );
    }
    const first = pages[0]!;
    const workers = first.workers;
    const pageSeconds = median(pages.map((p) => p.runSeconds));
    const folderSeconds = median(cliFolder);
    const zipSeconds = median(cliZip);
    const ratio = folderSeconds / pageSeconds;
    const peak = (kind: 'renderer' | 'browser') =>
      Math.max(...pages.map((p) => p.memory.peakByKind[kind] ?? NaN));
    const tab = peak('renderer');

    console.log(`\nChromium ${first.version}, page from file://, ${workers} worker(s)`);
    console.log(
      `  scan (headers only)                  ${median(pages.map((p) => p.scanSeconds)).toFixed(1)} s`,
    );
    console.log(
      `  de-identify + zip (archive dropped)  ${pageSeconds.toFixed(1)} s  ${rate(bytes, pageSeconds)}` +
        `  (archive ${mb(first.archiveBytes)})`,
    );
    console.log(`CLI --jobs ${workers}`);
    console.log(
      `  into a folder                        ${folderSeconds.toFixed(1)} s  ${rate(bytes, folderSeconds)}`,
    );
    console.log(
      `  into one --zip file                  ${zipSeconds.toFixed(1)} s  ${rate(bytes, zipSeconds)}`,
    );
    console.log(`\nMemory during the runs, largest of the rounds (bench/browserMemory.ts)`);
    console.log(`  tab: renderer incl. its workers, peak resident set (VmHWM)  ${mb(tab)}`);
    console.log(
      `  browser process, peak resident set (VmHWM)                  ${mb(peak('browser'))}`,
    );
    console.log(
      `  all Chromium processes, largest sum of Pss                  ` +
        `${mb(Math.max(...pages.map((p) => p.memory.sampledSumAll)))} (sampled every 200 ms)`,
    );
    if (firefoxes.length > 0) printFirefox(firefoxes, bytes, zipSeconds);
    else console.log(`\nFirefox: ${FIREFOX_PATH} is not installed, no Firefox column`);
    if (BURNED_FILES > 0) printCleaning(await benchCleaning(work.dir, PASSPHRASE));
    console.log(`\nGoals (printed, not asserted):`);
    console.log(
      `  page ≥ ${GOAL_RATIO}× the CLI's throughput (CLI into a folder): ${ratio.toFixed(2)}× — ` +
        `${ratio >= GOAL_RATIO ? 'met' : 'NOT met'}` +
        ` (against the CLI into a zip, like for like: ${(zipSeconds / pageSeconds).toFixed(2)}×)`,
    );
    console.log(
      `  tab peak < ${mb(GOAL_MEMORY)}: ${mb(tab)} for a ${mb(bytes)} study — ` +
        `${tab < GOAL_MEMORY ? 'met' : 'NOT met'}`,
    );
    if (firefoxes.length > 0) {
      const ffSeconds = median(firefoxes.map((f) => f.savedSeconds));
      const ffTab = Math.max(...firefoxes.map((f) => f.memory.peakByKind.renderer ?? NaN));
      console.log(
        `  Firefox ≥ ${GOAL_RATIO}× the CLI into a zip: ${(zipSeconds / ffSeconds).toFixed(2)}× — ` +
          `${zipSeconds / ffSeconds >= GOAL_RATIO ? 'met' : 'NOT met'}`,
      );
      console.log(
        `  Firefox tab peak < ${mb(GOAL_MEMORY)}: ${mb(ffTab)} — ${ffTab < GOAL_MEMORY ? 'met' : 'NOT met'}`,
      );
    }
    console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    work.remove();
  }
}

await main();

function printFirefox(runs: FirefoxResult[], bytes: number, cliZipSeconds: number): void {
  const first = runs[0]!;
  const done = median(runs.map((r) => r.runSeconds));
  const saved = median(runs.map((r) => r.savedSeconds));
  const peak = (kind: 'renderer' | 'browser') =>
    Math.max(...runs.map((r) => r.memory.peakByKind[kind] ?? NaN));
  console.log(
    `\nFirefox ${first.version}, page from file://, ${first.workers} worker(s), download in parts`,
  );
  console.log(
    `  scan (headers only)                  ${median(runs.map((r) => r.scanSeconds)).toFixed(1)} s`,
  );
  console.log(`  de-identify to the done screen       ${done.toFixed(1)} s  ${rate(bytes, done)}`);
  console.log(
    `  ... to the last part on disk         ${saved.toFixed(1)} s  ${rate(bytes, saved)}` +
      `  (${first.parts} parts, ${mb(first.archiveBytes)}; the CLI into a zip ` +
      `${cliZipSeconds.toFixed(1)} s: ${(cliZipSeconds / saved).toFixed(2)}×)`,
  );
  console.log(`  tab: content process, peak resident set (VmHWM)  ${mb(peak('renderer'))}`);
  console.log(`  browser process, peak resident set (VmHWM)       ${mb(peak('browser'))}`);
  console.log(
    `  all Firefox processes, largest sum of Pss        ` +
      `${mb(Math.max(...runs.map((r) => r.memory.sampledSumAll)))} (sampled every 200 ms)`,
  );
}
