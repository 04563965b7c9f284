/**
 * dciodvfy (dicom3tools) checks each output against its IOD: de-identification must not add an
 * error the input did not have. A sample of every kind of object in the corpus is checked, under
 * the basic profile and with every option that changes values rather than removing them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../testing/corpus';
import { outputBytes, testDeidentifier } from '../testing/deid';
import { nodePixelTools } from '../testing/pixelTools';
import type { ProfileOptionName } from './options';

const TEST_FILES = 'pydicom/src/pydicom/data/test_files/';
const SAMPLE = [
  `${TEST_FILES}CT_small.dcm`,
  `${TEST_FILES}MR_small.dcm`,
  `${TEST_FILES}MR_small_bigendian.dcm`,
  `${TEST_FILES}MR_small_implicit.dcm`,
  'pydicom-data/data_store/data/MR-SIEMENS-DICOM-WithOverlays.dcm',
  `${TEST_FILES}examples_overlay.dcm`,
  `${TEST_FILES}rtstruct.dcm`,
  `${TEST_FILES}rtplan.dcm`,
  `${TEST_FILES}rtdose.dcm`,
  `${TEST_FILES}reportsi.dcm`,
  `${TEST_FILES}test-SR.dcm`,
  `${TEST_FILES}JPEG2000.dcm`,
  'pydicom-data/data_store/data/emri_small_RLE.dcm',
  'pydicom-data/data_store/data/US1_J2KR.dcm',
  `${TEST_FILES}SC_rgb_jpeg_gdcm.dcm`,
  `pydicom/src/pydicom/data/charset_files/chrH31.dcm`,
  `pydicom/src/pydicom/data/charset_files/chrSQEncoding.dcm`,
  'pydicom-data/data_store/data/eCT_Supplemental.dcm',
  'pydicom-data/data_store/data/emri_small.dcm',
  'dcm_qa_nih/In/20180918GE/mr_0004/axial_epi_fmri_interleaved_i_to_s-00001.dcm',
  'deid-data/deid_data/data/ultrasounds/GREYSCALE_IMAGE.dcm',
  'deid-data/deid_data/data/dicom-cookies/image1.dcm',
  'deid-data/deid_data/data/humans/ctbrain1.dcm',
];

/** Error lines, with UIDs and values masked: the UIDs change on purpose. */
function errors(file: string): Set<string> {
  const result = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
  const lines = `${result.stdout}${result.stderr}`.split('\n').filter((l) => l.startsWith('Error'));
  return new Set(
    lines.map((l) => l.replace(/<[^>]*>/g, '<>').replace(/[0-9]+(\.[0-9]+)+|\b[0-9]+\b/g, 'N')),
  );
}

describe('dciodvfy finds no new error in de-identified files', () => {
  const cases: Array<[string, ProfileOptionName[]]> = [
    ['basic profile', []],
    [
      'modified dates and cleaning options',
      [
        'retain-longitudinal-modified-dates',
        'clean-descriptors',
        'clean-structured-content',
        'clean-graphics',
      ],
    ],
  ];
  for (const [label, options] of cases) {
    it(label, async () => {
      const deidentifier = await testDeidentifier({ base: 'basic', options });
      const { added, checked } = await newErrors(deidentifier);
      expect(checked).toBe(SAMPLE.length);
      expect(added).toEqual([]);
    });
  }

  it('Clean Pixel Data, whose outputs pydicom also decodes wherever it decoded the input', async () => {
    const spec = { base: 'basic', options: [], pixels: { clean: true } } as const;
    const deidentifier = await testDeidentifier(spec, undefined, nodePixelTools);
    const { added, checked, pairs } = await newErrors(deidentifier);
    expect(checked).toBe(SAMPLE.length);
    expect(added).toEqual([]);
    const decodes = pydicomDecodes(pairs.flat());
    const lost = pairs.filter(([input, output]) => decodes[input] && !decodes[output]);
    expect(Object.values(decodes).filter(Boolean).length).toBeGreaterThan(10);
    expect(lost).toEqual([]);
  }, 120_000);
});

/** Whether pydicom (Debian's, with the handlers it has there) decodes each file's pixels. */
function pydicomDecodes(files: string[]): Record<string, boolean> {
  const script = [
    'import sys, json, pydicom',
    'out = {}',
    'for f in sys.argv[1:]:',
    '    try:',
    '        ds = pydicom.dcmread(f)',
    '        out[f] = "PixelData" in ds and ds.pixel_array.size > 0',
    '    except Exception:',
    '        out[f] = False',
    'print(json.dumps(out))',
  ].join('\n');
  const result = spawnSync('/usr/bin/python3', ['-c', script, ...files], { encoding: 'utf8' });
  return JSON.parse(result.stdout) as Record<string, boolean>;
}

async function newErrors(deidentifier: Awaited<ReturnType<typeof testDeidentifier>>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'dicomanon-dciodvfy-'));
  const added: string[] = [];
  const pairs: Array<[string, string]> = [];
  for (const name of SAMPLE) {
    const input = corpusFile(name);
    const outcome = await deidentifier.deidentify(readFileSync(input));
    const output = path.join(dir, path.basename(name));
    writeFileSync(output, outputBytes(outcome));
    const before = errors(input);
    for (const error of errors(output)) if (!before.has(error)) added.push(`${name}: ${error}`);
    pairs.push([input, output]);
  }
  return { added, checked: pairs.length, pairs };
}
