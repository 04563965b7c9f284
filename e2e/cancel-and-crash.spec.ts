/**
 * Runs that do not go to plan: the user cancels in the middle, and workers that die or hang on
 * one file (the test hooks of src/app/pipeline/testHooks.ts, set before the page loads). A
 * cancel must return to the review screen within a second, with a notice, and leave the page
 * ready for a new run; a worker lost on a file must cost that file and nothing else.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { makeSyntheticCtSeries } from '../scripts/makeSyntheticCtSeries';
import {
  chooseFolder,
  doneCounts,
  filesProgress,
  makeChoices,
  notWrittenRows,
  start,
  waitForDone,
} from './support/app';
import { watchNetwork } from './support/network';
import { zipEntries, zipProblem, zipText } from './support/oracle';
import { BUILT_PAGE_URL, tempDir } from './support/paths';
import { captureZipFiles } from './support/saveStubs';

const PASSPHRASE = 'cancel and crash e2e';
/** src/app/state.ts CANCELLED_RUN_NOTICE, the start of it. */
const CANCELLED = 'De-identification was cancelled.';

let work: ReturnType<typeof tempDir>;
test.beforeAll(() => {
  work = tempDir('e2e-cancel');
});
test.afterAll(() => work?.remove());

/**
 * Clicks Cancel on the processing screen; returns the milliseconds from the click to the
 * cancel notice on the review screen, both timed in the page (no polling delay in between).
 */
async function cancelAndTime(page: Page): Promise<number> {
  await page.evaluate((notice) => {
    const marks: Record<string, number> = {};
    Reflect.set(globalThis, '__e2eCancelMarks', marks);
    document.addEventListener(
      'click',
      (event) => {
        if ((event.target as Element).closest('button')?.textContent === 'Cancel') {
          marks.clicked ??= performance.now();
        }
      },
      { capture: true },
    );
    new MutationObserver(() => {
      if (marks.clicked !== undefined && document.body.textContent?.includes(notice)) {
        marks.notice ??= performance.now();
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  }, CANCELLED);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('status').filter({ hasText: CANCELLED })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'What was found' })).toBeVisible();
  const marks = (await page.evaluate(() => Reflect.get(globalThis, '__e2eCancelMarks'))) as {
    clicked?: number;
    notice?: number;
  };
  expect(marks.clicked, 'the click on Cancel was seen').toBeDefined();
  expect(marks.notice, 'the notice appeared').toBeDefined();
  return marks.notice! - marks.clicked!;
}

/** Waits until the page has no worker left; returns how long that took (fails after `ms`). */
async function workersGoneAfter(page: Page, ms: number): Promise<number> {
  const started = Date.now();
  await expect.poll(() => page.workers().length, { timeout: ms, intervals: [50] }).toBe(0);
  return Date.now() - started;
}

/** A generated CT series of `slices` files (CT000001.dcm, ...) in a new folder. */
function ctFolder(name: string, slices: number): string {
  const dir = path.join(work.dir, name);
  mkdirSync(dir);
  for (const file of makeSyntheticCtSeries({ slices, seed: slices })) {
    writeFileSync(path.join(dir, file.name), file.bytes);
  }
  return dir;
}

async function setHooks(page: Page, hooks: Record<string, string | number>): Promise<void> {
  await page.addInitScript((value) => {
    Reflect.set(globalThis, '__DICOMANON_TEST_HOOKS__', value);
  }, hooks);
}

