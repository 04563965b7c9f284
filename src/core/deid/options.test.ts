/**
 * The Basic Profile's options on real files, read back with pydicom: each Retain option keeps
 * (K) what the table says it keeps and what the plain profile changes, the Clean options cut
 * identifying text out while the rest survives, Modified Dates moves every date of a patient by
 * one offset, Retain Safe Private keeps exactly the safe private attributes, and each option's
 * CID 7050 code is recorded.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { setText } from '../dicom/values';
import {
  at,
  deidentifyCases,
  elementIn,
  plantedFile,
  text,
  type DeidResult,
  type PydicomFile,
} from '../testing/deidCases';
import type { ProfileSpec } from './api';
import type { ProfileOptionName } from './options';

const TEST_FILES = 'pydicom/src/pydicom/data/test_files';
const CT = `${TEST_FILES}/CT_small.dcm`;
const SR = `${TEST_FILES}/test-SR.dcm`;
const OVERLAYS = 'pydicom-data/data_store/data/MR-SIEMENS-DICOM-WithOverlays.dcm';
const BRAIN = 'deid-data/deid_data/data/humans/ctbrain1.dcm';
const BRAIN2 = 'deid-data/deid_data/data/humans/ctbrain2.dcm';
/** Two files of one patient, Doe^Archibald (77654033), from 1995 and 2001. */
const DOE_CT = `${TEST_FILES}/dicomdirtests/77654033/CT2/17106`;
const DOE_CR = `${TEST_FILES}/dicomdirtests/77654033/CR1/6154`;

const SERIES_DESCRIPTION = 0x0008103e;
const STUDY_DESCRIPTION = 0x00081030;
const PLANTED_DESCRIPTION = 'Routine Brain for ARCHIBALD DOE, 03.09.1995 doe^archibald';
const PLANTED_SR_TEXT = 'Dr Riesmeier saw a mass of 12 mm in Test^S R on 13.02.2001';

const spec = (...options: ProfileOptionName[]): ProfileSpec => ({ base: 'basic', options });

let r: Record<
  | 'overlays'
  | 'overlaysUids'
  | 'overlaysDevice'
  | 'overlaysInstitution'
  | 'overlaysPatient'
  | 'overlaysFullDates'
  | 'overlaysGraphics'
  | 'ct'
  | 'ctSafe'
  | 'ctModified'
  | 'ctEveryOption'
  | 'doeCtModified'
  | 'doeCrModified'
  | 'brainModified'
  | 'brain'
  | 'brainDevice'
  | 'brain2Device'
  | 'descriptors'
  | 'descriptorsPlain'
  | 'descriptorsOtherIds'
  | 'descriptorsMonthName'
  | 'sr'
  | 'srClean',
  DeidResult
>;

