/**
 * Issue 16 in the page: a folder of generated burned-in images (scripts/burn-text) is chosen;
 * every series is ticked, the background search finds their text and says so; in the preview's
 * Image tab a box is drawn by dragging on the original, labelled, moved with the keyboard and
 * kept when the preview is opened again. Screenshots at 1280×720 go to /tmp/shots16/.
 */
import { expect, test } from '@playwright/test';
import { mkdirSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { generateBurned } from '../scripts/burn-text/corpus';
import { chooseFolder } from './support/app';
import { watchNetwork } from './support/network';
import { BUILT_PAGE_URL, tempDir } from './support/paths';

const SHOTS = '/tmp/shots16';

test('boxes are drawn by drag on the original, labelled and moved by keys', async ({ browser }) => {
  test.setTimeout(180_000);
  const work = tempDir('e2e-boxes');
  try {
    const folder = path.join(work.dir, 'burned');
    const truths = path.join(work.dir, 'truth');
    mkdirSync(folder);
    mkdirSync(truths);
    generateBurned(folder, 3, 16);
    // The ground truth stays out of the folder the page reads.
    for (const name of readdirSync(folder).filter((n) => n.endsWith('.json'))) {
      renameSync(path.join(folder, name), path.join(truths, name));
    }
    mkdirSync(SHOTS, { recursive: true });
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const network = watchNetwork(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(BUILT_PAGE_URL);
    await chooseFolder(page, folder);

    // Every series ticked; the search of the images finishes and finds the planted text.
    await expect(page.getByText('The images of every series were checked for text.')).toBeVisible({
      timeout: 60_000,
    });
    await expect(page.getByText('Text was found in the image.').first()).toBeVisible();
    await expect(page.getByText(/left out/)).toHaveCount(0);
    await page.getByLabel('Remove all text in images').check();
    await page.screenshot({ path: path.join(SHOTS, 'review.png') });

    await page
      .getByRole('button', { name: /^Preview / })
      .first()
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('tab', { name: 'Image' }).click();
    const original = dialog.getByRole('img', { name: 'Original image' });
    await expect(dialog.locator('.image-view-pane[data-state="shown"]')).toHaveCount(2, {
      timeout: 30_000,
    });
    const deidentifiedMean = () =>
      dialog
        .getByRole('img', { name: 'De-identified image' })
        .locator('canvas')
        .evaluate((element) => {
          const c = element as HTMLCanvasElement;
          const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          let sum = 0;
          for (let i = 0; i < data.length; i += 4) sum += data[i]! + data[i + 1]! + data[i + 2]!;
          return sum / (data.length / 4);
        });
    // Zoomed in and panned first: a view that fell back to the file's defaults would show.
    await dialog.getByRole('button', { name: 'Zoom in' }).click();
    await original.focus();
    await page.keyboard.press('ArrowLeft');
    const readout = dialog.getByRole('status', { name: 'Window and zoom' });
    await expect(readout).toContainText('Zoom');
    const view = async () => ({
      readout: await readout.textContent(),
      found: await dialog
        .locator('.image-view-pane')
        .first()
        .locator('.box.found')
        .evaluateAll((boxes) =>
          boxes.map((b) => {
            const r = b.getBoundingClientRect();
            return [r.x, r.y, r.width, r.height].map(Math.round);
          }),
        ),
      canvas: await original.locator('canvas').boundingBox(),
    });
    const viewBefore = await view();
    expect(viewBefore.found.length).toBeGreaterThan(0);
    // cornerstone draws a changed view at the next animation frame.
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    const meanBefore = await deidentifiedMean();
    await dialog.getByRole('button', { name: 'Draw a box' }).click();
    const area = (await original.boundingBox())!;
    const drag = {
      x: area.x + area.width * 0.4,
      y: area.y + area.height * 0.3,
      w: area.width * 0.15,
      h: area.height * 0.1,
    };
    await page.mouse.move(drag.x, drag.y);
    await page.mouse.down();
    await page.mouse.move(drag.x + drag.w, drag.y + drag.h, { steps: 8 });
    await page.mouse.up();

    const box = dialog.getByRole('button', { name: /^Box 1: x \d+, y \d+, \d+ × \d+ pixels/ });
    await expect(box).toBeVisible();
    // The de-identified side is made again with the box: the anatomy under it goes black.
    await expect.poll(deidentifiedMean, { timeout: 30_000 }).toBeLessThan(meanBefore - 1);
    // Drawing does not move or zoom the image: same zoom, the found text where it was, and
    // the new box where it was dragged (to within a pixel of the image at this zoom).
    expect(await view()).toEqual(viewBefore);
    const drawn = (await box.boundingBox())!;
    const pixel = Number(/Zoom (\d+)%/.exec(viewBefore.readout!)![1]) / 100;
    for (const [got, want] of [
      [drawn.x, drag.x],
      [drawn.y, drag.y],
      [drawn.x + drawn.width, drag.x + drag.w],
      [drawn.y + drawn.height, drag.y + drag.h],
    ] as const) {
      expect(Math.abs(got - want)).toBeLessThanOrEqual(pixel + 1);
    }
    const before = (await box.getAttribute('aria-label'))!;
    const x = Number(/: x (\d+),/.exec(before)![1]);
    await box.focus();
    await page.keyboard.press('ArrowRight');
    await expect(box).toHaveAttribute('aria-label', new RegExp(`^Box 1: x ${x + 1},`));
    await page.keyboard.press('Shift+ArrowDown');
    await expect(dialog.getByText('Boxes to black out (1)')).toBeVisible();
    await page.screenshot({ path: path.join(SHOTS, 'preview-boxes.png') });

    // The box belongs to the series: closing and opening the preview again shows it.
    await dialog.getByRole('button', { name: 'Close preview' }).click();
    await page
      .getByRole('button', { name: /^Preview / })
      .first()
      .click();
    await page.getByRole('dialog').getByRole('tab', { name: 'Image' }).click();
    await expect(page.getByRole('dialog').getByRole('button', { name: /^Box 1:/ })).toBeVisible({
      timeout: 30_000,
    });
    await page.keyboard.press('Tab');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^Box 1:/ })
      .focus();
    await page.keyboard.press('Delete');
    await expect(page.getByRole('dialog').getByRole('button', { name: /^Box 1:/ })).toHaveCount(0);

    expect(errors).toEqual([]);
    expect(network.remote()).toEqual([]);
    await context.close();
  } finally {
    work.remove();
  }
});
