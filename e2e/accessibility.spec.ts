/**
 * Every screen of the built page passes an axe-core WCAG 2 A/AA audit (issue 16): the empty
 * screen, the review of a folder of generated burned-in images, the preview's Tags tab and its
 * Image tab with a drawn box and the boxes the detector proposed, the processing screen (held
 * there by a save dialog whose writes wait), and the done screen. Chromium, 1280×720.
 */
import { expect, test } from '@playwright/test';
import { mkdirSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { generateBurned } from '../scripts/burn-text/corpus';
import { chooseFolder, makeChoices, start, waitForDone } from './support/app';
import { expectNoAxeViolations } from './support/axe';
import { watchNetwork } from './support/network';
import { BUILT_PAGE_URL, tempDir } from './support/paths';
import { addInitFunction } from './support/saveStubs';

/**
 * Runs in the page before its scripts: a "Save as one .zip file" dialog whose stream holds every
 * write until the test calls __e2eReleaseWrites(), so the processing screen stays up to be
 * audited. The bytes are dropped: this spec is about the screens, not the archive.
 */
function heldSaveFilePicker(): void {
  let release = (): void => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  Reflect.set(globalThis, '__e2eReleaseWrites', () => release());
  Reflect.set(globalThis, 'showSaveFilePicker', async () => ({
    createWritable: async () =>
      new WritableStream({
        async write() {
          await released;
        },
      }),
  }));
}

test('every screen passes an axe-core WCAG 2 A/AA audit', async ({ browser }) => {
  test.setTimeout(240_000);
  const work = tempDir('e2e-axe');
  try {
    const folder = path.join(work.dir, 'burned');
    mkdirSync(folder);
    generateBurned(folder, 3, 16);
    // The generator's ground truth is not DICOM; it stays out of the folder the page reads.
    for (const name of readdirSync(folder).filter((n) => n.endsWith('.json'))) {
      renameSync(path.join(folder, name), path.join(work.dir, name));
    }
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const network = watchNetwork(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await addInitFunction(page, heldSaveFilePicker, null);
    await page.goto(BUILT_PAGE_URL);

    await expect(page.getByRole('heading', { name: 'dicomanon' })).toBeVisible();
    await expectNoAxeViolations(page, 'the empty screen');

    await chooseFolder(page, folder);
    await expect(page.getByText('The images of every series were checked for text.')).toBeVisible({
      timeout: 60_000,
    });
    await expectNoAxeViolations(page, 'the review screen');

    await page
      .getByRole('button', { name: /^Preview / })
      .first()
      .click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('treegrid')).toBeVisible({ timeout: 30_000 });
    await expect(dialog.getByRole('status')).toContainText('elements change', { timeout: 30_000 });
    await expectNoAxeViolations(page, 'the preview, Tags tab');

    await dialog.getByRole('tab', { name: 'Image' }).click();
    const original = dialog.getByRole('img', { name: 'Original image' });
    await expect(dialog.locator('.image-view-pane[data-state="shown"]')).toHaveCount(2, {
      timeout: 30_000,
    });
    await dialog.getByRole('button', { name: 'Draw a box' }).click();
    const area = (await original.boundingBox())!;
    await page.mouse.move(area.x + area.width * 0.4, area.y + area.height * 0.3);
    await page.mouse.down();
    await page.mouse.move(area.x + area.width * 0.55, area.y + area.height * 0.4, { steps: 8 });
    await page.mouse.up();
    const drawn = dialog.getByRole('button', { name: /^Box 1: / });
    await expect(drawn).toBeVisible();
    // A focused box draws its focus ring: audit it that way too.
    await drawn.focus();
    await expectNoAxeViolations(page, 'the preview, Image tab with boxes');

    await dialog.getByRole('button', { name: 'Close preview' }).click();
    await expect(dialog).toHaveCount(0);
    await makeChoices(page, {
      passphrase: 'accessibility audit passphrase',
      save: 'Save as one .zip file',
      textInImages: 'Remove all text in images',
    });
    await start(page);
    await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible({ timeout: 30_000 });
    await expectNoAxeViolations(page, 'the processing screen');

    await page.evaluate(() => (Reflect.get(globalThis, '__e2eReleaseWrites') as () => void)());
    await waitForDone(page, 120_000);
    await expectNoAxeViolations(page, 'the done screen');

    expect(errors).toEqual([]);
    expect(network.remote()).toEqual([]);
    await context.close();
  } finally {
    work.remove();
  }
});
