/** Drives the app the way a user does: by the labels and buttons on the screen. */
import { expect, type Page } from '@playwright/test';

export type SaveLabel = 'Save as one .zip file' | 'Save into a folder' | 'Download in parts';

/** Chooses a folder with the "Choose folder" input (webkitdirectory) and waits for the review. */
export async function chooseFolder(page: Page, folder: string, timeout = 60_000): Promise<void> {
  await page.getByLabel('Choose folder', { exact: true }).setInputFiles(folder);
  await expect(page.getByRole('heading', { name: 'What was found' })).toBeVisible({ timeout });
}

/**
 * Waits until the background search of each series' images for text has ended (the review
 * screen's status line). Its end re-renders the series rows: a Preview button clicked just then
 * can be replaced under the click, and nothing opens (seen in Firefox on a loaded machine).
 */
export async function waitForSampling(page: Page, timeout = 120_000): Promise<void> {
  await expect(page.getByText(/^Checking the images of each series for text/)).toHaveCount(0, {
    timeout,
  });
}

export interface RunChoices {
  readonly passphrase: string;
  readonly save: SaveLabel;
  /** Tick every series (all are ticked at first; a spec may have unticked some). */
  readonly selectAll?: boolean;
  readonly mapping?: boolean;
  /**
   * Clean Pixel Data. Default 'Do not change the images': the corpus specs compare the page's
   * bytes with the CLI run without --option clean-pixel-data; specs about cleaning ask for it.
   */
  readonly textInImages?: TextInImagesLabel;
}

export type TextInImagesLabel =
  'Remove all text in images' | 'Keep labels and measurements' | 'Do not change the images';

/** Makes the choices on the review screen; returns the start button's text. */
export async function makeChoices(page: Page, choices: RunChoices): Promise<string> {
  if (choices.selectAll) {
    await page.getByRole('button', { name: 'Select all series' }).click();
  }
  await page.getByLabel('Basic — recommended').check();
  await page.getByLabel('Remove dates').check();
  await page.getByLabel('Use a passphrase').check();
  await page.getByLabel('Passphrase', { exact: true }).fill(choices.passphrase);
  await page.getByLabel(choices.save).check();
  await page.getByLabel(choices.textInImages ?? 'Do not change the images').check();
  const mapping = page.getByLabel(/Also let me download the mapping tables/);
  if (choices.mapping) await mapping.check();
  else await mapping.uncheck();
  const start = page.getByRole('button', { name: /^De-identify / });
  await expect(start).toBeEnabled();
  return (await start.textContent()) ?? '';
}

export async function start(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^De-identify / }).click();
}

export async function waitForDone(page: Page, timeout: number): Promise<void> {
  await expect(page.getByRole('heading', { name: /^Finished/ })).toBeVisible({ timeout });
}

/** The counts on the done screen: Written, Skipped, Failed, "Left out by you". */
export async function doneCounts(page: Page): Promise<Record<string, number>> {
  return page
    .locator('dl.counts > div')
    .evaluateAll((items) =>
      Object.fromEntries(
        items.map((item) => [
          item.querySelector('dt')?.textContent ?? '',
          Number((item.querySelector('dd')?.textContent ?? '').replace(/[^0-9]/g, '')),
        ]),
      ),
    );
}

/** The rows of the done screen's table of files that were not written. */
export async function notWrittenRows(
  page: Page,
): Promise<Array<{ file: string; result: string; why: string }>> {
  const table = page.getByRole('table', { name: 'Files that were not written' });
  if ((await table.count()) === 0) return [];
  return table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((row) => {
      const cells = [...row.querySelectorAll('td')].map((td) => td.textContent ?? '');
      return { file: cells[0] ?? '', result: cells[1] ?? '', why: cells[2] ?? '' };
    }),
  );
}

/** "Files: 12 of 300" on the processing screen, as numbers (undefined before the first report). */
export async function filesProgress(
  page: Page,
): Promise<{ done: number; total: number } | undefined> {
  const text = await page
    .locator('dl.stats > div', { has: page.locator('dt', { hasText: /^Files$/ }) })
    .locator('dd')
    .textContent();
  const match = /([\d,]+) of ([\d,]+)/.exec(text ?? '');
  if (!match) return undefined;
  const number = (s: string) => Number(s.replace(/,/g, ''));
  return { done: number(match[1]!), total: number(match[2]!) };
}
