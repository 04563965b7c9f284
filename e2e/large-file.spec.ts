/**
 * A single DICOM file of 2.5 GiB (more than one ArrayBuffer can hold) beside two corpus files,
 * from the built page (file://), saved as one .zip through the stubbed file picker: it is
 * de-identified with the memory of its header (worker/largeFile.ts), its image data copied from
 * the input File into the archive, in place, under a CRC that unzip checks. The file is sparse
 * (CT_small's real header, a hole for its image but for a few marks), so it takes no disk
 * space, and so does the archive (saveStubs.ts keeps runs of zeros as holes).
 *
 * Chromium is launched here, not taken from the fixture, to find its processes: the tab's
 * memory is its renderer's peak resident set, as bench/browserMemory.ts measures it.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, openSync, readSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { watchMemory } from '../bench/browserMemory';
import { corpusFile } from '../src/core/testing/corpus';
import { CT_SMALL, makeLargeDicom, markOf } from '../src/core/testing/largeFiles';
import { chooseFolder, doneCounts, makeChoices, start, waitForDone } from './support/app';
import { zipEntries, zipProblem } from './support/oracle';
import { BUILT_PAGE, BUILT_PAGE_URL, PYTHON, requireBuilt, tempDir } from './support/paths';
import { launchMeasuredBrowser } from './support/measuredBrowser';
import { captureZipFiles } from './support/saveStubs';

const GIB = 2 ** 30;
const IMAGE_BYTES = 2.5 * GIB;
/** Where the marks are in the image: at its start, past 2 GiB, and at its end. */
const MARKS = [0, 12_345_678, 2 * GIB + 7, IMAGE_BYTES - 16];
const OTHERS = [
  'pydicom/src/pydicom/data/test_files/MR_small.dcm',
  'pydicom/src/pydicom/data/test_files/JPEG2000.dcm',
];

test('a 2.5 GiB file is de-identified in the page with the memory of its header', async () => {
  test.setTimeout(120_000);
  requireBuilt(BUILT_PAGE, 'npx vite build');
  const work = tempDir('e2e-large');
  const { browser, pid: browserPid } = await launchMeasuredBrowser();
  try {
    const study = path.join(work.dir, 'study');
    mkdirSync(study);
    makeLargeDicom(path.join(study, 'big.dcm'), IMAGE_BYTES, MARKS);
    for (const file of OTHERS)
      copyFileSync(corpusFile(file), path.join(study, path.basename(file)));

    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const capture = await captureZipFiles(page, work.dir);
    await page.goto(BUILT_PAGE_URL);
    await chooseFolder(page, study);
    await makeChoices(page, {
      passphrase: 'large file e2e',
      save: 'Save as one .zip file',
      selectAll: true,
    });
    const memory = watchMemory(browserPid);
    await start(page);
    await waitForDone(page, 100_000);
    const archive = await capture.archive(1);
    await archive.closed;
    const used = memory.stop();
    const counts = await doneCounts(page);
    const tabPeak = used.peakByKind.renderer ?? NaN;
    console.log(
      `tab (renderer) peak ${(tabPeak / 1e6).toFixed(0)} MB, browser process peak ` +
        `${((used.peakByKind.browser ?? NaN) / 1e6).toFixed(0)} MB, all processes (sampled) ` +
        `${(used.sampledSumAll / 1e6).toFixed(0)} MB`,
    );

    expect(pageErrors).toEqual([]);
    expect(counts).toMatchObject({ Written: 3, Failed: 0 });
    // Reading the file whole would take 2.7 GB in the tab; its header takes a few MB, and the
    // page with its workers about 250 MB. Copying with a new buffer per chunk once took 1 GB.
    expect(tabPeak).toBeLessThan(600e6);

    // unzip reads every entry through and checks its CRC, the 2.5 GiB one's included.
    expect(zipProblem(archive.file)).toBeUndefined();
    const entries = zipEntries(archive.file);
    expect(entries.filter((e) => e.endsWith('.dcm'))).toHaveLength(3);
    const big = bigEntry(archive.file);
    expect(big.size).toBeGreaterThan(IMAGE_BYTES);
    expect(big.size).toBeLessThan(IMAGE_BYTES + 64 * 1024);

    // The image's element, as the output has it, and the marks at their offsets in its value.
    const fd = openSync(archive.file, 'r');
    try {
      const head = Buffer.alloc(256 * 1024);
      readSync(fd, head, 0, head.length, big.dataStart);
      const element = head.indexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x57, 0, 0]));
      expect(element).toBeGreaterThan(0);
      expect(head.readUInt32LE(element + 8)).toBe(IMAGE_BYTES);
      const value = big.dataStart + element + 12;
      expect(value + IMAGE_BYTES).toBe(big.dataStart + big.size);
      for (const [i, at] of MARKS.entries()) {
        const found = Buffer.alloc(16);
        readSync(fd, found, 0, 16, value + at);
        expect(found.toString('latin1'), `mark ${i}`).toBe(markOf(i).toString('latin1'));
      }
      // The header, without its image, read by DCMTK: the patient is gone.
      const headerFile = path.join(work.dir, 'header.dcm');
      writeFileSync(headerFile, head.subarray(0, element));
      const dump = execFileSync('dcmdump', ['+P', '0010,0010', '+P', '0010,0020', headerFile], {
        encoding: 'utf8',
      });
      const original = execFileSync('dcmdump', ['+P', '0010,0010', corpusFile(CT_SMALL)], {
        encoding: 'utf8',
      });
      expect(original).toContain('CompressedSamples^CT1');
      expect(dump).toMatch(/\(0010,0010\)/);
      expect(dump).not.toContain('CompressedSamples');
    } finally {
      closeSync(fd);
    }
  } finally {
    await browser.close();
    work.remove();
  }
});

/** The archive's largest entry: its size and where its data starts (Python's zipfile). */
function bigEntry(zip: string): { name: string; size: number; dataStart: number } {
  const script = `
import json, struct, sys, zipfile
info = max(zipfile.ZipFile(sys.argv[1]).infolist(), key=lambda i: i.file_size)
with open(sys.argv[1], 'rb') as f:
    f.seek(info.header_offset)
    local = f.read(30)
name_length, extra_length = struct.unpack('<HH', local[26:30])
print(json.dumps({'name': info.filename, 'size': info.file_size,
                  'dataStart': info.header_offset + 30 + name_length + extra_length}))
`;
  return JSON.parse(execFileSync(PYTHON, ['-c', script, zip], { encoding: 'utf8' })) as {
    name: string;
    size: number;
    dataStart: number;
  };
}

/** The Chromium this test launched: the child of this process that is not one of its helpers. */
