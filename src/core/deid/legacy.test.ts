/**
 * The legacy table and custom profiles, on real files read back with pydicom. Legacy: the dummy
 * "19000101", the look-alike Study ID, the removals, at every depth, and everything else left
 * as it was (UIDs, dates, private elements). Custom: a JSON profile's own actions take effect
 * over its base profile's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { DicomItem } from '../dicom/dataset';
import { setText } from '../dicom/values';
import { removeElements } from '../dicom/edit';
import { corpusFile } from '../testing/corpus';
import { testDeidentifier } from '../testing/deid';
import {
  at,
  deidentifyCases,
  keysOfTag,
  text,
  type DeidResult,
  type PydicomFile,
  brainForLegacy,
  plantedFile,
} from '../testing/deidCases';
import type { ProfileSpec } from './api';
import { ProfileError, parseCustomProfile } from './customProfile';

const LEGACY: ProfileSpec = { base: 'legacy', options: [] };
const OTHER_KEY = new Uint8Array(32).fill(9);

const TEST_FILES = 'pydicom/src/pydicom/data/test_files';
const CT = `${TEST_FILES}/CT_small.dcm`;
const REPORT = `${TEST_FILES}/reportsi.dcm`;
const RTPLAN = `${TEST_FILES}/rtplan.dcm`;
const OVERLAYS = 'pydicom-data/data_store/data/MR-SIEMENS-DICOM-WithOverlays.dcm';
const BRAIN = 'deid-data/deid_data/data/humans/ctbrain1.dcm';

const CUSTOM = parseCustomProfile(
  JSON.stringify({
    name: 'Trial 42',
    base: 'basic',
    actions: {
      InstitutionName: 'K',
      '(0010,0010)': { replace: 'SUBJECT^01' },
      '0008,103E': 'K',
      StationName: 'X',
      '(0029,1031)': 'K',
    },
  }),
);
const CUSTOM_LEGACY = parseCustomProfile('{"base": "legacy", "actions": {"StudyID": "K"}}');
const CUSTOM_EMPTY = parseCustomProfile('{"actions": {"PatientName": "Z", "PatientID": "Z"}}');

let r: Record<
  | 'brain'
  | 'brainAgain'
  | 'brainOtherKey'
  | 'ct'
  | 'overlays'
  | 'report'
  | 'rtplan'
  | 'custom'
  | 'customLegacy'
  | 'customEmpty',
  DeidResult
>;

beforeAll(async () => {
  r = await deidentifyCases({
    brain: { input: brainForLegacy(), spec: LEGACY },
    brainAgain: { input: brainForLegacy(), spec: LEGACY },
    brainOtherKey: { input: brainForLegacy(), spec: LEGACY, key: OTHER_KEY },
    ct: { input: CT, spec: LEGACY },
    overlays: { input: overlaysForLegacy(), spec: LEGACY },
    report: { input: reportWithRealNames(), spec: LEGACY },
    rtplan: { input: RTPLAN, spec: LEGACY },
    custom: { input: OVERLAYS, spec: CUSTOM },
    // Kept by this profile, the file's Study ID would be its accession number (quarantined).
    customLegacy: { input: overlaysForLegacy([[0x00200010, 'S42']]), spec: CUSTOM_LEGACY },
    customEmpty: { input: OVERLAYS, spec: CUSTOM_EMPTY },
  });
});

function present(file: PydicomFile, key: string): string {
  const value = text(file, key);
  expect(value, key).not.toBe('');
  return value;
}

const LEGACY_TABLE_KEYS = new Set([
  ...['00080050', '00100010', '00100020', '00080090', '0040A123', '00200010', '00101000'],
  ...['00080080', '00080096', '00081048', '00081049', '00081050', '00081052', '00081060'],
  ...['00081062', '00101050', '00100050', '00100101', '00101001', '00101002', '00101040'],
  ...['00101060', '00100021', '00100032', '00101005', '00102150', '00102152', '00102154'],
  ...['00380300', '00380400', '00080081', '00080092', '00080094', '00081040', '00081070'],
  '00400275',
]);

describe('legacy: replace with the dummy 19000101', () => {
  it('replaces Patient Name, Patient ID, Accession Number and Referring Physician', () => {
    for (const key of ['00100010', '00100020', '00080050', '00080090']) {
      present(r.brain.before, key);
      expect(text(r.brain.after, key), key).toBe('19000101');
    }
  });

  it('replaces Person Name inside the content tree of an SR', () => {
    const keys = keysOfTag(r.report.before, 0x0040a123).filter(
      (k) => text(r.report.before, k) !== '',
    );
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k.includes('/'))).toBe(true);
    for (const key of keys) expect(text(r.report.after, key), key).toBe('19000101');
  });
});

describe('legacy: replace Study ID with a look-alike', () => {
  it('keeps length and character classes, changes the value', () => {
    const digits = present(r.brain.before, '00200010');
    expect(digits).toBe('999887722');
    const similar = text(r.brain.after, '00200010');
    expect(similar).toMatch(/^\d{9}$/);
    expect(similar).not.toBe(digits);
    expect(text(r.ct.before, '00200010')).toBe('1CT1');
    expect(text(r.ct.after, '00200010')).toMatch(/^\d[A-Z]{2}\d$/);
    expect(text(r.ct.after, '00200010')).not.toBe('1CT1');
  });

  it('is the same under the same key and another under another key', () => {
    expect(text(r.brainAgain.after, '00200010')).toBe(text(r.brain.after, '00200010'));
    expect(text(r.brainOtherKey.after, '00200010')).toMatch(/^\d{9}$/);
    expect(text(r.brainOtherKey.after, '00200010')).not.toBe(text(r.brain.after, '00200010'));
  });
});

describe('legacy: remove', () => {
  it('removes the attributes of its Remove list', () => {
    const removed: Array<[keyof typeof r, string]> = [
      ['brain', '00080080'], // Institution Name
      ['brain', '00080081'], // Institution Address
      ['brain', '00101000'], // Other Patient IDs (listed as Replace and as Remove: Remove)
      ['brain', '00101001'], // Other Patient Names
      ['brain', '00100021'], // Issuer of Patient ID
      ['brain', '00081048'], // Physicians of Record
      ['brain', '00081060'], // Name of Physicians Reading Study
      ['brain', '00081040'], // Institutional Department Name
      ['brain', '00380300'], // Current Patient Location
      ['brain', '00400275'], // Request Attributes Sequence
      ['overlays', '00081070'], // Operators' Name
      ['overlays', '00101040'], // Patient's Address
      ['ct', '00101002'], // Other Patient IDs Sequence
    ];
    for (const [file, key] of removed) {
      expect(at(r[file].before, key), `${file} ${key} in the input`).toBeDefined();
      const left = Object.keys(r[file].after.elements).filter((k) => k.startsWith(key));
      expect(left, `${file} ${key}`).toEqual([]);
    }
  });

  it('removes them inside sequences too', () => {
    // RT Beam Sequence > Institution Name, Institutional Department Name.
    for (const key of ['300A00B0/0/00080080', '300A00B0/0/00081040']) {
      present(r.rtplan.before, key);
      expect(at(r.rtplan.after, key), key).toBeUndefined();
    }
    expect(text(r.rtplan.after, '300A00B0/0/00080070')).toBe(
      present(r.rtplan.before, '300A00B0/0/00080070'),
    );
  });
});

describe('legacy: everything else as it was', () => {
  /** Input elements the legacy table does not name, at any depth, that differ in the output. */
  function changedOutsideTable(res: DeidResult): string[] {
    return Object.entries(res.before.elements)
      .filter(([key]) => !key.startsWith('0002') && !/0000$/.test(key))
      .filter(([key]) => !key.split('/').some((step) => LEGACY_TABLE_KEYS.has(step)))
      .filter(
        ([key, element]) => JSON.stringify(res.after.elements[key]) !== JSON.stringify(element),
      )
      .map(([key]) => key);
  }

  it('keeps UIDs, dates, descriptions, overlays and private elements unchanged', () => {
    for (const name of ['ct', 'overlays', 'report'] as const) {
      expect(changedOutsideTable(r[name]), name).toEqual([]);
    }
    // What that covers: UIDs, dates, private elements, the overlay.
    const { before, after } = r.overlays;
    for (const key of ['00080018', '00081140/0/00081155', '00080020', '00100030', '00291031'])
      expect(text(after, key), key).toBe(present(before, key));
    expect(at(after, '60003000')).toEqual(at(before, '60003000'));
    expect(r.ct.after.pixelSha256).toBe(r.ct.before.pixelSha256);
  });

  it('records Patient Identity Removed but claims no Basic Profile code', () => {
    expect(text(r.overlays.after, '00120062')).toBe('YES');
    expect(text(r.overlays.after, '00120063')).toMatch(/legacy/);
    expect(at(r.overlays.after, '00120064')).toBeUndefined();
    expect(text(r.overlays.after, '00280303')).toBe('UNMODIFIED');
  });
});

