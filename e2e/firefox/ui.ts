/**
 * Drives the app in Firefox the way e2e/support/app.ts does in Chromium: by the labels and
 * buttons on the screen (puppeteer's ARIA selectors, answered by Firefox's accessibility tree).
 */
import type { ElementHandle, Page } from 'puppeteer-core';
import type { Firefox } from './firefox';

/** The control whose accessible name is exactly `name` (and of `role`, when given). */
export function byName(name: string, role?: string): string {
  const quoted = JSON.stringify(name);
  return role ? `::-p-aria([name=${quoted}][role="${role}"])` : `::-p-aria(${quoted})`;
}

export async function click(page: Page, name: string, role = 'button'): Promise<void> {
  const handle = await page.waitForSelector(byName(name, role), { visible: true });
  await handle!.click();
}

/** Ticks a checkbox or radio button by its label, unless it is ticked already. */
export async function check(page: Page, label: string, checked = true): Promise<void> {
  const handle = (await page.waitForSelector(byName(label))) as ElementHandle<HTMLInputElement>;
  if ((await handle.evaluate((input) => input.checked)) !== checked) await handle.click();
}

/** The input a <label> with exactly this text is for. */
export async function fieldByLabel(
  page: Page,
  label: string,
): Promise<ElementHandle<HTMLInputElement>> {
  const handle = await page.waitForFunction(
    (text) => {
      const found = [...document.querySelectorAll('label')].find((l) => l.textContent === text);
      return found?.htmlFor ? document.getElementById(found.htmlFor) : undefined;
    },
    {},
    label,
  );
  return handle as ElementHandle<HTMLInputElement>;
}

export async function isChecked(page: Page, label: string): Promise<boolean> {
  const handle = (await page.waitForSelector(byName(label))) as ElementHandle<HTMLInputElement>;
  return handle.evaluate((input) => input.checked);
}

export async function isDisabled(page: Page, label: string): Promise<boolean> {
  const handle = (await page.waitForSelector(byName(label))) as ElementHandle<HTMLInputElement>;
  return handle.evaluate((input) => input.disabled);
}

/** Waits until some element's text matches `pattern`, and returns that text. */
export async function waitForText(page: Page, pattern: RegExp, timeout = 30_000): Promise<string> {
  const handle = await page.waitForFunction(
    (source, flags) => {
      const wanted = new RegExp(source, flags);
      const all = [...document.querySelectorAll('h1, h2, h3, p, [role="status"], dd, li')];
      return all.map((e) => e.textContent ?? '').find((text) => wanted.test(text));
    },
    { timeout, polling: 50 },
    pattern.source,
    pattern.flags,
  );
  return (await handle.jsonValue()) as string;
}

/** "Choose folder", the folder dialog answered with `folder`, and the review screen. */
export async function chooseFolder(ff: Firefox, folder: string, timeout = 120_000): Promise<void> {
  await ff.answerFolderDialogWith(folder);
  await click(ff.page, 'Choose folder');
  await ff.page.waitForSelector(byName('What was found', 'heading'), { timeout });
}

export interface Choices {
  readonly passphrase: string;
  readonly selectAll?: boolean;
  readonly nifti?: boolean;
}

/** The review screen's choices, saving by "Download in parts" (the only way in Firefox). */
export async function makeChoices(page: Page, choices: Choices): Promise<void> {
  if (choices.selectAll) await click(page, 'Select all series');
  if (choices.nifti) await check(page, 'NIfTI');
  await check(page, 'Basic — recommended');
  await check(page, 'Remove dates');
  await check(page, 'Use a passphrase');
  await (await fieldByLabel(page, 'Passphrase')).type(choices.passphrase);
  await check(page, 'Download in parts');
  // Clean Pixel Data is on by default (issue 16); the corpus specs compare with the CLI run
  // without it, as e2e/support/app.ts's makeChoices does.
  await check(page, 'Do not change the images');
  await check(page, 'Also let me download the mapping tables (they re-identify the data)', false);
}

export async function start(page: Page): Promise<void> {
  const button = await page.waitForSelector('button::-p-text(De-identify )');
  await page.waitForFunction((b) => !(b as HTMLButtonElement).disabled, {}, button);
  await button!.click();
}

export async function waitForDone(page: Page, timeout: number): Promise<void> {
  await waitForText(page, /^Finished/, timeout);
}

/** The counts on the done screen: Written, Skipped, Failed, "Left out by you". */
export async function doneCounts(page: Page): Promise<Record<string, number>> {
  return page.$$eval('dl.counts > div', (items) =>
    Object.fromEntries(
      items.map((item) => [
        item.querySelector('dt')?.textContent ?? '',
        Number((item.querySelector('dd')?.textContent ?? '').replace(/[^0-9]/g, '')),
      ]),
    ),
  );
}

/** "Files: 12 of 300" on the processing screen (undefined before the first report). */
export async function filesProgress(
  page: Page,
): Promise<{ done: number; total: number } | undefined> {
  const text = await page.$$eval('dl.stats > div', (items) => {
    const files = items.find((item) => item.querySelector('dt')?.textContent === 'Files');
    return files?.querySelector('dd')?.textContent ?? '';
  });
  const match = /([\d,]+) of ([\d,]+)/.exec(text);
  if (!match) return undefined;
  const number = (s: string) => Number(s.replace(/,/g, ''));
  return { done: number(match[1]!), total: number(match[2]!) };
}
