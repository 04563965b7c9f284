/**
 * Each action of the Basic Profile, exercised on a real file of ../shared/data that holds an
 * attribute it applies to, and checked by reading input and output with pydicom: X removes, Z
 * empties, D writes a non-empty value valid for the VR, U writes a new 2.25 UID that is the same
 * for the same input under the same key, the combined codes resolve as profile.ts documents,
 * and what every output carries: the patient pseudonym, a new file meta, the method attributes,
 * no unknown public tags, no group lengths, and the input's pixel data byte for byte.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { putElement } from '../dicom/edit';
import { keywordOf } from '../dicom/dictionary';
import { encodeTextValue } from '../dicom/values';
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

const BASIC: ProfileSpec = { base: 'basic', options: [] };
const OTHER_KEY = new Uint8Array(32).fill(9);

const TEST_FILES = 'pydicom/src/pydicom/data/test_files';
const CT = `${TEST_FILES}/CT_small.dcm`;
const SR = `${TEST_FILES}/test-SR.dcm`;
const RTPLAN = `${TEST_FILES}/rtplan.dcm`;
const RTSTRUCT = `${TEST_FILES}/rtstruct.dcm`;
const OVERLAYS = 'pydicom-data/data_store/data/MR-SIEMENS-DICOM-WithOverlays.dcm';
const BRAIN = 'deid-data/deid_data/data/humans/ctbrain1.dcm';
const GE = 'dcm_qa_nih/In/20180918GE/mr_0004/axial_epi_fmri_interleaved_i_to_s';
const PRISMA = 'flywheel-deidentification/exampleData/penn_prisma/dicom';
/** Its ReferencedImageSequence item 0 points at REFERENCED's SOP Instance UID. */
const REFERRER = `${PRISMA}/6_anat_acq_vnavsetter_T1w/6_anat_acq_vnavsetter_T1w_000.dcm`;
const REFERENCED = `${PRISMA}/1_anat/1_anat_002.dcm`;
/** Two files of one patient (Doe^Archibald, 77654033). */
const DOE_CT = `${TEST_FILES}/dicomdirtests/77654033/CT2/17106`;
const DOE_CR = `${TEST_FILES}/dicomdirtests/77654033/CR1/6154`;

// Public tags no edition of the dictionary knows: (1234,5678) at top level and in an item.
const UNKNOWN_TOP = 0x12345678;
const UNKNOWN_NESTED = 0x00081234;

let r: Record<
  | 'ct'
  | 'ctOtherKey'
  | 'sr'
  | 'rtplan'
  | 'rtstruct'
  | 'overlays'
  | 'overlayInPixels'
  | 'overlayKept'
  | 'brain'
  | 'ge1'
  | 'ge2'
  | 'ge1OtherKey'
  | 'referrer'
  | 'referenced'
  | 'doeCt'
  | 'doeCr'
  | 'unknown',
  DeidResult
>;

beforeAll(async () => {
  const unknown = plantedFile(OVERLAYS, [], (file) => {
    const item = elementIn(file.dataset, 0x00081140).items![0]!;
    putElement(file.dataset, UNKNOWN_TOP, 'LO', encodeTextValue(file.dataset, 'LO', 'MYSTERY'));
    putElement(item, UNKNOWN_NESTED, 'LO', encodeTextValue(item, 'LO', 'MYSTERY NESTED'));
  });
  r = await deidentifyCases({
    ct: { input: CT, spec: BASIC },
    ctOtherKey: { input: CT, spec: BASIC, key: OTHER_KEY },
    sr: { input: SR, spec: BASIC },
    rtplan: { input: RTPLAN, spec: BASIC },
    rtstruct: { input: RTSTRUCT, spec: BASIC },
    overlays: { input: OVERLAYS, spec: BASIC },
    // The retired form: the overlay described by its group, its bits in Pixel Data's high bits.
    overlayInPixels: {
      input: plantedFile(OVERLAYS, [], (file) => {
        file.dataset.elements = file.dataset.elements.filter((e) => e.tag !== 0x60003000);
        file.dataset.elementsChanged = true;
      }),
      spec: BASIC,
    },
    overlayKept: { input: OVERLAYS, spec: { base: 'basic', options: ['clean-graphics'] } },
    brain: { input: BRAIN, spec: BASIC },
    ge1: { input: `${GE}-00001.dcm`, spec: BASIC },
    ge2: { input: `${GE}-00002.dcm`, spec: BASIC },
    ge1OtherKey: { input: `${GE}-00001.dcm`, spec: BASIC, key: OTHER_KEY },
    referrer: { input: REFERRER, spec: BASIC },
    referenced: { input: REFERENCED, spec: BASIC },
    doeCt: { input: DOE_CT, spec: BASIC },
    doeCr: { input: DOE_CR, spec: BASIC },
    unknown: { input: unknown, spec: BASIC },
  });
});