describe('custom profile', () => {
  it("applies the profile's own actions over the basic profile's", () => {
    const { before, after } = r.custom;
    // K where the basic profile writes a dummy (D) or removes (X).
    expect(text(after, '00080080')).toBe(present(before, '00080080'));
    expect(text(after, '0008103E')).toBe(present(before, '0008103E'));
    // A fixed replacement where the basic profile writes the pseudonym.
    expect(text(after, '00100010')).toBe('SUBJECT^01');
    expect(text(after, '00100020')).toMatch(/^ANON/);
    // X where the basic profile writes a dummy.
    expect(at(before, '00081010')).toBeDefined();
    expect(at(after, '00081010')).toBeUndefined();
  });

  it('keeps a private attribute it names, with its creator, and removes the others', () => {
    const { before, after } = r.custom;
    expect(text(after, '00291031')).toBe(present(before, '00291031'));
    expect(text(after, '00290010')).toBe('SIEMENS MEDCOM HEADER');
    const privates = Object.keys(after.elements).filter((k) => parseInt(k[3]!, 16) % 2 === 1);
    expect(privates.sort()).toEqual(['00290010', '00291031']);
  });

  it('is named in De-identification Method and claims no Basic Profile code', () => {
    expect(text(r.custom.after, '00120063')).toMatch(/Trial 42/);
    expect(at(r.custom.after, '00120064')).toBeUndefined();
  });

  it('layers over the legacy table too', () => {
    const { before, after } = r.customLegacy;
    expect(text(after, '00200010')).toBe(present(before, '00200010'));
    expect(text(after, '00100010')).toBe('19000101');
    expect(at(after, '00081070')).toBeUndefined();
  });

  // docs/custom-profile.md: "Z" means "replace with an empty value". For Patient Name and
  // Patient ID the engine writes the keyed pseudonym instead (profile.ts fromCode), which links
  // all files of the patient: a profile written to drop that link does not.
  it('empties Patient Name and Patient ID when the profile says Z', () => {
    const { before, after } = r.customEmpty;
    expect(present(before, '00100010')).not.toBe('');
    expect(text(after, '00100010')).toBe('');
    expect(text(after, '00100020')).toBe('');
  });

  // A replacement is accepted for any tag and written as text whatever the VR: for Rows (US)
  // the output holds the ASCII bytes "128 ", which pydicom reads as Rows = [12849, 8248], so
  // the image can no longer be decoded, while the change log says "128". Expected: the
  // profile refused (replace needs a text VR) or the number encoded in binary.
  it('never writes text into a binary attribute', async () => {
    let spec: ProfileSpec;
    try {
      spec = parseCustomProfile('{"actions": {"Rows": {"replace": "128"}}}');
    } catch (error) {
      expect(error).toBeInstanceOf(ProfileError);
      return;
    }
    const { after } = (await deidentifyCases({ rows: { input: CT, spec } })).rows;
    expect(text(after, '00280010')).toBe('128');
  });
});

