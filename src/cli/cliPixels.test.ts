/**
 * `--option clean-pixel-data` through the built CLI, on the real burned-in ultrasounds of
 * deid-data and a CT without text: the words Debian's tesseract reads in the input images are
 * gone from the output images, the report says what was done per file (never what it read),
 * the CT's pixel data is byte for byte the input's, and the outputs open in dcmdump and pydicom.
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrames } from '../../scripts/burn-text/corpus';
import { tesseractWords } from '../../scripts/burn-text/ocr';
import { findElement, valueBytes } from '../core/dicom/dataset';
import { readDicom } from '../core/dicom/readDicom';
import { luminance } from '../core/pixels/detect/luminance';
import { PIXEL_DATA } from '../core/pixels/imageInfo';
import { DECODER_WASM_FILES, ENCODER_WASM_FILES } from '../core/pixels/wasmFiles';
import { corpusFile } from '../core/testing/corpus';
import { pydicomDump } from '../core/testing/pydicom';
import { OCR_FILES } from './nodePixelTools';
import { buildCli, readReportJson, removeBuiltCli, runCli } from './testing/cliHarness';

const INPUTS = [
  'deid-data/deid_data/data/ultrasounds/GREYSCALE_IMAGE.dcm',
  'deid-data/deid_data/data/ultrasounds/RGB_IMAGE.dcm',
  'pydicom/src/pydicom/data/test_files/CT_small.dcm',
];

let cli: string;
let work: string;

beforeAll(() => {
  cli = buildCli();
  work = mkdtempSync(path.join(tmpdir(), 'dicomanon-cli-pixels-'));
  mkdirSync(path.join(work, 'in'));
  for (const file of INPUTS)
    copyFileSync(corpusFile(file), path.join(work, 'in', path.basename(file)));
}, 120_000);

afterAll(() => {
  removeBuiltCli(cli);
  rmSync(work, { recursive: true, force: true });
});

async function wordsIn(file: string): Promise<string[]> {
  const [frame] = await decodeFrames(file, 1);
  return tesseractWords(luminance(frame!), frame!.columns, frame!.rows).map((w) => w.text);
}

describe('dicomanon --option clean-pixel-data', () => {
  it('copies every codec wasm beside the built CLI, so it runs without node_modules', () => {
    for (const file of [
      ...Object.values(DECODER_WASM_FILES),
      ...Object.values(ENCODER_WASM_FILES),
      ...Object.values(OCR_FILES),
    ])
      expect(existsSync(path.join(path.dirname(cli), path.basename(file))), file).toBe(true);
  });

  it('blacks out the text tesseract reads, and says so in the report', async () => {
    const out = path.join(work, 'out');
    const run = runCli(cli, [
      path.join(work, 'in'),
      out,
      '--dicom',
      '--option',
      'clean-pixel-data',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = readReportJson(out);
    expect(report.totals.written).toBe(3);
    const byName = new Map(report.files.map((row) => [row.output, row]));
    const outputs = [...byName.keys()];
    const ultrasounds = report.files.filter((row) => /blacked out/.test(row.reason));
    expect(ultrasounds).toHaveLength(2);
    expect(report.files.filter((row) => /no text found/.test(row.reason))).toHaveLength(1);

    // Rows are in sorted input order: GREYSCALE, RGB, then CT_small (by path).
    const sorted = [...INPUTS].sort((a, b) => path.basename(a).localeCompare(path.basename(b)));
    for (const [i, row] of report.files.entries()) {
      const input = corpusFile(sorted[i]!);
      const output = path.join(out, row.output);
      const before = await wordsIn(input);
      const after = await wordsIn(output);
      if (/blacked out/.test(row.reason)) {
        expect(before.length, input).toBeGreaterThan(5);
        expect(after.length, `${input}: ${after.join(' ')}`).toBeLessThanOrEqual(
          Math.floor(before.length * 0.1),
        );
      }
      // Nothing the OCR read is quoted in the report.
      for (const word of before.filter((w) => w.length >= 5))
        expect(JSON.stringify(report)).not.toContain(word);
      execFileSync('dcmdump', ['-q', output]);
    }
    expect(outputs).toHaveLength(3);

    // The CT had no text: its pixel data is the input's, byte for byte (pydicom reads it too).
    const ct = report.files.find((row) => /no text found/.test(row.reason))!;
    const pixelData = (file: string) => {
      const parsed = readDicom(new Uint8Array(readFileSync(file)));
      return valueBytes(parsed.dataset, findElement(parsed.dataset, PIXEL_DATA)!);
    };
    expect(pixelData(path.join(out, ct.output))).toEqual(pixelData(corpusFile(INPUTS[2]!)));
    const dump = pydicomDump([path.join(out, ct.output)])[path.join(out, ct.output)]!;
    expect('error' in dump ? dump.error : '').toBe('');
  }, 180_000);

  it('--pixel-regions: a device template blacks out its box too; a bad file is refused whole', () => {
    const regions = path.join(work, 'regions.json');
    writeFileSync(
      regions,
      JSON.stringify({
        version: 1,
        templates: [
          {
            name: 'Our CT corner',
            match: { manufacturer: 'ge medical systems', rows: 128, columns: 128 },
            boxes: [{ x: 0, y: 0, width: 16, height: 8 }],
          },
        ],
        series: [],
      }),
    );
    const out = path.join(work, 'regions-out');
    const args = [path.join(work, 'in'), out, '--dicom', '--option', 'clean-pixel-data'];
    const run = runCli(cli, [...args, '--pixel-regions', regions]);
    expect(run.code, run.stderr).toBe(0);
    const ct = readReportJson(out).files.find((row) => row.output.includes('CT'))!;
    expect(ct.reason).toMatch(/^1 text region blacked out in 1 frame/);
    const parsed = readDicom(new Uint8Array(readFileSync(path.join(out, ct.output))));
    const pixels = valueBytes(parsed.dataset, findElement(parsed.dataset, PIXEL_DATA)!);
    const signed = new Int16Array(pixels.buffer, pixels.byteOffset, pixels.length / 2);
    // 16 bits stored, signed: black is the least value the stored range allows.
    for (let y = 0; y < 8; y++)
      for (let x = 0; x < 16; x++) expect(signed[y * 128 + x]).toBe(-32768);

    writeFileSync(regions, JSON.stringify({ version: 1, templates: [{ name: 'x' }], series: [] }));
    const bad = runCli(cli, [
      ...args.slice(0, 1),
      path.join(work, 'bad-out'),
      ...args.slice(2),
      '--pixel-regions',
      regions,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/templates\[0\]/);
    expect(existsSync(path.join(work, 'bad-out', 'report.json'))).toBe(false);
  });

  it('without the option, images are not touched and no pixel note is written', () => {
    const out = path.join(work, 'plain');
    const run = runCli(cli, [path.join(work, 'in'), out, '--dicom']);
    expect(run.code, run.stderr).toBe(0);
    expect(
      readReportJson(out).files.some((row) => /blacked out|no text found/.test(row.reason)),
    ).toBe(false);
  });
});
