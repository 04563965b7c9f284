/**
 * End-to-end --nifti: the built CLI as a child process on copies of corpus files (two MR series,
 * one of them a Siemens mosaic, an SR, a text file), its NIfTI read back by nibabel.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../core/testing/corpus';
import { compareNifti } from '../core/testing/nibabel';
import {
  buildCli,
  filesUnder,
  readReportJson,
  removeBuiltCli,
  runCli,
  treeDigest,
} from './testing/cliHarness';

const SIEMENS = 'dcm_qa_nih/In/20180918Si/mr_0003';
const GE = 'dcm_qa_nih/In/20180918GE/mr_0004';

let cli: string;
let work: string;
let input: string;
let keyFile: string;

beforeAll(() => {
  cli = buildCli();
  work = mkdtempSync(path.join(tmpdir(), 'dicomanon-cli-nifti-'));
  input = path.join(work, 'Doe^John export');
  for (const [series, folder] of [
    [SIEMENS, 'siemens'],
    [GE, 'ge'],
  ] as const) {
    mkdirSync(path.join(input, folder), { recursive: true });
    for (const name of readdirSync(corpusFile(series)))
      copyFileSync(corpusFile(`${series}/${name}`), path.join(input, folder, name));
  }
  copyFileSync(
    corpusFile('pydicom/src/pydicom/data/test_files/test-SR.dcm'),
    path.join(input, 'report.dcm'),
  );
  keyFile = path.join(work, 'key.txt');
  execFileSync('sh', ['-c', `echo 'nifti test passphrase' > '${keyFile}'`]);
}, 120_000);

afterAll(() => {
  removeBuiltCli(cli);
  rmSync(work, { recursive: true, force: true });
});

describe('dicomanon --nifti', () => {
  it('writes one .nii.gz and .json per image series, the SR as DICOM, a row per input', () => {
    const out = path.join(work, 'out');
    const run = runCli(cli, [input, out, '--nifti', '--key-file', keyFile, '-j', '2']);
    expect(run.code, run.stderr).toBe(0);
    const files = filesUnder(out).sort();
    const images = files.filter((f) => f.endsWith('.nii.gz'));
    expect(images).toHaveLength(2);
    expect(files.filter((f) => f.endsWith('.json') && !f.startsWith('report'))).toHaveLength(2);
    for (const file of files.filter((f) => !f.startsWith('report')))
      expect(file).toMatch(
        /^ANON[0-9A-Z]{10}\/study-[0-9A-Z]{8}\/series-\d{4}-(MR|SR)-[0-9A-Z]{4}/,
      );
    expect(files.filter((f) => f.endsWith('.dcm'))).toHaveLength(1);

    const rows = readReportJson(out).files;
    const inputs = filesUnder(input).length;
    expect(rows.map((row) => row.input)).toEqual(
      Array.from({ length: inputs }, (_, i) => `input-${String(i + 1).padStart(6, '0')}`),
    );
    const sr = rows.find((row) => row.output.endsWith('.dcm'))!;
    expect(sr.status).toBe('written');
    expect(sr.reason).toMatch(/^written as de-identified DICOM: not an image/);
    const readme = rows.filter((row) => row.status === 'skipped');
    expect(readme.map((row) => row.reason)).toEqual([
      expect.stringMatching(/^not DICOM/),
      expect.stringMatching(/^not DICOM/),
    ]);
    const niftiRows = rows.filter((row) => row.output.endsWith('.nii.gz'));
    expect(niftiRows).toHaveLength(inputs - 3); // all but the SR and the two README files
    expect(new Set(niftiRows.map((row) => row.output))).toEqual(new Set(images));

    // nibabel reads what the CLI wrote as the same image dcm2niix's reference holds.
    const ref = corpusFile('dcm_qa_nih/Ref/EPI_PE=AP_3.nii');
    const siemens = images.find((image) => image.includes('series-0003-MR'))!;
    const [result] = compareNifti([[ref, path.join(out, siemens)]]);
    expect(result).toMatchObject({ sameDtype: true, sameVoxels: true });
    expect(result!.affineDiff).toBeLessThanOrEqual(1e-3);
  });

  it('--nii --zip: uncompressed NIfTI in a zip, the same for any number of workers', () => {
    const digests = [1, 2].map((jobs) => {
      const out = path.join(work, `zip-out-${jobs}`);
      const zip = path.join(work, `out-${jobs}.zip`);
      const args = [input, out, '--nifti', '--nii', '--zip', zip, '--key-file', keyFile];
      const run = runCli(cli, [...args, '-j', String(jobs)]);
      expect(run.code, run.stderr).toBe(0);
      const listing = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n');
      expect(listing.filter((name) => name.endsWith('.nii'))).toHaveLength(2);
      expect(listing.some((name) => name.endsWith('.gz'))).toBe(false);
      expect(listing.slice(-2)).toEqual(['report.json', 'report.csv']);
      const unzipped = path.join(work, `unzipped-${jobs}`);
      execFileSync('unzip', ['-q', zip, '-d', unzipped]);
      return treeDigest(unzipped);
    });
    const strip = (digest: Map<string, string>) =>
      [...digest]
        .filter(([name]) => !name.startsWith('report'))
        .map(([name, value]) => [name, value.split(' ')[0]]);
    expect(strip(digests[1]!)).toEqual(strip(digests[0]!));
  });
});