describe('legacy profile and the leak check', () => {
  it('quarantines the original ctbrain1: what the table keeps still names the patient', async () => {
    const outcome = await (
      await testDeidentifier(LEGACY)
    ).deidentify(readFileSync(corpusFile(BRAIN)));
    expect(outcome.status).toBe('quarantined');
    if (outcome.status !== 'quarantined') return;
    // Requesting Physician (kept by the table) holds the name of a physician it removes: the
    // referring physician, named again in Physicians of Record (the first is reported).
    expect(outcome.findings).toContainEqual({
      path: '(0032,1032)',
      kind: 'person name',
      source: 'ReferringPhysicianName',
    });
  });
});

/**
 * The overlay file without its Siemens CSA series header (0029,1110), which holds the
 * operator's name that the legacy table removes elsewhere: with it, the legacy output is
 * quarantined by the leak check, as it should be.
 */
function overlaysForLegacy(
  edits: ReadonlyArray<readonly [tag: number, text: string]> = [],
): Uint8Array {
  return plantedFile(OVERLAYS, edits, (file) => {
    removeElements(file.dataset, (e) => e.tag === 0x00291110);
  });
}

/**
 * reportsi.dcm names its observer "Enter text", and its report text says "text": the leak check
 * cannot tell that placeholder from a name. A real-looking name is put in its place.
 */
function reportWithRealNames(): Uint8Array {
  return plantedFile(REPORT, [], (file) => {
    const rename = (item: DicomItem): void => {
      for (const element of item.elements) {
        if (element.tag === 0x0040a123) setText(item, element, 'Ridley^Jane');
        element.items?.forEach(rename);
      }
    };
    rename(file.dataset);
  });
}
