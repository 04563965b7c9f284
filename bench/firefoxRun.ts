/**
 * The browser benchmark's Firefox column: Debian's Firefox ESR (e2e/firefox/firefox.ts) on the
 * same study, through the same screens. Firefox has no save dialogs for pages, so the output is
 * downloaded in parts, as a user of Firefox gets it: timed from the click on "De-identify" to
 * the done screen, and to the moment the last part is on disk. Memory as for Chromium
 * (bench/browserMemory.ts): the tab is the content process that shows the page.
 */
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { BUILT_PAGE_URL } from '../e2e/support/paths';
import { launchFirefox, downloadedParts } from '../e2e/firefox/firefox';
import { chooseFolder, doneCounts, makeChoices, start, waitForDone } from '../e2e/firefox/ui';
import { defaultWorkerCount } from '../src/app/pipeline/workerCount';
import { watchMemory, type MemoryReport } from './browserMemory';

/**
 * What navigator.hardwareConcurrency must say for the page to start `workers` workers
 * (src/app/pipeline/workerCount.ts: two on two processors, one fewer than the processors beyond).
 */
export function coresForWorkers(workers: number): number {
  return workers <= 2 ? workers : workers + 1;
}

export interface FirefoxResult {
  readonly version: string;
  readonly scanSeconds: number;
  /** Click on "De-identify" to the done screen. */
  readonly runSeconds: number;
  /** Click on "De-identify" to the last part written to disk by Firefox. */
  readonly savedSeconds: number;
  readonly workers: number;
  readonly parts: number;
  readonly archiveBytes: number;
  readonly memory: MemoryReport;
}

export async function runFirefox(
  study: string,
  work: string,
  passphrase: string,
  expectedFiles: number,
  workers?: number,
): Promise<FirefoxResult> {
  const downloads = path.join(work, 'firefox-downloads');
  rmSync(downloads, { recursive: true, force: true });
  const ff = await launchFirefox(downloads);
  try {
    const { page } = ff;
    if (workers !== undefined) {
      await page.evaluateOnNewDocument((cores) => {
        Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => cores });
      }, coresForWorkers(workers));
    }
    await page.goto(BUILT_PAGE_URL);
    let t = performance.now();
    await chooseFolder(ff, study, 600_000);
    const scanSeconds = (performance.now() - t) / 1000;
    await makeChoices(page, { passphrase });
    const pageWorkers = defaultWorkerCount(
      await page.evaluate(() => navigator.hardwareConcurrency),
    );

    const memory = watchMemory(ff.pid);
    t = performance.now();
    await start(page);
    await waitForDone(page, 3_600_000);
    const runSeconds = (performance.now() - t) / 1000;
    const parts = await downloadedParts(downloads, 600_000);
    const savedSeconds = (performance.now() - t) / 1000;
    const report = memory.stop();

    const counts = await doneCounts(page);
    if (counts.Written !== expectedFiles) {
      throw new Error(`Firefox wrote ${counts.Written} of ${expectedFiles}`);
    }
    const archiveBytes = parts.reduce((sum, part) => sum + statSync(part.file).size, 0);
    return {
      version: ff.version,
      scanSeconds,
      runSeconds,
      savedSeconds,
      workers: pageWorkers,
      parts: parts.length,
      archiveBytes,
      memory: report,
    };
  } finally {
    await ff.close();
    rmSync(downloads, { recursive: true, force: true });
  }
}
