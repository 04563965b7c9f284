import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  GENERATED_PATH,
  buildRulesSource,
  readRuleSources,
  safePrivateTag,
  tagPattern,
} from '../../../scripts/gen-rules';
import { keywordOf } from '../dicom/dictionary';
import { formatTag, tag } from '../dicom/tag';
import { PROFILE_OPTIONS } from './options';
import { isSafePrivate, ruleFor } from './ruleTable';
import { CONFIDENTIALITY_RULES, SAFE_PRIVATE_ATTRIBUTES } from './rules.generated';

const sources = readRuleSources();
const EXACT = /^\([0-9A-F]{4},[0-9A-F]{4}\)$/i;
const BASIC_CODES = ['D', 'Z', 'X', 'K', 'C', 'U', 'X/Z', 'X/D', 'X/Z/D', 'Z/D', 'X/Z/U*'];

/**
 * Table E.1-1 rows whose keyword cell is empty, with why. The reference took keywords from
 * PS3.6, and these command-group elements are defined in PS3.7, not PS3.6.
 */
const ROWS_WITHOUT_KEYWORD: Record<string, string> = {
  '(0000,1000)': 'AffectedSOPInstanceUID',
  '(0000,1001)': 'RequestedSOPInstanceUID',
};

/**
 * dcmjs names retired attributes "RETIRED_<keyword>", the standard names them "<keyword>", so
 * the prefix must follow the reference's retired flag. For these rows the two sources disagree
 * on whether the attribute is retired (different editions); the keyword itself agrees.
 */
const RETIREMENT_DISAGREES = new Set([
  // Retired according to the reference, current in dcmjs's dictionary.
  '(0010,1000)', // OtherPatientIDs
  '(0010,1090)', // MedicalRecordLocator
  '(300A,0650)', // PatientSetupUID
  '(3006,0085)', // ROIObservationLabel
  '(3006,0088)', // ROIObservationDescription
  '(300A,000B)', // TreatmentSites
  // Retired in dcmjs's dictionary, current according to the reference's flag.
  '(2100,0140)', // DestinationAE
]);