beforeAll(async () => {
  const descriptors = plantedFile(DOE_CT, [[SERIES_DESCRIPTION, PLANTED_DESCRIPTION]]);
  // CT_small's Other Patient IDs Sequence holds the IDs ABCD1234 and 1234ABCD.
  const otherIds = plantedFile(CT, [[STUDY_DESCRIPTION, 'e+1 ABCD1234']]);
  const monthName = plantedFile(DOE_CT, [[SERIES_DESCRIPTION, 'Routine Brain 3 Sep 1995']]);
  // Content Sequence > item 1 > Content Sequence > item 0 > Text Value ("A mass of").
  const sr = plantedFile(SR, [], (file) => {
    const outer = elementIn(file.dataset, 0x0040a730).items![1]!;
    const inner = elementIn(outer, 0x0040a730).items![0]!;
    setText(inner, elementIn(inner, 0x0040a160), PLANTED_SR_TEXT);
  });
  r = await deidentifyCases({
    overlays: { input: OVERLAYS, spec: spec() },
    overlaysUids: { input: OVERLAYS, spec: spec('retain-uids') },
    overlaysDevice: { input: OVERLAYS, spec: spec('retain-device-identity') },
    overlaysInstitution: { input: OVERLAYS, spec: spec('retain-institution-identity') },
    overlaysPatient: { input: OVERLAYS, spec: spec('retain-patient-characteristics') },
    overlaysFullDates: { input: OVERLAYS, spec: spec('retain-longitudinal-full-dates') },
    overlaysGraphics: { input: OVERLAYS, spec: spec('clean-graphics') },
    ct: { input: CT, spec: spec() },
    ctSafe: { input: CT, spec: spec('retain-safe-private') },
    ctModified: { input: CT, spec: spec('retain-longitudinal-modified-dates') },
    ctEveryOption: {
      input: CT,
      spec: spec(
        'retain-safe-private',
        'retain-uids',
        'retain-device-identity',
        'retain-institution-identity',
        'retain-patient-characteristics',
        'retain-longitudinal-modified-dates',
        'clean-descriptors',
        'clean-structured-content',
        'clean-graphics',
      ),
    },
    doeCtModified: { input: DOE_CT, spec: spec('retain-longitudinal-modified-dates') },
    doeCrModified: { input: DOE_CR, spec: spec('retain-longitudinal-modified-dates') },
    brainModified: { input: BRAIN, spec: spec('retain-longitudinal-modified-dates') },
    brain: { input: BRAIN, spec: spec() },
    brainDevice: { input: BRAIN, spec: spec('retain-device-identity') },
    brain2Device: { input: BRAIN2, spec: spec('retain-device-identity') },
    descriptors: { input: descriptors, spec: spec('clean-descriptors') },
    descriptorsPlain: { input: descriptors, spec: spec() },
    descriptorsOtherIds: { input: otherIds, spec: spec('clean-descriptors') },
    descriptorsMonthName: { input: monthName, spec: spec('clean-descriptors') },
    sr: { input: sr, spec: spec() },
    srClean: { input: sr, spec: spec('clean-structured-content') },
  });
});

/**
 * The option keeps these values as they were, where the plain profile changes or removes them.
 */
function expectKept(withOption: DeidResult, keys: readonly string[]): void {
  for (const key of keys) {
    const original = text(withOption.before, key);
    expect(original, `${key} in the input`).not.toBe('');
    expect(text(withOption.after, key), key).toBe(original);
    const plain = at(r.overlays.after, key);
    expect(plain === undefined || text(r.overlays.after, key) !== original, key).toBe(true);
  }
}

describe('Retain options keep (K) their attributes', () => {
  it('retain-uids: every UID, the file meta one included', () => {
    const uids = ['00080018', '0020000D', '0020000E', '00200052', '00081140/0/00081155'];
    expectKept(r.overlaysUids, uids);
    expect(text(r.overlaysUids.after, '00020003')).toBe(text(r.overlaysUids.before, '00020003'));
  });

  it('retain-device-identity: station name and device serial number', () => {
    expectKept(r.overlaysDevice, ['00081010', '00181000']);
  });

  it('retain-device-identity: the calibration date too, and a new AE title per device (C)', () => {
    const { before, after } = r.brainDevice;
    expect(text(after, '00181200')).toBe(present(before, '00181200')); // Date of Last Calibration
    expect(at(r.brain.after, '00181200')).toBeUndefined();
    // Network ID (AE, X; C with the option): another title, the same for both files.
    expect(text(before, '00081000')).toBe('RADIOLOGY1');
    const title = text(after, '00081000');
    expect(title).not.toBe('RADIOLOGY1');
    expect(title).not.toBe('');
    expect(at(after, '00081000')?.invalid).toBeUndefined();
    expect(text(r.brain2Device.before, '00081000')).toBe('RADIOLOGY1');
    expect(text(r.brain2Device.after, '00081000')).toBe(title);
    expect(at(r.brain.after, '00081000')).toBeUndefined();
  });

  it('retain-institution-identity: institution name and address', () => {
    expectKept(r.overlaysInstitution, ['00080080', '00080081']);
  });

  it("retain-patient-characteristics: the patient's sex, age, size, weight, pregnancy status", () => {
    expectKept(r.overlaysPatient, ['00100040', '00101010', '00101020', '00101030', '001021C0']);
    // Not the identity: name and ID are still replaced.
    expect(text(r.overlaysPatient.after, '00100020')).not.toBe(
      text(r.overlaysPatient.before, '00100020'),
    );
  });

  it('retain-longitudinal-full-dates: dates and times as they were, recorded as UNMODIFIED', () => {
    const dates = ['00080020', '00080021', '00080022', '00080023'];
    const times = ['00080030', '00080031', '00080032', '00080033'];
    expectKept(r.overlaysFullDates, [...dates, ...times]);
    expect(text(r.overlaysFullDates.after, '00280303')).toBe('UNMODIFIED');
    // Birth date is no longitudinal information: still emptied.
    expect(text(r.overlaysFullDates.after, '00100030')).toBe('');
  });
});