test('Cancel stops a run within a second, says so, and a new run then works', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const SLICES = 300; // ≈ 158 MB: several seconds of work on two cores
  const folder = ctFolder('cancel', SLICES);
  const network = watchNetwork(context);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const capture = await captureZipFiles(page, work.dir);

  await page.goto(BUILT_PAGE_URL);
  await chooseFolder(page, folder);
  await makeChoices(page, { passphrase: PASSPHRASE, save: 'Save as one .zip file' });
  await start(page);

  // Mid-run: some files are done, most are not.
  await expect
    .poll(async () => (await filesProgress(page))?.done ?? 0, { intervals: [50] })
    .toBeGreaterThanOrEqual(10);
  const before = await filesProgress(page);
  expect(before!.done).toBeLessThan(SLICES / 2);
  expect(page.workers().length).toBeGreaterThan(0);

  const cancelMs = await cancelAndTime(page);
  console.log(
    `cancel mid-run: back on the review screen ${cancelMs.toFixed(0)} ms after the click`,
  );
  expect(cancelMs).toBeLessThan(1000);

  // The unfinished archive was given up (a real file picker's stream discards it).
  const first = await capture.archive(1);
  await expect(first.closed).rejects.toThrow(/aborted/);

  // Every worker was stopped, and nothing moves any more: the screen stays as it is.
  await workersGoneAfter(page, 2000);
  await page.waitForTimeout(1000);
  await expect(page.getByRole('heading', { name: 'What was found' })).toBeVisible();

  // The choices are kept; a new run goes through to the end.
  await expect(page.getByLabel('Passphrase', { exact: true })).toHaveValue(PASSPHRASE);
  await start(page);
  await waitForDone(page, 90_000);
  const second = await capture.archive(2);
  await second.closed;
  expect(await doneCounts(page)).toEqual({
    Written: SLICES,
    Skipped: 0,
    Failed: 0,
    'Left out by you': 0,
  });
  expect(zipProblem(second.file)).toBeUndefined();
  expect(zipEntries(second.file)).toHaveLength(SLICES + 2);
  expect(capture.archives).toHaveLength(2);

  expect(network.remote()).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test('Cancel stops a run within a second even while a worker is stuck in a loop', async ({
  page,
  context,
}) => {
  test.setTimeout(60_000);
  const folder = ctFolder('cancel-hung', 20);
  const network = watchNetwork(context);
  await captureZipFiles(page, work.dir);
  // The third file spins forever, and the per-file timeout is far away: only Cancel can end it.
  await setHooks(page, { hangOn: 'CT000003', fileTimeoutMs: 600_000 });

  await page.goto(BUILT_PAGE_URL);
  await chooseFolder(page, folder);
  await makeChoices(page, { passphrase: PASSPHRASE, save: 'Save as one .zip file' });
  await start(page);
  await expect.poll(async () => (await filesProgress(page))?.done, { intervals: [50] }).toBe(2);
  await page.waitForTimeout(500);
  expect((await filesProgress(page))?.done).toBe(2);

  const cancelMs = await cancelAndTime(page);
  console.log(
    `cancel of a hung worker: back on the review screen ${cancelMs.toFixed(0)} ms after the click`,
  );
  expect(cancelMs).toBeLessThan(1000);
  // terminate() cannot interrupt a worker that never yields at once: Chromium stops its
  // script by force a little later (blink's WorkerThread waits 2 s for it to finish its task).
  const goneMs = await workersGoneAfter(page, 5000);
  console.log(`cancel of a hung worker: the worker was gone ${goneMs} ms after the notice`);
  expect(network.remote()).toEqual([]);
});

/** Each hook stops the worker on one file in its own way; the run must go on without it. */
const LOST_WORKERS = [
  {
    what: 'a worker that is killed mid-file (it closes itself: no error, no answer)',
    hooks: { killOn: 'CT000007' },
    reason: /the worker stopped while on this file \(it ended unexpectedly\)/,
  },
  {
    what: 'a worker that crashes mid-file (an uncaught error)',
    hooks: { crashOn: 'CT000007' },
    reason: /the worker stopped while on this file \(an error in the worker.*\)/,
  },
  {
    what: 'a file that needs a buffer larger than the machine can give',
    hooks: { bufferFailOn: 'CT000007' },
    reason:
      /^ran out of memory while being processed \(a buffer of the size it needed could not be allocated\)$/,
  },
  {
    what: 'a worker stuck in a loop mid-file (stopped by the per-file timeout)',
    hooks: { hangOn: 'CT000007', fileTimeoutMs: 2000 },
    reason: /took longer than 2 s and was stopped/,
  },
] as const;

const LOST_SLICES = 30;

for (const { what, hooks, reason } of LOST_WORKERS) {
  test(`${what} costs that file only`, async ({ page, context }) => {
    test.setTimeout(60_000);
    const folder = ctFolder(`lost-${Object.keys(hooks)[0]}`, LOST_SLICES);
    const network = watchNetwork(context);
    const capture = await captureZipFiles(page, work.dir);
    await setHooks(page, hooks);

    await page.goto(BUILT_PAGE_URL);
    await chooseFolder(page, folder);
    await makeChoices(page, { passphrase: PASSPHRASE, save: 'Save as one .zip file' });
    await start(page);
    await waitForDone(page, 45_000);
    await expect(page.getByRole('heading', { name: /^Finished, with some files/ })).toBeVisible();
    expect(await doneCounts(page)).toEqual({
      Written: LOST_SLICES - 1,
      Skipped: 0,
      Failed: 1,
      'Left out by you': 0,
    });
    const rows = await notWrittenRows(page);
    expect(rows).toEqual([
      {
        file: `${path.basename(folder)}/CT000007.dcm`,
        result: 'Failed',
        why: expect.stringMatching(reason),
      },
    ]);

    // Every other file is in the archive; the report says why the one is not.
    const archive = await capture.archive(1);
    await archive.closed;
    expect(zipProblem(archive.file)).toBeUndefined();
    const entries = zipEntries(archive.file);
    expect(entries.filter((entry) => entry.endsWith('.dcm'))).toHaveLength(LOST_SLICES - 1);
    expect(entries.slice(-2)).toEqual(['report.json', 'report.csv']);
    const report = JSON.parse(zipText(archive.file, 'report.json')) as {
      files: Array<{ input: string; status: string; reason: string }>;
    };
    expect(report.files.filter((row) => row.status !== 'written')).toEqual([
      expect.objectContaining({
        input: 'input-000007',
        status: 'failed',
        reason: expect.stringMatching(reason),
      }),
    ]);
    // The pool is gone with the run: no worker is left behind, the replaced one included (a
    // worker stuck in a loop takes Chromium about 2 s to stop, see above).
    await workersGoneAfter(page, 5000);
    expect(network.remote()).toEqual([]);
  });
}
