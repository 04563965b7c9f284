/**
 * The CLI cannot leave images out the way the app's review screen does, so it says which
 * written files may show burned-in text, and why, in the report and at the end of the run.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BURNED_IN_NOTE } from '../core/deid/burnedIn';
import { corpusFile } from '../core/testing/corpus';
import { buildCli, readReportJson, removeBuiltCli, runCli } from './testing/cliHarness';

let cli: string;
let work: string;

beforeAll(() => {
  cli = buildCli();
  work = mkdtempSync(path.join(tmpdir(), 'dicomanon-burned-'));
  mkdirSync(path.join(work, 'in'));
  copyFileSync(
    corpusFile('pydicom/src/pydicom/data/test_files/CT_small.dcm'),
    path.join(work, 'in', 'a.dcm'),
  );
  copyFileSync(
    corpusFile('pydicom-data/data_store/data/US1_UNCR.dcm'),
    path.join(work, 'in', 'b.dcm'),
  );
}, 60_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  removeBuiltCli(cli);
});

describe('dicomanon CLI and burned-in text', () => {
  it('writes the ultrasound but says to check its images, and why', () => {
    const output = path.join(work, 'out');
    const run = runCli(cli, [path.join(work, 'in'), output, '--dicom']);
    expect(run.code, run.stderr).toBe(0);
    const report = readReportJson(output);
    expect(report.files.map((f) => f.status)).toEqual(['written', 'written']);
    expect(report.files[0]!.reason).toBe('');
    expect(report.files[1]!.reason).toBe(`${BURNED_IN_NOTE} (an ultrasound image)`);
    expect(run.stderr).toMatch(/1 written file\(s\) may show burned-in text/);
  });
});
