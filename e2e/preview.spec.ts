/**
 * The preview pane on the built page (file://) at 1280×720: a series of real files from
 * ../shared/data is chosen, "Preview" opens the tag table. It shows PatientName before and
 * after with the action, opens nested sequences, decodes Japanese, never runs markup planted
 * in a tag, and stays a few dozen DOM rows for a file of sixty thousand elements. Screenshots
 * of each state are attached to the test results for layout review.
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, test, type Locator, type Page, type TestInfo } from '@playwright/test';
import { deidentifyWithPreview } from '../src/core/deid/preview';
import { createDeidentifier } from '../src/core/deid/deidentifier';
import { keyFromPassphrase, webCryptoKeyedHash } from '../src/core/deid/keys';
import { findElement } from '../src/core/dicom/dataset';
import { newItem, putElement, putSequence } from '../src/core/dicom/edit';
import { readDicom } from '../src/core/dicom/readDicom';
import { encodeTextValue, setText } from '../src/core/dicom/values';
import { writeDicom } from '../src/core/dicom/writer';
import { waitForSampling } from './support/app';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PAGE = pathToFileURL(path.join(ROOT, 'dist', 'index.html')).href;
const CORPUS = path.resolve(ROOT, '../shared/data');
const CT_SMALL = path.join(CORPUS, 'pydicom/src/pydicom/data/test_files/CT_small.dcm');
const CHR_H31 = path.join(CORPUS, 'pydicom/src/pydicom/data/charset_files/chrH31.dcm');
/** Five files of one CT series. */
const CT5N = path.join(CORPUS, 'pydicom/src/pydicom/data/test_files/dicomdirtests/98892001/CT5N');
const JAPANESE_NAME = 'Yamada^Tarou=山田^太郎=やまだ^たろう';
const MARKUP = '<img src=x onerror=window.__xss=1>';
/** In a kept element: different from the name, which must not reappear (the leak check). */
const KEPT_MARKUP = '<svg onload=self.__pwned=3>Maker</svg>';
const PASSPHRASE = 'preview passphrase for e2e';
const MANY_ITEMS = 20_000;

test.use({ viewport: { width: 1280, height: 720 } });

const work = mkdtempSync(path.join(os.tmpdir(), 'dicomanon-e2e-preview-'));
const folders = { ct: '', japanese: '', markup: '', large: '', series: '' };

test.beforeAll(() => {
  const folder = (name: string) => {
    const dir = path.join(work, name);
    mkdirSync(dir);
    return dir;
  };
  folders.ct = folder('ct');
  copyFileSync(CT_SMALL, path.join(folders.ct, 'CT_small.dcm'));
  folders.series = folder('series');
  for (const name of readdirSync(CT5N))
    copyFileSync(path.join(CT5N, name), path.join(folders.series, name));
  folders.japanese = folder('japanese');
  copyFileSync(CHR_H31, path.join(folders.japanese, 'chrH31.dcm'));

  // CT_small with markup in a name, a kept description and a long comment, by our writer.
  const file = readDicom(new Uint8Array(readFileSync(CT_SMALL)));
  const set = (tag: number, text: string) =>
    setText(file.dataset, findElement(file.dataset, tag)!, text);
  set(0x00100010, MARKUP);
  set(0x00080070, KEPT_MARKUP); // Manufacturer: kept by the basic profile
  putElement(
    file.dataset,
    0x00204000,
    'LT',
    encodeTextValue(file.dataset, 'LT', `${MARKUP}<script>window.__xss=2</script>`),
  );
  folders.markup = folder('markup');
  writeFileSync(path.join(folders.markup, 'markup.dcm'), writeDicom(file));

  // A sequence of twenty thousand items: sixty thousand rows once opened.
  const big = readDicom(new Uint8Array(readFileSync(CT_SMALL)));
  const items = Array.from({ length: MANY_ITEMS }, (_, i) => {
    const item = newItem(big.dataset);
    putElement(item, 0x00081150, 'UI', encodeTextValue(item, 'UI', '1.2.840.10008.5.1.4.1.1.2'));
    putElement(item, 0x00081155, 'UI', encodeTextValue(item, 'UI', `1.2.3.4.${i + 1}`));
    return item;
  });
  putSequence(big.dataset, 0x00081140, items); // Referenced Image Sequence
  folders.large = folder('large');
  writeFileSync(path.join(folders.large, 'large.dcm'), writeDicom(big));
});

test.afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Opens the page, chooses the folder and opens the preview of its (only) series. */
async function openPreview(page: Page, folder: string, passphrase?: string): Promise<Locator> {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(PAGE);
  await page.getByLabel('Choose folder', { exact: true }).setInputFiles(folder);
  await expect(page.getByRole('heading', { name: 'What was found' })).toBeVisible();
  await waitForSampling(page);
  if (passphrase !== undefined) {
    await page.getByLabel('Use a passphrase').check();
    await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  }
  await page
    .getByRole('button', { name: /^Preview series/ })
    .first()
    .click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('status')).toContainText('elements change', { timeout: 30_000 });
  expect(errors).toEqual([]);
  return dialog;
}

