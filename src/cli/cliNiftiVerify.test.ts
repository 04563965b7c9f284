/**
 * --nifti verifies what it writes: the built CLI on a GE series (dcm_qa_nih mr_0004) whose
 * patient's name was typed into a field the sidecar keeps (GE's Pulse Sequence Name) and a
 * clean Siemens series. The GE series is quarantined as a whole (no file of it, every row
 * quarantined, exit 1) while the Siemens one is written. And a name only another file of the
 * study carries is cut from the cleaned sidecar description: the NIfTI run gets study values.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putElement } from '../core/dicom/edit';
import { corpusFile } from '../core/testing/corpus';
import { plantedFile } from '../core/testing/deidCases';
import { buildCli, filesUnder, readReportJson, removeBuiltCli, runCli } from './testing/cliHarness';

const GE = 'dcm_qa_nih/In/20180918GE/mr_0004';
const SIEMENS = 'dcm_qa_nih/In/20180918Si/mr_0003';
const PATIENT_NAME = 0x00100010;
const SERIES_DESCRIPTION = 0x0008103e;
const SERIES_INSTANCE_UID = 0x0020000e;
const OPERATORS_NAME = 0x00081070;
const GE_PULSE_SEQUENCE_NAME = 0x0019109c;
const latin1 = (text: string) => new Uint8Array([...text].map((c) => c.charCodeAt(0)));
const dicomNames = (series: string) =>
  readdirSync(corpusFile(series))
    .filter((n) => n.endsWith('.dcm'))
    .sort();

let cli: string;
let work: string;

beforeAll(() => {
  cli = buildCli();
  work = mkdtempSync(path.join(tmpdir(), 'dicomanon-cli-nifti-verify-'));
  const leaky = path.join(work, 'leaky');
  mkdirSync(path.join(leaky, 'a-ge'), { recursive: true });
  mkdirSync(path.join(leaky, 'b-siemens'), { recursive: true });
  for (const name of dicomNames(GE))
    writeFileSync(
      path.join(leaky, 'a-ge', name),
      plantedFile(`${GE}/${name}`, [
        [PATIENT_NAME, 'Quincy^Harriet'],
        [GE_PULSE_SEQUENCE_NAME, 'epiRT Harriet Quincy'],
      ]),
    );
  for (const name of dicomNames(SIEMENS))
    copyFileSync(corpusFile(`${SIEMENS}/${name}`), path.join(leaky, 'b-siemens', name));

  const study = path.join(work, 'study');
  mkdirSync(study);
  for (const name of dicomNames(GE))
    writeFileSync(
      path.join(study, name),
      plantedFile(`${GE}/${name}`, [[SERIES_DESCRIPTION, 'Axial EPI for Quincy Harriet']]),
    );
  // Another series of the study names its operator.
  writeFileSync(
    path.join(study, 'zz-other-series.dcm'),
    plantedFile(`${GE}/${dicomNames(GE)[0]}`, [[SERIES_INSTANCE_UID, '1.2.3.4.5.6.7.8.9']], (f) =>
      putElement(f.dataset, OPERATORS_NAME, 'PN', latin1('Quincy^Harriet')),
    ),
  );
}, 120_000);

afterAll(() => {
  removeBuiltCli(cli);
  rmSync(work, { recursive: true, force: true });
});

describe('dicomanon --nifti verifies its outputs', () => {
  it('quarantines a series whose sidecar would name the patient; writes the others', () => {
    const out = path.join(work, 'out-leaky');
    const run = runCli(cli, [path.join(work, 'leaky'), out, '--nifti', '-j', '2']);
    expect(run.code, run.stderr).toBe(1);
    const rows = readReportJson(out).files;
    const ge = dicomNames(GE).length;
    expect(rows).toHaveLength(ge + dicomNames(SIEMENS).length);
    for (const row of rows.slice(0, ge)) {
      expect(row.status).toBe('quarantined');
      expect(row.output).toBe('');
      expect(row.reason).toMatch(
        /^quarantined, not saved: .*the JSON sidecar's "PulseSequenceName" held a patient name/,
      );
    }
    expect(rows.slice(ge).every((row) => row.status === 'written')).toBe(true);
    const written = filesUnder(out).filter((f) => !/^report\.(json|csv)$/.test(f));
    expect(written.filter((f) => f.endsWith('.nii.gz'))).toHaveLength(1);
    expect(written.filter((f) => f.endsWith('.json'))).toHaveLength(1);
    expect(
      written.every((f) => /^ANON[0-9A-Z]{10}\/study-[0-9A-Z]{8}\/series-0003-MR/.test(f)),
    ).toBe(true);
    for (const file of filesUnder(out))
      expect(readFileSync(path.join(out, file)).toString('latin1')).not.toMatch(/quincy|harriet/i);
  });

  it("cuts a name from another file's attribute out of the cleaned description", () => {
    const out = path.join(work, 'out-study');
    const run = runCli(cli, [
      path.join(work, 'study'),
      out,
      '--nifti',
      '--option',
      'clean-descriptors',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const sidecars = filesUnder(out).filter((f) => f.endsWith('.json') && !f.startsWith('report'));
    expect(sidecars).toHaveLength(2);
    const descriptions = sidecars.map(
      (f) =>
        (JSON.parse(readFileSync(path.join(out, f), 'utf8')) as Record<string, unknown>)
          .SeriesDescription,
    );
    expect(descriptions).toContain('Axial EPI for *** ***');
    for (const file of filesUnder(out))
      expect(readFileSync(path.join(out, file)).toString('latin1')).not.toMatch(/quincy|harriet/i);
  });
});
