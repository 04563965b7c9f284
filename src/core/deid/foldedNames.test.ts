/**
 * A name with accents (Müller^Jürgen) is also looked for as systems that cannot store accents
 * write it: MULLER JURGEN, Mueller. Files made by pydicom from a real CT (ISO_IR 100), the
 * spelling planted in an attribute the basic profile keeps (Manufacturer).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../testing/corpus';
import { testDeidentifier } from '../testing/deid';

const CT = corpusFile('pydicom/src/pydicom/data/test_files/CT_small.dcm');
/** name: [Patient's Name, Manufacturer] */
const CASES: Record<string, [string, string]> = {
  unaccented: ['Müller^Jürgen', 'MULLER JURGEN'],
  transliterated: ['Müller^Jürgen', 'Dr Mueller'],
  french: ['Lefèvre^Hélène', 'HELENE LEFEVRE'],
  // Accents that name nobody here.
  control: ['Müller^Jürgen', 'Siemens Healthineers'],
};

let work: string;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'dicomanon-folded-'));
  const script = `
import json, sys, pydicom
for name, (patient, maker) in json.loads(sys.argv[3]).items():
    ds = pydicom.dcmread(sys.argv[1])
    ds.SpecificCharacterSet = 'ISO_IR 100'
    ds.PatientName, ds.PatientID, ds.Manufacturer = patient, 'ZQ-991177', maker
    ds.save_as(f'{sys.argv[2]}/{name}.dcm')
`;
  execFileSync('/usr/bin/python3', ['-W', 'ignore', '-c', script, CT, work, JSON.stringify(CASES)]);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('names without their accents', () => {
  it('are found in an attribute the profile keeps; unrelated text is written', async () => {
    const deidentifier = await testDeidentifier({ base: 'basic', options: [] });
    const status = async (name: string) =>
      (await deidentifier.deidentify(readFileSync(path.join(work, `${name}.dcm`)))).status;
    expect(await status('unaccented')).toBe('quarantined');
    expect(await status('transliterated')).toBe('quarantined');
    expect(await status('french')).toBe('quarantined');
    expect(await status('control')).toBe('written');
  });
});