/**
 * The table row of an element, by its keyword. Only the rows in view are in the page: filter
 * first (findRow) for one further down.
 */
const rowOf = (dialog: Locator, name: string) =>
  dialog
    .getByRole('row')
    .filter({ has: dialog.page().getByRole('gridcell', { name, exact: true }) });

/** Filters the table down to `filter` and returns the row of the element named `name`. */
async function findRow(dialog: Locator, filter: string, name: string): Promise<Locator> {
  await dialog.getByLabel('Filter').fill(filter);
  const row = rowOf(dialog, name);
  await expect(row).toHaveCount(1);
  return row;
}

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

test("CT_small: PatientName's original, its replacement and the action", async ({
  page,
}, testInfo) => {
  const dialog = await openPreview(page, folders.ct);
  await screenshot(page, testInfo, 'preview-ct-small-top');
  const name = await findRow(dialog, '0010,0010', 'PatientName');
  const cells = name.getByRole('gridcell');
  await expect(cells.nth(0)).toHaveText('(0010,0010)');
  await expect(cells.nth(2)).toHaveText('PN');
  await expect(cells.nth(3)).toHaveText('CompressedSamples^CT1');
  await expect(cells.nth(4)).toHaveText(/^ANON[0-9A-Z]{10}$/);
  await expect(cells.nth(5)).toHaveText('Replaced');
  // No key was set: the pseudonym is an example, and the pane says so.
  await expect(dialog.getByText('No key is set yet')).toBeVisible();
  await expect(dialog.getByRole('row')).toHaveCount(2); // the header and PatientName
  await screenshot(page, testInfo, 'preview-ct-small-filtered');

  // "Changed only" keeps the name and drops what is kept.
  await dialog.getByLabel('Filter').fill('');
  await expect(rowOf(dialog, 'SpecificCharacterSet')).toHaveCount(1);
  await dialog.getByLabel('Changed only').check();
  await expect(rowOf(dialog, 'SpecificCharacterSet')).toHaveCount(0);
  await expect(rowOf(dialog, 'InstanceCreationDate')).toHaveCount(1);
  await screenshot(page, testInfo, 'preview-changed-only');

  await dialog.getByRole('button', { name: 'Close preview' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: /^Preview series/ })).toBeFocused();
});

test('with a passphrase, the preview shows the values the export writes', async ({ page }) => {
  const dialog = await openPreview(page, folders.ct, PASSPHRASE);
  await expect(dialog.getByText('No key is set yet')).toHaveCount(0);
  const deidentifier = createDeidentifier(
    { base: 'basic', options: [] },
    await webCryptoKeyedHash(await keyFromPassphrase(PASSPHRASE)),
  );
  const { rows } = await deidentifyWithPreview(
    deidentifier,
    new Uint8Array(readFileSync(CT_SMALL)),
  );
  for (const keyword of ['PatientName', 'SOPInstanceUID', 'StudyInstanceUID']) {
    const expected = rows.find((r) => r.keyword === keyword && r.depth === 0)!;
    const row = await findRow(dialog, expected.tag, keyword);
    await expect(row.getByRole('gridcell').nth(4)).toHaveText(expected.newText!);
  }
});

test('a nested sequence item opens, by mouse and by keyboard', async ({ page }, testInfo) => {
  const dialog = await openPreview(page, folders.ct);
  // Found by the filter, then looked into.
  await dialog.getByLabel('Filter').fill('OtherPatientIDs');
  await dialog.getByRole('button', { name: 'Expand OtherPatientIDsSequence' }).click();
  await expect(dialog.getByRole('row', { name: /Item 1/ })).toBeVisible();
  await dialog.getByRole('button', { name: 'Expand Item 1 of OtherPatientIDsSequence' }).click();
  const inner = dialog.getByRole('row').filter({ hasText: 'ABCD1234' });
  await expect(inner).toHaveCount(1);
  await expect(inner).toHaveAttribute('aria-level', '3');
  await expect(inner.getByRole('gridcell').nth(5)).toHaveText('Removed');
  await inner.click();
  await expect(dialog.getByRole('region', { name: 'Chosen element' })).toContainText(
    '(0010,1002)[0].(0010,0020)',
  );
  await screenshot(page, testInfo, 'preview-nested-open');

  // Keyboard: Left goes up to the item and closes it; End and Home reach the ends.
  const grid = dialog.getByRole('treegrid');
  await expect(grid).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(inner).toHaveCount(0);
  await page.keyboard.press('ArrowRight');
  await expect(inner).toHaveCount(1);
  await dialog.getByLabel('Filter').fill('');
  await grid.focus();
  await page.keyboard.press('End');
  await expect(dialog.getByRole('row', { selected: true })).toContainText('(FFFC,FFFC)');
  await page.keyboard.press('Home');
  await expect(dialog.getByRole('row', { selected: true })).toContainText('(0002,0000)');
});