const DAY_MS = 86_400_000;
function dayNumber(da: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(da);
  if (!m) throw new Error(`not a DA: "${da}"`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}
/** How many days a date moved back. */
const shiftOf = (res: DeidResult, key: string) =>
  dayNumber(text(res.before, key)) - dayNumber(text(res.after, key));

describe('retain-longitudinal-modified-dates', () => {
  const DATES = ['00080012', '00080020', '00080021', '00080022', '00080023'];
  const TIMES = ['00080030', '00080031', '00080032', '00080033'];

  it("moves every date of a patient's files back by one offset of 1 to 3650 days", () => {
    const days = shiftOf(r.doeCtModified, '00080020');
    expect(days).toBeGreaterThanOrEqual(1);
    expect(days).toBeLessThanOrEqual(3650);
    for (const key of DATES) expect(shiftOf(r.doeCtModified, key), key).toBe(days);
    for (const key of ['00080012', '00080020', '00080022'])
      expect(shiftOf(r.doeCrModified, key), `CR ${key}`).toBe(days);
    // So the 1995 CT and the 2001 CR stay as far apart as they were.
    const interval = (file: 'before' | 'after') =>
      dayNumber(text(r.doeCrModified[file], '00080020')) -
      dayNumber(text(r.doeCtModified[file], '00080020'));
    expect(interval('before')).toBe(1947);
    expect(interval('after')).toBe(1947);
  });

  it('keeps intervals inside a file and keeps times of day', () => {
    const { before, after } = r.ctModified;
    expect(text(before, '00080020')).toBe('20040119');
    expect(text(before, '00080021')).toBe('19970430');
    expect(shiftOf(r.ctModified, '00080021')).toBe(shiftOf(r.ctModified, '00080020'));
    for (const key of TIMES) expect(text(after, key), key).toBe(present(before, key));
    for (const key of TIMES)
      expect(text(r.doeCtModified.after, key), key).toBe(present(r.doeCtModified.before, key));
  });

  it('moves the date part of a DateTime and keeps its time and fraction', () => {
    const { before, after } = r.brainModified;
    const days = shiftOf(r.brainModified, '00080020');
    expect(text(before, '0008002A')).toBe('20230101011721.621000');
    const shifted = text(after, '0008002A');
    expect(dayNumber(text(before, '0008002A').slice(0, 8)) - dayNumber(shifted.slice(0, 8))).toBe(
      days,
    );
    expect(shifted.slice(8)).toBe('011721.621000');
    expect(at(after, '0008002A')?.invalid).toBeUndefined();
  });

  it('records LongitudinalTemporalInformationModified = MODIFIED and its code', () => {
    expect(text(r.doeCtModified.after, '00280303')).toBe('MODIFIED');
    expect(codes(r.doeCtModified.after)).toEqual(['113100', '113107']);
  });
});

function present(file: PydicomFile, key: string): string {
  const value = text(file, key);
  expect(value, key).not.toBe('');
  return value;
}

describe('clean-descriptors', () => {
  it("cuts the patient's name and the study date out of a description and keeps the rest", () => {
    expect(text(r.descriptors.before, '0008103E')).toBe(PLANTED_DESCRIPTION);
    expect(text(r.descriptors.before, '00100010')).toBe('Doe^Archibald');
    expect(text(r.descriptors.before, '00080020')).toBe('19950903');
    const cleaned = text(r.descriptors.after, '0008103E');
    expect(cleaned).not.toMatch(/archibald|doe|1995|03\.09/i);
    expect(cleaned).toMatch(/^Routine Brain for /);
    expect(at(r.descriptors.after, '0008103E')?.invalid).toBeUndefined();
  });

  it('keeps descriptions that hold nothing identifying as they were', () => {
    for (const key of ['00081030', '00181030']) {
      // Study Description "CT, HEAD/BRAIN WO CONTRAST", Protocol Name "1.1 Routine Brain"
      expect(text(r.descriptors.after, key), key).toBe(present(r.descriptors.before, key));
    }
  });

  it('without the option, removes the description (X) or makes it dummy (X/D)', () => {
    expect(at(r.descriptorsPlain.after, '0008103E')).toBeUndefined();
    expect(text(r.descriptorsPlain.after, '00181030')).not.toBe(
      text(r.descriptorsPlain.before, '00181030'),
    );
  });

  // The identifying values to cut are gathered while the plan walks the data set, and it does
  // not walk into a sequence it removes: the patient's other IDs, held only in Other Patient
  // IDs Sequence (X), are not known to the cleaner and stay in the description.
  it('cuts identifiers the input holds only inside a removed sequence', () => {
    const { before, after } = r.descriptorsOtherIds;
    expect(text(before, '00101002/0/00100020')).toBe('ABCD1234');
    expect(at(after, '00101002')).toBeUndefined();
    expect(text(after, '00081030')).not.toMatch(/ABCD1234/);
  });

  // Dates are recognised in numeric forms only: the study date written "3 Sep 1995" survives.
  it("cuts the file's own date written with a month name", () => {
    const { before, after } = r.descriptorsMonthName;
    expect(text(before, '00080020')).toBe('19950903');
    expect(text(after, '0008103E')).not.toMatch(/1995/);
  });
});

describe('clean-structured-content', () => {
  const planted = '0040A730/1/0040A730/0/0040A160';
  const untouched = '0040A730/1/0040A730/2/0040A160'; // "was detected."

  it('cleans the text of content items instead of replacing it', () => {
    expect(text(r.srClean.before, planted)).toBe(PLANTED_SR_TEXT);
    const cleaned = text(r.srClean.after, planted);
    // The patient (Test^S R), the verifying observer (Riesmeier) and the date are cut out.
    expect(cleaned).not.toMatch(/Riesmeier|Test\^S R|13\.02\.2001/);
    expect(cleaned).toMatch(/^Dr .+ saw a mass of 12 mm in .+ on /);
    expect(text(r.srClean.after, untouched)).toBe(present(r.srClean.before, untouched));
  });

  it('without the option, replaces the text of content items with a dummy', () => {
    for (const key of [planted, untouched]) {
      const after = text(r.sr.after, key);
      expect(after, key).not.toBe('');
      expect(after, key).not.toBe(text(r.sr.before, key));
      expect(after, key).not.toMatch(/mass|detected/);
    }
  });
});

describe('clean-graphics', () => {
  const overlayKeys = (file: PydicomFile) =>
    Object.keys(file.elements).filter((k) => /^60[0-1][0-9A-F]/.test(k));

  it('keeps the overlay group, its bitmap byte for byte', () => {
    const keys = overlayKeys(r.overlaysGraphics.before);
    expect(keys).toEqual(expect.arrayContaining(['60003000', '60000010', '60000011', '60000022']));
    for (const key of keys)
      expect(at(r.overlaysGraphics.after, key), key).toEqual(at(r.overlaysGraphics.before, key));
    expect(codes(r.overlaysGraphics.after)).toEqual(['113100', '113103']);
  });

  it('without the option, removes the overlay group entirely, not only its data', () => {
    expect(overlayKeys(r.overlays.after)).toEqual([]);
  });
});

describe('retain-safe-private', () => {
  // CT_small's private attributes listed in PS3.15 Table E.3.10-1 for their creators.
  const SAFE: Record<string, string> = {
    '00191023': 'GEMS_ACQU_01', // Table Speed
    '00191024': 'GEMS_ACQU_01', // Mid Scan Time
    '00191027': 'GEMS_ACQU_01', // Gantry Period
    '00251007': 'GEMS_SERS_01', // Images in Series
    '00431027': 'GEMS_PARM_01', // Scan Pitch Ratio
  };
  const isPrivate = (key: string) => parseInt(key.slice(3, 4), 16) % 2 === 1;
  const privateKeys = (file: PydicomFile) => Object.keys(file.elements).filter(isPrivate);

  it('keeps the safe private attributes with their creators, values unchanged', () => {
    const { before, after } = r.ctSafe;
    for (const [key, creator] of Object.entries(SAFE)) {
      const creatorKey = `${key.slice(0, 4)}0010`;
      expect(text(before, creatorKey), creatorKey).toBe(creator);
      expect(text(after, creatorKey), creatorKey).toBe(creator);
      expect(at(after, key), key).toEqual(at(before, key));
    }
  });

  it('removes every other private element and the creators left with nothing', () => {
    const before = privateKeys(r.ctSafe.before);
    expect(before.length).toBeGreaterThan(150);
    expect(before).toEqual(
      expect.arrayContaining(['00090010', '00091001', '00191002', '00290010']),
    );
    const kept = Object.keys(SAFE).flatMap((k) => [k, `${k.slice(0, 4)}0010`]);
    expect(privateKeys(r.ctSafe.after).sort()).toEqual([...new Set(kept)].sort());
    expect(codes(r.ctSafe.after)).toEqual(['113100', '113111']);
  });

  it('without the option, removes every private element', () => {
    expect(privateKeys(r.ct.after)).toEqual([]);
  });
});

/** The code values of De-identification Method Code Sequence, in order. */
function codes(file: PydicomFile): string[] {
  const n = at(file, '00120064')?.items ?? 0;
  return Array.from({ length: n }, (_, i) => text(file, `00120064/${i}/00080100`));
}

describe('De-identification Method Code Sequence (CID 7050)', () => {
  it('holds 113100 and the code of each option chosen, each with its scheme and meaning', () => {
    const { after } = r.ctEveryOption;
    expect(codes(after).sort()).toEqual(
      [
        '113100', // Basic Application Confidentiality Profile
        '113111', // Retain Safe Private
        '113110', // Retain UIDs
        '113109', // Retain Device Identity
        '113112', // Retain Institution Identity
        '113108', // Retain Patient Characteristics
        '113107', // Retain Longitudinal Temporal Information Modified Dates
        '113105', // Clean Descriptors
        '113104', // Clean Structured Content
        '113103', // Clean Graphics
      ].sort(),
    );
    for (let i = 0; i < codes(after).length; i++) {
      expect(text(after, `00120064/${i}/00080102`)).toBe('DCM');
      expect(text(after, `00120064/${i}/00080104`)).not.toBe('');
    }
    expect(codes(r.overlaysFullDates.after)).toEqual(['113100', '113106']);
    expect(codes(r.overlaysUids.after)).toEqual(['113100', '113110']);
  });

  it('names the options in De-identification Method too', () => {
    const method = at(r.ctEveryOption.after, '00120063')!;
    expect(method.invalid).toBeUndefined();
    expect(text(r.ctEveryOption.after, '00120063')).toMatch(/Retain Safe Private/);
    expect(text(r.ctEveryOption.after, '00120063')).toMatch(/Clean Graphics/);
  });
});
