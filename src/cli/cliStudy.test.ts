/**
 * The built CLI de-identifies each file with the identifying values of its whole study: a
 * name that only another file of the study carries as an attribute, planted in text the
 * profile keeps, quarantines the file that holds it, while the rest of the study is written.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putElement } from '../core/dicom/edit';
import { plantedFile } from '../core/testing/deidCases';
import { buildCli, filesUnder, readReportJson, removeBuiltCli, runCli } from './testing/cliHarness';

const CT = 'pydicom/src/pydicom/data/test_files/CT_small.dcm';
const OPERATORS_NAME = 0x00081070;
const MANUFACTURER_MODEL = 0x00081090;
const latin1 = (text: string) => new Uint8Array([...text].map((c) => c.charCodeAt(0)));

let cli: string;
let work: string;

beforeAll(() => {
  cli = buildCli();
  work = mkdtempSync(path.join(tmpdir(), 'dicomanon-study-'));
  const input = path.join(work, 'in');
  mkdirSync(input, { recursive: true });
  // Two files of one study: the first names its operator, the second only mentions her.
  writeFileSync(
    path.join(input, 'a.dcm'),
    plantedFile(CT, [], (file) => {
      putElement(file.dataset, OPERATORS_NAME, 'PN', latin1('Quincy^Harriet'));
    }),
  );
  writeFileSync(
    path.join(input, 'b.dcm'),
    plantedFile(CT, [[MANUFACTURER_MODEL, 'RHAPSODE serviced by Harriet Quincy']]),
  );
}, 60_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  removeBuiltCli(cli);
});

describe('dicomanon CLI, study by study', () => {
  it("quarantines a file that holds a name from another file's attribute", () => {
    const output = path.join(work, 'out');
    const run = runCli(cli, [path.join(work, 'in'), output, '--dicom']);
    expect(run.code, run.stderr).toBe(1);
    const report = readReportJson(output);
    expect(report.files.map((f) => f.status)).toEqual(['written', 'quarantined']);
    expect(report.files[1]!.reason).toMatch(
      /\(0008,1090\) held a person name \(from OperatorsName of another file of the study\)/,
    );
    const written = filesUnder(output).filter((f) => !/report\.(json|csv)$/.test(f));
    expect(written).toHaveLength(1);
    for (const file of filesUnder(output)) {
      expect(readFileSync(path.join(output, file)).toString('latin1')).not.toMatch(/quincy/i);
    }
    expect(run.stderr).not.toMatch(/quincy/i);
  });
});
