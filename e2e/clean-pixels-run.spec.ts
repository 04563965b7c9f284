/**
 * Issue 16's main path, as a user takes it: a folder of generated burned-in images
 * (scripts/burn-text) is chosen; the series flagged for text are in the run with "Remove all
 * text in images"; in a series' preview a box is dragged over a planted identifying line and
 * applied to the series; the boxes are saved with "Save boxes and templates"; the run is saved as
 * one .zip. Outside the page: Debian's tesseract reads no planted identifying line in any output,
 * pixels changed only near planted lines and inside the drawn box, and the built CLI given the
 * saved file and the same passphrase writes the same files, byte for byte. Screenshots at
 * 1280×720 go to /tmp/shots16b/.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { generateBurned, type Box, type GroundTruth } from '../scripts/burn-text/corpus';
import { chooseFolder, makeChoices, start, waitForDone } from './support/app';
import { comparePixels, decodeFrames, readableTokens } from './support/burnedOutput';
import { watchNetwork } from './support/network';
import { sha256, unzipInto } from './support/oracle';
import { BUILT_PAGE, BUILT_PAGE_URL, CLI, requireBuilt, tempDir } from './support/paths';
import { readReport } from './support/reports';
import { captureZipFiles } from './support/saveStubs';

const SHOTS = '/tmp/shots16b';
const PASSPHRASE = 'correct horse battery staple for boxes';
const TARGET = 'burn_000.dcm';
/** Pixels around a planted line's ink the detector's box may take in. */
const LINE_MARGIN = 8;
/** Share of a frame that may change away from the planted lines and the drawn box. */
const MAX_CHANGED_ELSEWHERE = 0.03;