test('the file picker moves through the files of the series', async ({ page }, testInfo) => {
  const dialog = await openPreview(page, folders.series);
  const path = dialog.getByText(/^File: /);
  const picker = dialog.getByRole('group', { name: 'File of this series' });
  await expect(picker.getByRole('spinbutton')).toHaveValue('1');
  await expect(picker).toContainText('of 5');
  const first = await path.textContent();
  const uid = async () => {
    const row = await findRow(dialog, '0008,0018', 'SOPInstanceUID');
    return row.getByRole('gridcell').nth(3).textContent();
  };
  const firstUid = await uid();
  await picker.getByRole('button', { name: 'Next file' }).click();
  await expect(dialog.getByRole('status')).toContainText('elements change');
  await expect(path).not.toHaveText(first!);
  expect(await uid()).not.toBe(firstUid);
  await picker.getByRole('spinbutton').fill('5');
  await expect(picker.getByRole('button', { name: 'Next file' })).toBeDisabled();
  await expect(dialog.getByRole('status')).toContainText('elements change');
  await screenshot(page, testInfo, 'preview-series-file-5');
  await picker.getByRole('button', { name: 'Previous file' }).click();
  await expect(picker.getByRole('spinbutton')).toHaveValue('4');
});

test('a Japanese file (ISO 2022 IR 87) shows the right characters', async ({ page }, testInfo) => {
  const dialog = await openPreview(page, folders.japanese);
  const cells = (await findRow(dialog, 'PatientName', 'PatientName')).getByRole('gridcell');
  await expect(cells.nth(3)).toHaveText(JAPANESE_NAME);
  await expect(cells.nth(5)).toHaveText('Replaced');
  await screenshot(page, testInfo, 'preview-japanese');
});

test('markup in tag values is shown as text and never runs', async ({ page }, testInfo) => {
  const dialog = await openPreview(page, folders.markup);
  await dialog.getByLabel('Filter').fill('onerror');
  await expect(rowOf(dialog, 'PatientName').getByRole('gridcell').nth(3)).toHaveText(MARKUP);
  await expect(rowOf(dialog, 'ImageComments')).toHaveCount(1);
  await expect(dialog.getByRole('row')).toHaveCount(3); // the header, the name, the comment
  const maker = await findRow(dialog, 'onload', 'Manufacturer');
  await expect(maker.getByRole('gridcell').nth(4)).toHaveText(KEPT_MARKUP);
  const comments = await findRow(dialog, 'ImageComments', 'ImageComments');
  await comments.click();
  await expect(dialog.getByRole('region', { name: 'Chosen element' })).toContainText(
    '<script>window.__xss=2</script>',
  );
  await screenshot(page, testInfo, 'preview-markup');
  await page.waitForTimeout(300); // an injected image would have failed to load by now
  const ran = await page.evaluate(() => {
    const w = window as { __xss?: unknown; __pwned?: unknown };
    return [w.__xss, w.__pwned];
  });
  expect(ran).toEqual([undefined, undefined]);
  await expect(dialog.locator('img, script, svg')).toHaveCount(0);
  await expect(page.locator('img')).toHaveCount(0);
});

test('a file of sixty thousand rows stays responsive', async ({ page }, testInfo) => {
  const dialog = await openPreview(page, folders.large);
  await dialog.getByRole('button', { name: 'Expand all' }).click();
  await expect(dialog.getByText(/^[\d,]+ of [\d,]+ rows shown$/)).toHaveText(
    /^(6\d,\d{3}) of \1 rows shown$/,
  );
  const grid = dialog.getByRole('treegrid');
  await grid.focus();
  const started = Date.now();
  await page.keyboard.press('End');
  await expect(dialog.getByRole('row', { selected: true })).toContainText('(FFFC,FFFC)');
  await page.keyboard.press('Home');
  await expect(dialog.getByRole('row', { selected: true })).toContainText('(0002,0000)');
  expect(Date.now() - started).toBeLessThan(3000);
  // Only the rows in view are in the page.
  expect(await dialog.getByRole('row').count()).toBeLessThan(80);
  await dialog.getByLabel('Filter').fill('1.2.3.4.19999');
  await expect(dialog.getByRole('row').filter({ hasText: '1.2.3.4.19999' })).toHaveCount(1);
  await screenshot(page, testInfo, 'preview-large-filtered');
});
