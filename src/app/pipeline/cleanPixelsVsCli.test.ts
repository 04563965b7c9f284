/**
 * Clean Pixel Data gives the same bytes in the page as in the CLI: the page's pipeline (session,
 * in-process workers running the jobs the page's workers run, given the codec and OCR bytes the
 * way the page sends them: gzipped, in the init message) and the built CLI, with the same
 * passphrase, `clean-pixel-data` and the same regions file, on images with text burned in by
 * scripts/burn-text/burn_text.py and the real burned-in ultrasounds of deid-data. Same report
 * rows (status, output name, pixel note) and byte-identical files; the regions file's template
 * and the detector both changed pixels, so the test cannot pass by cleaning nothing.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBurned } from '../../../scripts/burn-text/corpus';
import { loadProfile } from '../../cli/profile';
import { buildCli, readReportJson, removeBuiltCli, runCli } from '../../cli/testing/cliHarness';
import { keyFromPassphrase } from '../../core/deid/keys';
import { corpusFile } from '../../core/testing/corpus';
import { InProcessWorker } from '../../worker/testing/inProcessWorker';
import { nodePixelAssets } from '../../worker/testing/nodePixelAssets';
import { profileSpecFor } from '../runOptions';
import { defaultSettings } from '../state';
import { directorySaver } from './saveDirectory';
import { createSession } from './session';
import { MemoryFolder } from './testing/memoryFolder';
import type { InputFile, ScanResult } from './types';

const PASSPHRASE = 'correct horse battery staple for pixels';
const ULTRASOUNDS = [
  'deid-data/deid_data/data/ultrasounds/GREYSCALE_IMAGE.dcm',
  'deid-data/deid_data/data/ultrasounds/RGB_IMAGE.dcm',
];
/** A template for both ultrasounds (1024 × 768): a corner the detector leaves alone. */
const TEMPLATE = {
  name: 'Corner of a 1024 x 768 ultrasound',
  match: { sopClassUid: '1.2.840.10008.5.1.4.1.1.6.1', rows: 768, columns: 1024 },
  boxes: [{ x: 900, y: 700, width: 124, height: 68 }],
};

let cli: string;
let work: string;

beforeAll(() => {
  cli = buildCli();
  work = mkdtempSync(path.join(tmpdir(), 'dicomanon-clean-vs-cli-'));
  const input = path.join(work, 'in');
  mkdirSync(input);
  const burned = path.join(work, 'burned');
  generateBurned(burned, 6, 16);
  for (const name of readdirSync(burned).filter((n) => n.endsWith('.dcm')))
    copyFileSync(path.join(burned, name), path.join(input, name));
  const ultrasounds = path.join(work, 'us');
  mkdirSync(ultrasounds);
  for (const file of ULTRASOUNDS) {
    copyFileSync(corpusFile(file), path.join(input, `us-${path.basename(file)}`));
    copyFileSync(corpusFile(file), path.join(ultrasounds, `us-${path.basename(file)}`));
  }
  writeFileSync(
    path.join(work, 'regions.json'),
    JSON.stringify({ version: 1, templates: [TEMPLATE] }),
  );
  writeFileSync(path.join(work, 'key.txt'), `${PASSPHRASE}\n`);
}, 300_000);

afterAll(() => {
  if (cli) removeBuiltCli(cli);
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('Clean Pixel Data in the page and the CLI', () => {
  it('gives the same report rows and byte-identical files', async () => {
    const regionsFile = path.join(work, 'regions.json');
    const out = path.join(work, 'cli-out');
    const run = runCli(cli, [
      path.join(work, 'in'),
      out,
      '--dicom',
      '--jobs',
      '2',
      '--key-file',
      path.join(work, 'key.txt'),
      '--option',
      'clean-pixel-data',
      '--pixel-regions',
      regionsFile,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const cliReport = readReportJson(out);

    // The page: the regions file as the page reads it, the spec from the page's run options.
    const cliSpec = await loadProfile('basic', [], {
      onLeftover: undefined,
      allowValues: [],
      cleanPixelData: true,
      pixelRegionsFile: regionsFile,
    });
    const settings = defaultSettings({ filePicker: false, directoryPicker: true });
    const spec = profileSpecFor(settings, {
      textInImages: 'remove-all',
      regions: cliSpec.pixels!.regions!,
    });
    expect(spec).toEqual(cliSpec);

    const names = readdirSync(path.join(work, 'in')).sort();
    const files: InputFile[] = names.map((name) => ({
      file: new File([readFileSync(path.join(work, 'in', name))], name),
      path: `in/${name}`,
    }));
    const folder = new MemoryFolder();
    let assetsAsked = 0;
    const session = createSession({
      createWorker: () => new InProcessWorker(),
      workers: 2,
      pixelAssets: async () => {
        assetsAsked++;
        return nodePixelAssets();
      },
      openSaver: async () => directorySaver(folder),
    });
    const never = new AbortController().signal;
    const scanned: ScanResult[] = [];
    await session.scan(files, (result) => scanned.push(result), never);
    const summary = await session.run(
      files,
      {
        spec,
        format: 'dicom',
        key: await keyFromPassphrase(PASSPHRASE),
        include: scanned.filter((r) => r.kind === 'dicom').map((r) => r.index),
        save: { kind: 'directory-picker' },
        wantMapping: false,
      },
      () => {},
      never,
    );
    session.dispose();
    expect(assetsAsked).toBe(1);
    expect(summary.written).toBe(names.length);

    const pageReport = JSON.parse(
      Buffer.concat(folder.files.get('report.json')!).toString('utf8'),
    ) as typeof cliReport;
    expect(pageReport.totals).toEqual(cliReport.totals);
    // The same rows but one word: the CLI's reason of a possibly burned-in file (the
    // ultrasounds) starts "written; ", which the page leaves to the row's status.
    const withoutWritten = cliReport.files.map((row) => ({
      ...row,
      reason: row.reason.replace(/^written; /, ''),
    }));
    expect(cliReport.files.some((row) => row.reason.startsWith('written; '))).toBe(true);
    expect(pageReport.files).toEqual(withoutWritten);
    // Pixels were cleaned: by the detector in the burned-in files, by the template too.
    const notes = cliReport.files.map((row) => JSON.stringify(row));
    expect(notes.filter((row) => /text regions blacked out/.test(row))).toHaveLength(names.length);

    const differ: string[] = [];
    for (const row of cliReport.files) {
      const cliBytes = readFileSync(path.join(out, row.output!));
      let at: MemoryFolder = folder;
      const parts = row.output!.split('/');
      for (const part of parts.slice(0, -1)) at = at.folders.get(part)!;
      const pageBytes = Buffer.concat(at.files.get(parts.at(-1)!) ?? []);
      if (!cliBytes.equals(pageBytes)) differ.push(row.input);
    }
    expect(differ).toEqual([]);

    // Without the regions file the ultrasounds come out otherwise: the template was applied.
    const plain = path.join(work, 'cli-plain');
    const key = ['--key-file', path.join(work, 'key.txt')];
    const again = runCli(cli, [
      ...[path.join(work, 'us'), plain, '--dicom', ...key, '--option', 'clean-pixel-data'],
    ]);
    expect(again.code, again.stderr).toBe(0);
    const usRows = readReportJson(plain).files;
    expect(usRows).toHaveLength(ULTRASOUNDS.length);
    for (const row of usRows) {
      const withTemplate = readFileSync(path.join(out, row.output!));
      expect(withTemplate.equals(readFileSync(path.join(plain, row.output!)))).toBe(false);
    }
  }, 600_000);
});