test('a drawn box and Clean Pixel Data in a run: no readable line, pixels kept, CLI bytes', async ({
  browser,
}) => {
  test.setTimeout(420_000);
  requireBuilt(BUILT_PAGE, 'npx vite build');
  requireBuilt(CLI, 'npm run build:cli');
  const work = tempDir('e2e-clean-run');
  try {
    const folder = path.join(work.dir, 'burned');
    const truthDir = path.join(work.dir, 'truth');
    mkdirSync(folder);
    mkdirSync(truthDir);
    mkdirSync(SHOTS, { recursive: true });
    const truths = generateBurned(folder, 4, 16);
    // The ground truth stays out of the folder the page and the CLI read.
    for (const name of readdirSync(folder).filter((n) => n.endsWith('.json')))
      renameSync(path.join(folder, name), path.join(truthDir, name));
    const truthOf = new Map(truths.map((t) => [t.file, t]));
    const target = truthOf.get(TARGET)!;
    // The planted patient ID at the bottom right, with a margin: where the user draws.
    const line = target.lines.find((l) => l.kind === 'patient-id')!.box;
    const wanted = clip({ x: line.x - 6, y: line.y - 6, w: line.w + 12, h: line.h + 12 }, target);

    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const network = watchNetwork(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const capture = await captureZipFiles(page, work.dir);
    await page.goto(BUILT_PAGE_URL);
    await chooseFolder(page, folder);

    // Flagged series are in the run, cleaned: nothing left out, "Remove all text" chosen.
    await expect(page.getByText('The images of every series were checked for text.')).toBeVisible({
      timeout: 90_000,
    });
    await expect(page.getByText(/left out/i)).toHaveCount(0);
    await expect(page.getByLabel('Remove all text in images')).toBeChecked();
    await makeChoices(page, {
      passphrase: PASSPHRASE,
      save: 'Save as one .zip file',
      textInImages: 'Remove all text in images',
    });

    const dialog = await openPreviewOf(page, TARGET);
    await dialog.getByRole('tab', { name: 'Image' }).click();
    await expect(dialog.locator('.image-view-pane[data-state="shown"]')).toHaveCount(2, {
      timeout: 60_000,
    });
    await page.screenshot({ path: path.join(SHOTS, 'preview-found-text.png') });
    await dialog.getByLabel('Apply to this series').check();
    await dialog.getByRole('button', { name: 'Draw a box' }).click();

    // Drag from the wanted box's corner to its other corner, the image fitted and centred.
    const original = dialog.getByRole('img', { name: 'Original image' });
    // Reset fits the image to the viewport as it is now (the panel below may have changed its
    // height since the image was first fitted), centred.
    await dialog.getByRole('button', { name: 'Reset' }).click();
    const area = (await original.boundingBox())!;
    const scale = Math.min(area.width / target.columns, area.height / target.rows);
    const left = area.x + (area.width - target.columns * scale) / 2;
    const top = area.y + (area.height - target.rows * scale) / 2;
    await page.mouse.move(left + (wanted.x + 0.5) * scale, top + (wanted.y + 0.5) * scale);
    await page.mouse.down();
    await page.mouse.move(
      left + (wanted.x + wanted.w - 0.5) * scale,
      top + (wanted.y + wanted.h - 0.5) * scale,
      { steps: 10 },
    );
    await page.mouse.up();
    const box = dialog.getByRole('button', { name: /^Box 1: / });
    const dragged = await boxOf(box);
    // Where the drag lands depends on the viewer's fit and borders: it must be over the line.
    expect(overlap(dragged, line), `dragged ${JSON.stringify(dragged)}`).toBeGreaterThan(0.5);
    // The last pixels by keyboard, as a user lines a box up exactly.
    await nudge(page, box, dragged, wanted);
    expect(await boxOf(box)).toEqual(wanted);
    await expect(dialog.getByText('Boxes to black out (1)')).toBeVisible();
    await expect(dialog.getByText(/The pixel data differ between the two files/)).toBeVisible({
      timeout: 60_000,
    });
    await page.screenshot({ path: path.join(SHOTS, 'preview-drawn-box.png') });
    await dialog.getByRole('button', { name: 'Zoom in' }).click();
    await dialog.getByRole('button', { name: 'Zoom in' }).click();
    await page.screenshot({ path: path.join(SHOTS, 'preview-drawn-box-zoomed.png') });

    // Saved from the box panel: the series boxes under the key made from the passphrase.
    const regionsFile = path.join(work.dir, 'regions-from-page.json');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Save boxes and templates' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('dicomanon-boxes-and-templates.json');
    await download.saveAs(regionsFile);
    await expect(dialog.getByText(/^Saved boxes for 1 series in /)).toBeVisible();
    await page.screenshot({ path: path.join(SHOTS, 'preview-saved.png') });
    const saved = JSON.parse(readFileSync(regionsFile, 'utf8')) as {
      series: { key: string; boxes: { x: number; y: number; width: number; height: number }[] }[];
    };
    expect(saved.series).toHaveLength(1);
    expect(saved.series[0]!.key).toMatch(/^k1:[0-9a-f]{64}$/);
    expect(saved.series[0]!.boxes).toEqual([
      { x: wanted.x, y: wanted.y, width: wanted.w, height: wanted.h },
    ]);
    await dialog.getByRole('button', { name: 'Close preview' }).click();
    await expect(dialog).toHaveCount(0);

    // Loading on the review screen: a bad file is refused in words, the saved one is read.
    const bad = path.join(work.dir, 'not-regions.json');
    writeFileSync(bad, JSON.stringify({ version: 1, series: [{ key: '1.2.3.4', boxes: [] }] }));
    const loader = page
      .getByRole('group', { name: 'Text in images' })
      .getByLabel('Boxes and templates file to load');
    await loader.setInputFiles(bad);
    await expect(page.getByText(/^This file was not loaded/)).toBeVisible();
    await expect(page.getByText(/^Series entry 1, key: looks like a DICOM UID/)).toBeVisible();
    await page.getByText(/^Series entry 1, key/).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'review-load-refused.png') });
    await loader.setInputFiles(regionsFile);
    await expect(page.getByText(/^Loaded boxes for 1 series\./)).toBeVisible();

    await start(page);
    const archive = await capture.archive(1);
    await waitForDone(page, 240_000);
    await archive.closed;
    const extracted = path.join(work.dir, 'extracted');
    unzipInto(archive.file, extracted);
    await context.close();
    expect(errors).toEqual([]);
    expect(network.remote()).toEqual([]);

    const report = readReport(path.join(extracted, 'report.json'));
    // Rows name inputs by number ("input-000003"), in the order the folder is walked.
    const names = readdirSync(folder).sort();
    const fileOf = (input: string) => names[Number(/(\d+)$/.exec(input)![1]) - 1]!;
    const written = report.files.filter((row) => row.status === 'written');
    console.log(
      'page run:',
      report.files.map((r) => `${fileOf(r.input)} ${r.status}: ${r.reason}`).join(' | '),
    );
    expect(written.length).toBeGreaterThanOrEqual(3);
    expect(written.some((row) => fileOf(row.input) === TARGET)).toBe(true);

    let readBefore = 0;
    for (const row of written) {
      const truth = truthOf.get(fileOf(row.input))!;
      const before = await decodeFrames(path.join(folder, truth.file));
      const after = await decodeFrames(path.join(extracted, row.output));
      expect(after).toHaveLength(before.length);
      const drawn = truth.file === TARGET ? [wanted] : [];
      for (const [i, frame] of after.entries()) {
        readBefore += readableTokens(before[i]!, truth, i).length;
        // No identifying token tesseract can read in the output.
        expect(readableTokens(frame, truth, i), `${truth.file} frame ${i}`).toEqual([]);
        const lines = truth.lines.filter((l) => l.frames.includes(i)).map((l) => l.box);
        const change = comparePixels(before[i]!, frame, lines, drawn, LINE_MARGIN);
        console.log(
          `${truth.file} frame ${i}: ${change.changed} pixels changed, ${change.changedElsewhere} away from the text and the box`,
        );
        // Not zero: the detector also blacks out a few text-like bits of anatomy and of the
        // ultrasound's speckle (measured: 78 and 210 pixels on the stills, 786 to 2,205 of
        // 76,800 on the cine's frames). Bounded here at 3 % of a frame, so a box that spreads
        // over the image fails.
        expect(
          change.changedElsewhere / (frame.rows * frame.columns),
          `${truth.file} frame ${i}`,
        ).toBeLessThan(MAX_CHANGED_ELSEWHERE);
        if (drawn.length > 0) {
          expect(change.inBoxesUniformBefore).toBe(false);
          expect(change.inBoxesUniform, 'the drawn box is blacked out').toBe(true);
        }
      }
    }
    // The check could fail: tesseract read planted lines in the inputs.
    expect(readBefore).toBeGreaterThan(5);

    // The CLI with the page's regions file and the same passphrase: the same bytes.
    const keyFile = path.join(work.dir, 'key.txt');
    writeFileSync(keyFile, `${PASSPHRASE}\n`);
    const cliOut = path.join(work.dir, 'cli-out');
    execFileSync(
      process.execPath,
      [CLI, folder, cliOut, '--dicom', '--key-file', keyFile, '--jobs', '2'].concat([
        '--option',
        'clean-pixel-data',
        '--pixel-regions',
        regionsFile,
      ]),
      { stdio: 'pipe', maxBuffer: 64 << 20 },
    );
    const cli = readReport(path.join(cliOut, 'report.json'));
    // The same rows, but the CLI's reason of a possibly burned-in file starts "written; ",
    // which the page's leaves to the row's status.
    expect(
      cli.files.map((r) => [r.input, r.status, r.output, r.reason.replace(/^written; /, '')]),
    ).toEqual(report.files.map((r) => [r.input, r.status, r.output, r.reason]));
    for (const row of written)
      expect(sha256(path.join(extracted, row.output)), row.output).toBe(
        sha256(path.join(cliOut, row.output)),
      );
  } finally {
    work.remove();
  }
});

