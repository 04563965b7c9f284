/**
 * Clean Pixel Data in Chromium, as the page runs it: a test-only page (e2e/support/cleanHarness)
 * built with the app's own Vite config (single file, production policy, iife workers, the codec
 * and OCR bytes inlined gzipped) and opened from file:// runs the page's real pipeline on images
 * with text burned in by scripts/burn-text/burn_text.py and the real burned-in ultrasounds of
 * deid-data, with a regions file. Its report rows and output bytes must be the built CLI's with
 * the same passphrase, options and regions file; the sampler must find the text; nothing may
 * be requested but the page.
 */
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { build } from 'vite';
import { generateBurned } from '../scripts/burn-text/corpus';
import { loadProfile } from '../src/cli/profile';
import { buildCli, readReportJson, removeBuiltCli, runCli } from '../src/cli/testing/cliHarness';
import { watchNetwork } from './support/network';
import { CORPUS, PROJECT_ROOT, tempDir } from './support/paths';

const PASSPHRASE = 'correct horse battery staple for pixels';
const ULTRASOUNDS = [
  'deid-data/deid_data/data/ultrasounds/GREYSCALE_IMAGE.dcm',
  'deid-data/deid_data/data/ultrasounds/RGB_IMAGE.dcm',
];
const REGIONS = {
  version: 1,
  templates: [
    {
      name: 'Corner of a 1024 x 768 ultrasound',
      match: { sopClassUid: '1.2.840.10008.5.1.4.1.1.6.1', rows: 768, columns: 1024 },
      boxes: [{ x: 900, y: 700, width: 124, height: 68 }],
    },
  ],
};

interface HarnessResult {
  readonly error?: string;
  readonly sample: { textFound: boolean; rows: number; boxes: { boxes: unknown[] }[] };
  readonly written: number;
  readonly report: string;
  readonly hashes: Record<string, string>;
  readonly ms: number;
}

test('the page cleans pixels in its workers from inlined bytes, as the CLI does', async ({
  page,
  context,
}) => {
  test.setTimeout(600_000);
  const work = tempDir('e2e-clean-pixels');
  let cli: string | undefined;
  try {
    await build({
      configFile: path.join(PROJECT_ROOT, 'vite.config.ts'),
      root: path.join(PROJECT_ROOT, 'e2e/support/cleanHarness'),
      logLevel: 'error',
      build: { outDir: path.join(work.dir, 'page'), emptyOutDir: true },
    });
    const input = path.join(work.dir, 'in');
    mkdirSync(input);
    generateBurned(path.join(work.dir, 'burned'), 3, 16);
    for (const name of readdirSync(path.join(work.dir, 'burned')).filter((n) => n.endsWith('.dcm')))
      copyFileSync(path.join(work.dir, 'burned', name), path.join(input, name));
    for (const file of ULTRASOUNDS)
      copyFileSync(path.join(CORPUS, file), path.join(input, `us-${path.basename(file)}`));
    const regionsFile = path.join(work.dir, 'regions.json');
    writeFileSync(regionsFile, JSON.stringify(REGIONS));
    writeFileSync(path.join(work.dir, 'key.txt'), `${PASSPHRASE}\n`);

    cli = buildCli();
    const out = path.join(work.dir, 'cli-out');
    const ran = runCli(cli, [
      ...[input, out, '--dicom', '--key-file', path.join(work.dir, 'key.txt')],
      ...['--option', 'clean-pixel-data', '--pixel-regions', regionsFile],
    ]);
    expect(ran.code, ran.stderr).toBe(0);
    const cliReport = readReportJson(out);
    // The regions as the page gets them: parsed by the same code the CLI uses.
    const spec = await loadProfile('basic', [], {
      onLeftover: undefined,
      allowValues: [],
      cleanPixelData: true,
      pixelRegionsFile: regionsFile,
    });

    const network = watchNetwork(context);
    const url = pathToFileURL(path.join(work.dir, 'page', 'index.html')).href;
    await page.goto(url);
    await page.evaluate((regions) => {
      (window as { cleanRegions?: unknown }).cleanRegions = regions;
    }, spec.pixels!.regions);
    const names = readdirSync(input).sort();
    await page.getByLabel('Files').setInputFiles(names.map((name) => path.join(input, name)));
    await page.waitForFunction(() => 'cleanResult' in window);
    const result = (await page.evaluate(
      () => (window as unknown as { cleanResult: Promise<unknown> }).cleanResult,
    )) as HarnessResult;
    expect(result.error).toBeUndefined();
    console.log(
      `Clean Pixel Data in Chromium: ${names.length} files in ${Math.round(result.ms)} ms`,
    );

    // The sampler (first file, a burned-in image) finds text.
    expect(result.sample.textFound).toBe(true);
    expect(result.sample.rows).toBeGreaterThan(0);

    // Same rows (status, name, pixel note) and byte-identical files.
    expect(result.written).toBe(names.length);
    const pageReport = JSON.parse(result.report) as ReturnType<typeof readReportJson>;
    // The CLI's reason of a possibly burned-in file starts "written; ", which the page leaves
    // to the row's status; the rows are otherwise the same.
    expect(pageReport.files).toEqual(
      cliReport.files.map((row) => ({ ...row, reason: row.reason.replace(/^written; /, '') })),
    );
    for (const row of cliReport.files) {
      expect(row.reason).toMatch(/text regions? blacked out/);
      const bytes = readFileSync(path.join(out, row.output!));
      expect(result.hashes[row.output!], row.input).toBe(
        createHash('sha256').update(bytes).digest('hex'),
      );
    }

    expect(network.remote()).toEqual([]);
    expect(network.all.filter((u) => !u.startsWith('blob:'))).toEqual([url]);
  } finally {
    if (cli) removeBuiltCli(cli);
    work.remove();
  }
});