describe('the confidentiality rules (PS3.15 Table E.1-1)', () => {
  it('are the committed output of their generator (run npm run gen:rules when this fails)', () => {
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(buildRulesSource(sources));
  });

  it('hold every row of the table, in its order, and ruleFor finds each with its action', () => {
    expect(sources.confidentiality).toHaveLength(621);
    expect(CONFIDENTIALITY_RULES).toHaveLength(621);
    sources.confidentiality.forEach((row, index) => {
      const rule = CONFIDENTIALITY_RULES[index]!;
      expect({ tag: rule.tag, mask: rule.mask }, row.tag).toEqual(tagPattern(row.tag));
      expect(rule.basic, row.tag).toBe(row.basicProfile);
      expect(rule.keyword, row.tag).toBe(row.keyword ?? '');
      // A pattern's own tag is a member of it, except the odd-group row's (0001,0000) which is
      // a group length: probe that one with a private data element instead.
      const probe = rule.mask === 0x00010000 ? tag(0x0009, 0x1010) : rule.tag;
      expect(ruleFor(probe), row.tag).toBe(rule);
      for (const { column } of PROFILE_OPTIONS) {
        const cell = row[column];
        expect(rule.options[column], `${row.tag} ${column}`).toBe(cell === '' ? undefined : cell);
      }
    });
  });

  it('uses only the action codes the standard defines', () => {
    for (const rule of CONFIDENTIALITY_RULES) {
      expect(BASIC_CODES, formatTag(rule.tag)).toContain(rule.basic);
      for (const value of Object.values(rule.options)) expect(['K', 'C']).toContain(value);
    }
  });

  it('name each exact tag by the keyword our dictionary gives it', () => {
    const mismatches: string[] = [];
    for (const row of sources.confidentiality.filter((r) => EXACT.test(r.tag))) {
      const t = tagPattern(row.tag).tag;
      const ours = keywordOf(t);
      if (!row.keyword) {
        expect(ROWS_WITHOUT_KEYWORD[row.tag], `${row.tag} has no keyword`).toBe(ours);
        continue;
      }
      const retired = RETIREMENT_DISAGREES.has(row.tag) ? !row.retired : row.retired;
      const expected = retired ? `RETIRED_${row.keyword}` : row.keyword;
      if (ours !== expected) mismatches.push(`${row.tag} ${row.keyword}: dictionary says ${ours}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('match repeating groups and private groups as PS3.5 7.6 and 7.8 define them', () => {
    const keywordAt = (t: number) => ruleFor(t)?.keyword;
    expect(ruleFor(0x50100000)?.tag).toBe(0x50000000); // curve data, group 5010
    expect(ruleFor(0x501e2000)?.tag).toBe(0x50000000);
    expect(ruleFor(0x50200000)).toBeUndefined(); // past the last repeating group, 501E
    expect(keywordAt(0x60023000)).toBe('OverlayData');
    expect(keywordAt(0x601e4000)).toBe('OverlayComments');
    expect(ruleFor(0x60203000)).toBeUndefined();
    expect(ruleFor(0x60003001)).toBeUndefined();
    expect(ruleFor(0x00090010)?.mask).toBe(0x00010000); // a private creator is still private
    expect(ruleFor(0x7fe11010)?.mask).toBe(0x00010000);
    expect(ruleFor(0x60013000)?.mask).toBe(0x00010000); // odd, so private, not an overlay
    expect(keywordAt(0x00080050)).toBe('AccessionNumber');
    expect(ruleFor(0x00080050)?.basic).toBe('Z');
    expect(ruleFor(0x00100010)?.basic).toBe('Z');
    expect(ruleFor(0x0020000d)?.options.rtnUIDsOpt).toBe('K');
    expect(ruleFor(0x00280010)).toBeUndefined(); // Rows: not an identifier
  });
});

describe('the safe private attributes (PS3.15 Table E.3.10-1)', () => {
  it('hold every row of the table', () => {
    expect(sources.safePrivate).toHaveLength(479);
    expect(SAFE_PRIVATE_ATTRIBUTES).toHaveLength(479);
    sources.safePrivate.forEach((row, index) => {
      const attribute = SAFE_PRIVATE_ATTRIBUTES[index]!;
      const { group, element } = safePrivateTag(row.tag);
      expect(attribute).toEqual({ group, element, creator: row.privateCreator, vr: row.vr });
      // Any block the file assigned works.
      for (const block of [0x10, 0x42, 0xff]) {
        const t = tag(group, (block << 8) | element);
        expect(isSafePrivate(t, row.privateCreator), row.tag).toBe(attribute);
      }
    });
  });

  it('match by group, creator (trimmed of padding) and element low byte', () => {
    const suvFactor = tag(0x7053, 0x1000);
    expect(isSafePrivate(suvFactor, 'Philips PET Private Group')?.vr).toBe('DS');
    expect(isSafePrivate(suvFactor, 'Philips PET Private Group ')?.vr).toBe('DS');
    expect(isSafePrivate(suvFactor, ' Philips PET Private Group')?.vr).toBe('DS');
    expect(isSafePrivate(suvFactor, 'PHILIPS PET PRIVATE GROUP')).toBeUndefined();
    expect(isSafePrivate(suvFactor, 'Philips PET Private')).toBeUndefined();
    expect(isSafePrivate(suvFactor, undefined)).toBeUndefined();
    expect(isSafePrivate(tag(0x7053, 0x1001), 'Philips PET Private Group')).toBeUndefined();
    // Element 0000 has the low byte of SUV Factor, but block 00 is no block: a group length.
    expect(isSafePrivate(tag(0x7053, 0x0000), 'Philips PET Private Group')).toBeUndefined();
    expect(isSafePrivate(tag(0x00e1, 0x1021), 'ELSCINT1')?.creator).toBe('ELSCINT1');
    // The same group and byte under two creators: each resolves to its own row.
    const dd001 = isSafePrivate(tag(0x2001, 0x100a), 'Philips Imaging DD 001');
    const dd002 = isSafePrivate(tag(0x2001, 0x100a), 'Philips Imaging DD 002');
    expect([dd001?.vr, dd002?.vr]).toEqual(['IS', 'FD']);
  });
});