/** How much of `inner` lies inside `outer` (0..1). */
function overlap(outer: Box, inner: Box): number {
  const w = Math.min(outer.x + outer.w, inner.x + inner.w) - Math.max(outer.x, inner.x);
  const h = Math.min(outer.y + outer.h, inner.y + inner.h) - Math.max(outer.y, inner.y);
  return w > 0 && h > 0 ? (w * h) / (inner.w * inner.h) : 0;
}

function clip(box: Box, truth: GroundTruth): Box {
  const x = Math.max(0, box.x);
  const y = Math.max(0, box.y);
  return {
    x,
    y,
    w: Math.min(truth.columns, box.x + box.w) - x,
    h: Math.min(truth.rows, box.y + box.h) - y,
  };
}

/** Opens the preview of the series whose file is `name` (one file a series here). */
async function openPreviewOf(page: Page, name: string): Promise<Locator> {
  const buttons = page.getByRole('button', { name: /^Preview / });
  const dialog = page.getByRole('dialog');
  for (let i = 0; i < (await buttons.count()); i++) {
    await buttons.nth(i).click();
    const file = dialog.locator('.preview-file');
    await expect(file).toContainText('.dcm');
    if ((await file.textContent())?.endsWith(name)) return dialog;
    await dialog.getByRole('button', { name: 'Close preview' }).click();
  }
  throw new Error(`no series previews ${name}`);
}

/** "Box 1: x 350, y 457, 160 × 28 pixels…" as a box. */
async function boxOf(box: Locator): Promise<Box> {
  const label = (await box.getAttribute('aria-label')) ?? '';
  const m = /: x (\d+), y (\d+), (\d+) × (\d+) pixels/.exec(label);
  if (!m) throw new Error(`no box in the label: ${label}`);
  return { x: Number(m[1]), y: Number(m[2]), w: Number(m[3]), h: Number(m[4]) };
}

/** Moves and resizes the focused box with the arrow keys (Shift resizes) to `to`. */
async function nudge(page: Page, box: Locator, from: Box, to: Box): Promise<void> {
  await box.focus();
  const press = async (count: number, plus: string, minus: string, shift: boolean) => {
    for (let i = 0; i < Math.abs(count); i++)
      await page.keyboard.press(`${shift ? 'Shift+' : ''}${count > 0 ? plus : minus}`);
  };
  // Shrink first and grow last, so that no move is held back by the image's edge.
  await press(Math.min(0, to.w - from.w), 'ArrowRight', 'ArrowLeft', true);
  await press(Math.min(0, to.h - from.h), 'ArrowDown', 'ArrowUp', true);
  await press(to.x - from.x, 'ArrowRight', 'ArrowLeft', false);
  await press(to.y - from.y, 'ArrowDown', 'ArrowUp', false);
  await press(Math.max(0, to.w - from.w), 'ArrowRight', 'ArrowLeft', true);
  await press(Math.max(0, to.h - from.h), 'ArrowDown', 'ArrowUp', true);
}
