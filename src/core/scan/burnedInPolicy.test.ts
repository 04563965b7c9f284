import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BURNED_IN_REASONS } from '../deid/burnedIn';
import { corpusFile } from '../testing/corpus';
import { headerHints, seriesFlagReasons, TEXT_FOUND_REASON } from './burnedInPolicy';
import { scanHeader } from './scanHeader';

async function reasonsOf(relative: string): Promise<readonly string[]> {
  const bytes = new Uint8Array(readFileSync(corpusFile(relative)));
  const scan = await scanHeader(async (length) => bytes.subarray(0, length), bytes.length);
  if (scan.status !== 'dicom') throw new Error(`${relative}: ${scan.status}`);
  return scan.summary.burnedInReasons;
}

const PYDICOM_DATA = 'pydicom-data/data_store/data/';
const PYDICOM_TEST = 'pydicom/src/pydicom/data/test_files/';

describe('which series stay flagged for burned-in text', () => {
  // The corpus has no enhanced-MR derived maps (dcm_qa* holds original EPI only); these are the
  // enhanced multi-frame derived maps it has whose headers say Burned In Annotation NO, as the
  // ADC, FA and perfusion maps of issue 16 did.
  it.each([
    `${PYDICOM_DATA}eCT_Supplemental.dcm`, // enhanced CT perfusion map, DERIVED\PRIMARY\PERFUSION\RCBF
    'dicomParser/testImages/encapsulated/multi-frame/CT0012.explicit_little_endian.dcm',
    `${PYDICOM_DATA}parametric_map_double_float.dcm`, // DERIVED\PRIMARY\VOLUME\QUANTITY
  ])('a derived map whose header says NO is not flagged: %s', async (file) => {
    expect(await reasonsOf(file)).toEqual([]);
  });

  it('a derived image that does not say NO keeps its weak hint until sampling clears it', async () => {
    const reasons = await reasonsOf(`${PYDICOM_TEST}MR_small.dcm`); // DERIVED\SECONDARY, no 0028,0301
    expect(reasons).toEqual([BURNED_IN_REASONS.derived]);
    expect(seriesFlagReasons(reasons, 'pending')).toEqual(reasons);
    expect(seriesFlagReasons(reasons, 'unknown')).toEqual(reasons);
    expect(seriesFlagReasons(reasons, 'clear')).toEqual([]);
    expect(seriesFlagReasons(reasons, 'text')).toEqual([
      BURNED_IN_REASONS.derived,
      TEXT_FOUND_REASON,
    ]);
  });

  it('ultrasound that says YES stays flagged even when sampling finds nothing', async () => {
    // deid-data's ultrasound: BurnedInAnnotation YES, ultrasound SOP class.
    const reasons = await reasonsOf('deid-data/deid_data/data/ultrasounds/GREYSCALE_IMAGE.dcm');
    expect(reasons).toEqual(
      expect.arrayContaining([BURNED_IN_REASONS.declared, BURNED_IN_REASONS.ultrasound]),
    );
    expect(seriesFlagReasons(reasons, 'clear')).toEqual(reasons);
  });

  it('secondary captures stay flagged when sampling finds nothing; the weak hint beside goes', async () => {
    const reasons = await reasonsOf(`${PYDICOM_TEST}SC_rgb_rle.dcm`); // DERIVED\SECONDARY\OTHER
    expect(reasons).toEqual([BURNED_IN_REASONS.secondaryCapture, BURNED_IN_REASONS.derived]);
    expect(seriesFlagReasons(reasons, 'clear')).toEqual([BURNED_IN_REASONS.secondaryCapture]);
  });

  it('an unflagged CT is flagged once sampling finds text in it', async () => {
    const reasons = await reasonsOf(`${PYDICOM_TEST}CT_small.dcm`);
    expect(reasons).toEqual([]);
    expect(seriesFlagReasons(reasons, 'text')).toEqual([TEXT_FOUND_REASON]);
    expect(seriesFlagReasons(reasons, 'clear')).toEqual([]);
  });

  it('boxes the OCR does not read as text flag no series, and leave its hints as they are', async () => {
    expect(seriesFlagReasons(await reasonsOf(`${PYDICOM_TEST}CT_small.dcm`), 'unreadable')).toEqual(
      [],
    );
    const weak = await reasonsOf(`${PYDICOM_TEST}MR_small.dcm`);
    expect(seriesFlagReasons(weak, 'unreadable')).toEqual(weak);
  });

  it('an explicit NO clears only weak hints, and only NO does', () => {
    const all = [BURNED_IN_REASONS.ultrasound, BURNED_IN_REASONS.derived];
    expect(headerHints(all, ' no ')).toEqual([BURNED_IN_REASONS.ultrasound]);
    expect(headerHints(all, '')).toEqual(all);
    expect(headerHints(all, 'YES')).toEqual(all);
  });
});