/** The input held a non-empty value there: the test exercises the action. */
function present(file: PydicomFile, key: string): string {
  const value = text(file, key);
  expect(value, key).not.toBe('');
  return value;
}

/** Every key of the dump at or under `key` (an element and, for a sequence, its content). */
function under(file: PydicomFile, key: string): string[] {
  return Object.keys(file.elements).filter((k) => k === key || k.startsWith(`${key}/`));
}

/** A non-empty value that pydicom accepts for its VR, and a real calendar date for DA. */
function expectValidDummy(res: DeidResult, key: string): void {
  const before = present(res.before, key);
  const element = at(res.after, key);
  expect(element, key).toBeDefined();
  const after = text(res.after, key);
  expect(after, key).not.toBe('');
  expect(after, key).not.toBe(before);
  expect(element!.invalid, `${key}: ${after}`).toBeUndefined();
  expect(element!.vr, key).toBe(at(res.before, key)!.vr);
  if (element!.vr === 'DA') expect(isCalendarDate(after), `${key}: ${after}`).toBe(true);
  if (element!.vr === 'DT')
    expect(isCalendarDate(after.slice(0, 8)), `${key}: ${after}`).toBe(true);
}

function isCalendarDate(da: string): boolean {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(da);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const NEW_UID = /^2\.25\.(0|[1-9]\d*)$/;

function expectNewUid(res: DeidResult, key: string): string {
  const before = present(res.before, key);
  const after = text(res.after, key);
  expect(after, key).toMatch(NEW_UID);
  expect(after.length, key).toBeLessThanOrEqual(64);
  expect(BigInt(after.slice(5)) < 1n << 128n, key).toBe(true);
  expect(after, key).not.toBe(before);
  expect(at(res.after, key)!.invalid, key).toBeUndefined();
  return after;
}

describe('X: remove', () => {
  it('removes attributes and whole sequences the table marks X', () => {
    const removed: Array<[keyof typeof r, string]> = [
      ['overlays', '00080081'], // Institution Address
      ['overlays', '00081030'], // Study Description
      ['overlays', '0008103E'], // Series Description
      ['overlays', '00101010'], // Patient's Age
      ['overlays', '00101020'], // Patient's Size
      ['overlays', '00204000'], // Image Comments
      ['overlays', '00400275'], // Request Attributes Sequence
      ['overlays', '00880200'], // Icon Image Sequence
      ['ct', '00101002'], // Other Patient IDs Sequence
      ['ct', '00080201'], // Timezone Offset From UTC
      ['brain', '00101000'], // Other Patient IDs
      ['brain', '00081060'], // Name of Physician(s) Reading Study
      ['rtplan', '300A0003'], // RT Plan Name
    ];
    for (const [file, key] of removed) {
      const { before, after } = r[file];
      expect(at(before, key), `${file} ${key} in the input`).toBeDefined();
      expect(under(after, key), `${file} ${key}`).toEqual([]);
    }
    // A removed sequence takes its items with it: the input had content under it.
    expect(under(r.overlays.before, '00400275').length).toBeGreaterThan(1);
  });

  it('removes an overlay whole, also one whose bits are in Pixel Data; Clean Graphics keeps it', () => {
    const overlayKeys = (file: PydicomFile) =>
      Object.keys(file.elements).filter((key) => key.startsWith('6000'));
    expect(overlayKeys(r.overlays.before)).toContain('60003000');
    expect(overlayKeys(r.overlays.after)).toEqual([]);
    expect(overlayKeys(r.overlayInPixels.before)).toContain('60000010');
    expect(overlayKeys(r.overlayInPixels.before)).not.toContain('60003000');
    expect(overlayKeys(r.overlayInPixels.after)).toEqual([]);
    expect(overlayKeys(r.overlayKept.after)).toContain('60003000');
    expect(overlayKeys(r.overlayKept.after)).toContain('60000010');
  });

  it('removes X attributes inside sequences and keeps the rest of the item', () => {
    // RT Plan: Beam Sequence > Institutional Department Name is X; Manufacturer is not listed.
    expect(at(r.rtplan.before, '300A00B0/0/00081040')).toBeDefined();
    expect(at(r.rtplan.after, '300A00B0/0/00081040')).toBeUndefined();
    expect(text(r.rtplan.after, '300A00B0/0/00080070')).toBe(
      present(r.rtplan.before, '300A00B0/0/00080070'),
    );
  });
});

describe('Z: empty', () => {
  it('keeps attributes the table marks Z, with an empty value', () => {
    const emptied: Array<[keyof typeof r, string]> = [
      ['overlays', '00080020'], // Study Date
      ['overlays', '00080030'], // Study Time
      ['overlays', '00080050'], // Accession Number
      ['overlays', '00200010'], // Study ID
      ['overlays', '00100030'], // Patient's Birth Date
      ['overlays', '00100040'], // Patient's Sex
      ['brain', '00080090'], // Referring Physician's Name
      ['rtstruct', '30060020/0/30060026'], // ROI Name, in Structure Set ROI Sequence
    ];
    for (const [file, key] of emptied) {
      present(r[file].before, key);
      expect(text(r[file].after, key), `${file} ${key}`).toBe('');
    }
  });

  it('keeps a Z sequence with no items', () => {
    // Verifying Observer Sequence > Verifying Observer Identification Code Sequence.
    const key = '0040A073/0/0040A088';
    expect(at(r.sr.before, key)?.items).toBe(1);
    expect(at(r.sr.after, key)).toEqual({ vr: 'SQ', items: 0 });
  });
});

describe('D: dummy', () => {
  it('writes a non-empty value, valid for the VR, in place of each D attribute', () => {
    expectValidDummy(r.rtplan, '300A0002'); // RT Plan Label, SH
    expectValidDummy(r.rtstruct, '30060002'); // Structure Set Label, SH
    expectValidDummy(r.sr, '0040A073/0/0040A075'); // Verifying Observer Name, PN
    expectValidDummy(r.sr, '0040A073/1/0040A027'); // Verifying Organization, LO
    expectValidDummy(r.sr, '0040A073/0/0040A030'); // Verification DateTime, DT
  });

  it('makes the content of a D sequence dummy at every depth and keeps its structure', () => {
    // Content Sequence (D): text, date, time and datetime of content items, two levels down.
    for (const key of [
      '0040A730/1/0040A730/0/0040A160', // Text Value, UT
      '0040A730/3/0040A730/0/0040A121', // Date, DA
      '0040A730/3/0040A730/1/0040A122', // Time, TM
      '0040A730/3/0040A730/2/0040A120', // DateTime, DT
    ])
      expectValidDummy(r.sr, key);
    // The tree keeps its shape and its codes; the concept names here are of a local scheme
    // (99_OFFIS_DCMTK), whose meanings are text someone typed: dummy like the rest.
    expect(at(r.sr.after, '0040A730')?.items).toBe(at(r.sr.before, '0040A730')?.items);
    const concept = '0040A730/1/0040A730/0/0040A043/0';
    expect(text(r.sr.before, `${concept}/00080102`)).toBe('99_OFFIS_DCMTK');
    expect(text(r.sr.after, `${concept}/00080100`)).toBe(
      present(r.sr.before, `${concept}/00080100`),
    );
    expect(text(r.sr.after, `${concept}/00080102`)).toBe('99_OFFIS_DCMTK');
    expect(text(r.sr.after, `${concept}/00080104`)).toBe('ANONYMIZED');
    expect(text(r.sr.after, '0040A730/1/0040A010')).toBe('CONTAINS');
  });
});

describe('U: new UIDs', () => {
  const uids = ['0020000D', '0020000E', '00200052', '00080018'];

  it('replaces each UID with 2.25 and a 128-bit number, at most 64 characters', () => {
    for (const key of uids) expectNewUid(r.ge1, key);
    expectNewUid(r.ct, '00080014'); // Instance Creator UID
    expectNewUid(r.sr, '0040A360/0/00081115/0/00081199/0/00081155'); // deep in a sequence
  });

  it('returns each replaced UID in the mapping, with the value written', () => {
    const pairs = new Map(r.ge1.outcome.mapping.uids);
    for (const key of uids)
      expect(pairs.get(text(r.ge1.before, key)), key).toBe(text(r.ge1.after, key));
  });

  it('gives the same input UID the same new UID in every file under one key', () => {
    for (const key of ['0020000D', '0020000E', '00200052']) {
      expect(text(r.ge2.before, key)).toBe(text(r.ge1.before, key));
      expect(text(r.ge2.after, key), key).toBe(text(r.ge1.after, key));
    }
    expect(text(r.ge2.after, '00080018')).not.toBe(text(r.ge1.after, '00080018'));
    // The SR refers to its own study and series inside a sequence: the same new values.
    expect(text(r.sr.after, '0040A360/0/0020000D')).toBe(text(r.sr.after, '0020000D'));
    expect(text(r.sr.after, '0040A360/0/00081115/0/0020000E')).toBe(text(r.sr.after, '0020000E'));
  });

  it('gives unrelated UIDs under another key', () => {
    for (const key of uids) {
      expectNewUid(r.ge1OtherKey, key);
      expect(text(r.ge1OtherKey.after, key), key).not.toBe(text(r.ge1.after, key));
    }
  });

  it('keeps SOP Class UIDs, which identify no one', () => {
    expect(text(r.ge1.after, '00080016')).toBe(text(r.ge1.before, '00080016'));
    const refClass = '00081140/0/00081150';
    expect(text(r.ge1.after, refClass)).toBe(present(r.ge1.before, refClass));
  });
});

describe('combined codes (profile.ts: X/Z → Z, X/D X/Z/D Z/D → D, X/Z/U* → UIDs replaced)', () => {
  it('X/Z: empties the attribute', () => {
    for (const key of ['00080022', '00080032', '00321060']) {
      // Acquisition Date and Time, Requested Procedure Description
      present(r.overlays.before, key);
      expect(text(r.overlays.after, key), key).toBe('');
    }
  });

  it('X/Z on a sequence: keeps its items, with their UIDs replaced', () => {
    // Referenced Study Sequence: "one or more items" in some IODs, so not emptied.
    const item = '00081110/0';
    expect(at(r.brain.after, '00081110')?.items).toBe(1);
    expect(text(r.brain.after, `${item}/00081150`)).toBe(
      present(r.brain.before, `${item}/00081150`),
    );
    expectNewUid(r.brain, `${item}/00081155`);
    // It refers to this very study: the same new UID as Study Instance UID.
    expect(text(r.brain.before, `${item}/00081155`)).toBe(text(r.brain.before, '0020000D'));
    expect(text(r.brain.after, `${item}/00081155`)).toBe(text(r.brain.after, '0020000D'));
  });

  it('X/D, X/Z/D and Z/D: write a dummy valid for the VR', () => {
    const xd = ['00080021', '00080031', '00181030']; // Series Date, Series Time, Protocol Name
    const xzd = ['00080080', '00081010', '00181000', '00081070']; // Institution, Station, ...
    const zd = ['00080023', '00080033', '00180010']; // Content Date, Time, Contrast Agent
    for (const key of [...xd, ...xzd, ...zd]) expectValidDummy(r.overlays, key);
    expectValidDummy(r.ct, '00080012'); // Instance Creation Date, X/D
    expectValidDummy(r.ct, '00080013'); // Instance Creation Time, X/Z/D
    expectValidDummy(r.brain, '0008002A'); // Acquisition DateTime, X/Z/D
  });

  it('X/Z/D on a sequence: keeps its items with their UIDs replaced', () => {
    // Referenced Performed Procedure Step Sequence.
    expect(at(r.ge1.after, '00081111')?.items).toBe(1);
    expectNewUid(r.ge1, '00081111/0/00081155');
  });

  it('X/Z/U*: keeps Referenced Image Sequence, its UIDs mapped to those of the files they name', () => {
    const items = at(r.referrer.before, '00081140')?.items ?? 0;
    expect(items).toBeGreaterThan(1);
    expect(at(r.referrer.after, '00081140')?.items).toBe(items);
    for (let i = 0; i < items; i++) {
      expectNewUid(r.referrer, `00081140/${i}/00081155`);
      expect(text(r.referrer.after, `00081140/${i}/00081150`)).toBe(
        text(r.referrer.before, `00081140/${i}/00081150`),
      );
    }
    // Item 0 names the other file: after de-identification it still does.
    expect(text(r.referrer.before, '00081140/0/00081155')).toBe(
      text(r.referenced.before, '00080018'),
    );
    expect(text(r.referrer.after, '00081140/0/00081155')).toBe(
      text(r.referenced.after, '00080018'),
    );
  });

  it('X/Z/U*: keeps Source Image Sequence with its UID replaced like the same UID elsewhere', () => {
    expectNewUid(r.brain, '00082112/0/00081155');
    // Irradiation Event UID (U) holds the same original value: one new UID for both.
    expect(text(r.brain.before, '00083010')).toBe(text(r.brain.before, '00082112/0/00081155'));
    expect(text(r.brain.after, '00083010')).toBe(text(r.brain.after, '00082112/0/00081155'));
  });
});

describe('patient pseudonym', () => {
  const PSEUDONYM = /^ANON[0-9A-HJKMNP-TV-Z]{10}$/;

  it('replaces Patient ID and Patient Name by one pseudonym, the same for every file of the patient', () => {
    const pseudonym = text(r.doeCt.after, '00100020');
    expect(pseudonym).toMatch(PSEUDONYM);
    expect(text(r.doeCt.before, '00100010')).toBe('Doe^Archibald');
    expect(text(r.doeCt.after, '00100010')).toBe(pseudonym);
    expect(text(r.doeCr.before, '00100020')).toBe(text(r.doeCt.before, '00100020'));
    expect(text(r.doeCr.after, '00100020')).toBe(pseudonym);
    expect(text(r.doeCr.after, '00100010')).toBe(pseudonym);
    expect(text(r.ct.after, '00100020')).toMatch(PSEUDONYM);
    expect(text(r.ct.after, '00100020')).not.toBe(pseudonym); // another patient
  });

  it('returns the patient ID mapping and names the output folder after the pseudonym', () => {
    const pseudonym = text(r.doeCt.after, '00100020');
    expect(r.doeCt.outcome.mapping.patientIds).toEqual([['77654033', pseudonym]]);
    expect(r.doeCr.outcome.mapping.patientIds).toEqual([['77654033', pseudonym]]);
    expect(r.doeCt.outcome.outputPath.split('/')[0]).toBe(pseudonym);
    expect(r.doeCt.outcome.outputPath).not.toMatch(/77654033|Doe|Archibald/i);
  });

  it('gives another pseudonym under another key', () => {
    expect(text(r.ctOtherKey.after, '00100020')).toMatch(PSEUDONYM);
    expect(text(r.ctOtherKey.after, '00100020')).not.toBe(text(r.ct.after, '00100020'));
  });
});

describe('file meta and preamble', () => {
  it('rebuilds the file meta around the new SOP Instance UID', () => {
    const { before, after } = r.ct;
    expect(text(after, '00020003')).toBe(text(after, '00080018'));
    expect(text(after, '00020003')).not.toBe(text(before, '00020003'));
    expect(text(after, '00020002')).toBe(text(before, '00080016'));
    expect(text(after, '00020010')).toBe(text(before, '00020010'));
    // The sending station's AE title and the original writer's identity do not come along.
    expect(text(before, '00020016')).toBe('CLUNIE1');
    expect(at(after, '00020016')).toBeUndefined();
    expect(text(after, '00020012')).not.toBe(text(before, '00020012'));
    expect(text(r.brain.after, '00020010')).toBe('1.2.840.10008.1.2.4.50'); // JPEG stays JPEG
  });

  it('zeroes the preamble (CT_small carries a TIFF header in it)', () => {
    expect(r.ct.before.preamble).toMatch(/^49492a00/);
    expect(r.ct.after.preamble).toBe('00'.repeat(128));
  });
});

describe('method attributes', () => {
  it('records Patient Identity Removed, the method and the Basic Profile code', () => {
    const { after } = r.ct;
    expect(text(after, '00120062')).toBe('YES');
    expect(text(after, '00120063')).toMatch(/Basic/);
    expect(at(after, '00120064')?.items).toBe(1);
    expect(text(after, '00120064/0/00080100')).toBe('113100');
    expect(text(after, '00120064/0/00080102')).toBe('DCM');
    expect(text(after, '00280303')).toBe('REMOVED');
  });

  it('replaces a De-identification Method the input already had', () => {
    // The Doe files were de-identified before, by another tool.
    expect(text(r.doeCt.before, '00120063')).toMatch(/^dcanon/);
    expect(text(r.doeCt.after, '00120063')).not.toMatch(/dcanon/);
  });
});

describe('attributes no one can vouch for', () => {
  it('removes public tags that no dictionary knows, at any depth', () => {
    expect(keywordOf(UNKNOWN_TOP)).toBe('');
    expect(keywordOf(UNKNOWN_NESTED)).toBe('');
    const { before, after } = r.unknown;
    expect(text(before, '12345678')).toBe('MYSTERY');
    expect(text(before, '00081140/0/00081234')).toBe('MYSTERY NESTED');
    expect(at(after, '12345678')).toBeUndefined();
    expect(at(after, '00081140/0/00081234')).toBeUndefined();
    expect(at(after, '00081140/0/00081150')).toBeDefined(); // the rest of the item stays
  });

  it('removes group lengths at every depth (the file meta keeps its own)', () => {
    const lengths = (file: PydicomFile) =>
      Object.keys(file.elements).filter((k) => /0000$/.test(k) && k !== '00020000');
    expect(lengths(r.ge1.before)).toEqual(
      expect.arrayContaining(['00080000', '00100000', '00180000', '00081111/0/00080000']),
    );
    expect(lengths(r.ge1.after)).toEqual([]);
    expect(at(r.ge1.after, '00020000')).toBeDefined();
  });
});

describe('pixel data', () => {
  it('is byte-identical to the input, native and encapsulated', () => {
    for (const name of ['ct', 'overlays', 'brain', 'ge1', 'referenced'] as const) {
      const { before, after } = r[name];
      expect(before.pixelSha256, name).toMatch(/^[0-9a-f]{64}$/);
      expect(after.pixelSha256, name).toBe(before.pixelSha256);
    }
  });
});
