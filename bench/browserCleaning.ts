/**
 * The browser benchmark's Clean Pixel Data section: the page with "Remove all text in images"
 * against the CLI with `--option clean-pixel-data`, in frames a second, on the same generated
 * burned-in images (scripts/burn-text, BENCH_BURNED files, default 24; 0 leaves the section out).
 * The page is timed from the click on "De-identify" to the done screen, after the background
 * search of the images for text has ended (it runs while the user chooses); the CLI from spawn to
 * exit, with --jobs set to the workers the page ran.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, expect } from '@playwright/test';
import config from '../playwright.config';
import { generateBurned } from '../scripts/burn-text/corpus';
import { chooseFolder, doneCounts, makeChoices, start, waitForDone } from '../e2e/support/app';
import { BUILT_PAGE_URL, CLI } from '../e2e/support/paths';
import { readReport } from '../e2e/support/reports';
import { discardZipFile } from '../e2e/support/saveStubs';

export const BURNED_FILES = Number(process.env.BENCH_BURNED ?? 24);
const SEED = 1616;

export interface CleaningResult {
  readonly files: number;
  readonly frames: number;
  readonly pageSeconds: number;
  readonly pageWorkers: number;
  readonly pageWritten: number;
  readonly cliSeconds: number;
  readonly cliWritten: number;
}

export async function benchCleaning(work: string, passphrase: string): Promise<CleaningResult> {
  const folder = path.join(work, 'burned');
  const truthDir = path.join(work, 'burned-truth');
  mkdirSync(folder);
  mkdirSync(truthDir);
  const truths = generateBurned(folder, BURNED_FILES, SEED);
  for (const name of readdirSync(folder).filter((n) => n.endsWith('.json')))
    renameSync(path.join(folder, name), path.join(truthDir, name));
  const frames = truths.reduce((sum, truth) => sum + truth.frames, 0);

  const browser = await chromium.launch({ ...config.use?.launchOptions, headless: true });
  let page: { seconds: number; workers: number; written: number };
  try {
    const tab = await browser.newPage();
    await discardZipFile(tab);
    await tab.goto(BUILT_PAGE_URL);
    await chooseFolder(tab, folder, 600_000);
    await expect(tab.getByText('The images of every series were checked for text.')).toBeVisible({
      timeout: 600_000,
    });
    await makeChoices(tab, {
      passphrase,
      save: 'Save as one .zip file',
      textInImages: 'Remove all text in images',
    });
    // Only the run's workers: the search's workers are still there, and stop as the run starts.
    let now = 0;
    let workers = 0;
    tab.on('worker', (worker) => {
      workers = Math.max(workers, ++now);
      worker.on('close', () => now--);
    });
    const started = performance.now();
    await start(tab);
    await waitForDone(tab, 3_600_000);
    const seconds = (performance.now() - started) / 1000;
    // A pool made before the click and reused would count 0: then the cleaning budget's two.
    page = { seconds, workers: workers || 2, written: (await doneCounts(tab)).Written ?? 0 };
  } finally {
    await browser.close();
  }

  const keyFile = path.join(work, 'burned-key.txt');
  writeFileSync(keyFile, `${passphrase}\n`);
  const out = path.join(work, 'burned-cli-out');
  const args = [CLI, folder, out, '--dicom', '--jobs', String(page.workers), '--key-file', keyFile];
  const started = performance.now();
  const child = spawnSync(process.execPath, [...args, '--option', 'clean-pixel-data'], {
    encoding: 'utf8',
    maxBuffer: 16 << 20,
  });
  const cliSeconds = (performance.now() - started) / 1000;
  // Exit 1: a file was quarantined (text still readable after cleaning); the run is complete.
  if (child.status !== 0 && child.status !== 1) throw new Error(`the CLI failed: ${child.stderr}`);
  const cliWritten = readReport(path.join(out, 'report.json')).totals.written;
  rmSync(out, { recursive: true, force: true });
  return {
    files: truths.length,
    frames,
    pageSeconds: page.seconds,
    pageWorkers: page.workers,
    pageWritten: page.written,
    cliSeconds,
    cliWritten,
  };
}

export function printCleaning(result: CleaningResult): void {
  const fps = (seconds: number) => `${(result.frames / seconds).toFixed(1)} frames/s`;
  console.log(
    `\nClean Pixel Data: ${result.files} generated burned-in images, ${result.frames} frames ` +
      `(scripts/burn-text, seed ${SEED}); "Remove all text in images" / --option clean-pixel-data`,
  );
  console.log(
    `  page, ${result.pageWorkers} worker(s)                   ${result.pageSeconds.toFixed(1)} s  ` +
      `${fps(result.pageSeconds)}  (${result.pageWritten} written)`,
  );
  console.log(
    `  CLI --jobs ${result.pageWorkers}, into a folder           ${result.cliSeconds.toFixed(1)} s  ` +
      `${fps(result.cliSeconds)}  (${result.cliWritten} written)`,
  );
  console.log(
    `  page / CLI                              ${(result.cliSeconds / result.pageSeconds).toFixed(2)}×`,
  );
}
