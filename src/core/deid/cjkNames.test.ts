/**
 * Names in ideographic and phonetic groups (Yamada^Tarou=山田^太郎) are looked for as they are
 * written in text: each part is one or two characters, and CJK text runs without spaces, so the
 * three-letter minimum and the word boundaries of Latin names let "山田太郎" through a kept
 * attribute. Files made by pydicom from a real CT in ISO 2022 IR 87, IR 149, GB18030 and UTF-8;
 * outputs read back by pydicom.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../testing/corpus';
import { outputBytes, testDeidentifier } from '../testing/deid';
import type { FileOutcome } from './api';

const CT = corpusFile('pydicom/src/pydicom/data/test_files/CT_small.dcm');
/** name: [character set, Patient's Name, Manufacturer, Series Description] */
const CASES: Record<string, [string[], string, string, string]> = {
  jis: [['', 'ISO 2022 IR 87'], 'Yamada^Tarou=山田^太郎', '山田太郎', '患者山田太郎様 胸部CT'],
  korean: [['', 'ISO 2022 IR 149'], 'Hong^Gildong=洪^吉洞', '洪 吉洞', '洪吉洞 흉부 CT'],
  gb18030: [['GB18030'], 'Wang^XiaoDong=王^小东', '王小东', '王小东的胸部CT'],
  utf8: [['ISO_IR 192'], 'Wang^XiaoDong=王^小东', '王 小东', '胸部CT 王小东'],
  // The name only in running text, which Clean Descriptors cleans.
  jisText: [['', 'ISO 2022 IR 87'], 'Yamada^Tarou=山田^太郎', '東芝', '患者山田太郎様 胸部CT'],
  gbText: [['GB18030'], 'Wang^XiaoDong=王^小东', '東芝', '王小东的胸部CT'],
  // The same scripts naming nobody: a vendor, an exam.
  control: [['ISO_IR 192'], 'Wang^XiaoDong=王^小东', '東芝', '胸部CT 検査'],
};

let work: string;
const input = (name: string) => readFileSync(path.join(work, `${name}.dcm`));

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'dicomanon-cjk-'));
  const script = `
import json, sys, pydicom
for name, (charset, patient, maker, series) in json.loads(sys.argv[3]).items():
    ds = pydicom.dcmread(sys.argv[1])
    ds.SpecificCharacterSet = charset
    ds.PatientName, ds.PatientID = patient, 'ZQ-991177'
    ds.Manufacturer, ds.SeriesDescription = maker, series
    ds.save_as(f'{sys.argv[2]}/{name}.dcm')
`;
  execFileSync('/usr/bin/python3', ['-W', 'ignore', '-c', script, CT, work, JSON.stringify(CASES)]);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Manufacturer and Series Description of a written output, as pydicom decodes them. */
function readBack(outcome: FileOutcome): [string, string] {
  const file = path.join(work, 'out.dcm');
  writeFileSync(file, outputBytes(outcome));
  const script = `
import json, sys, pydicom
ds = pydicom.dcmread(sys.argv[1])
print(json.dumps([ds.get('Manufacturer', ''), ds.get('SeriesDescription', '')]))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' }));
}

describe('CJK names', () => {
  it('a name kept in an attribute the profile keeps quarantines the file, in every set', async () => {
    const deidentifier = await testDeidentifier({ base: 'basic', options: [] });
    for (const name of ['jis', 'korean', 'gb18030', 'utf8']) {
      const outcome = await deidentifier.deidentify(input(name));
      expect(outcome.status, name).toBe('quarantined');
      if (outcome.status === 'quarantined')
        expect(outcome.findings.map((f) => `${f.path} ${f.kind}`)).toContain(
          '(0008,0070) patient name',
        );
    }
    expect((await deidentifier.deidentify(input('control'))).status).toBe('written');
  });

  it('Clean Descriptors cuts the name out of running text and keeps the rest', async () => {
    const deidentifier = await testDeidentifier({
      base: 'basic',
      options: ['clean-descriptors', 'retain-device-identity'],
    });
    const controlled = readBack(await deidentifier.deidentify(input('control')));
    expect(controlled).toEqual(['東芝', '胸部CT 検査']);
    const [, jis] = readBack(await deidentifier.deidentify(input('jisText')));
    expect(jis).toContain('胸部CT');
    expect(jis).not.toMatch(/山田|太郎/);
    const [, gb] = readBack(await deidentifier.deidentify(input('gbText')));
    expect(gb).toContain('胸部CT');
    expect(gb).not.toMatch(/王小东/);
  });
});
