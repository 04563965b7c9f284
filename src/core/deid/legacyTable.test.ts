import { describe, expect, it } from 'vitest';
import { keywordOf, tagOfKeyword } from '../dicom/dictionary';
import { formatTag } from '../dicom/tag';
import { LEGACY_RULES } from './legacyTable';

// The original script's table, as its sections list the attributes.
const REPLACE_DUMMY = [
  'AccessionNumber',
  'PatientName',
  'PatientID',
  'ReferringPhysicianName',
  'PersonName',
];
const REPLACE_SIMILAR = ['StudyID'];
const REMOVE = [
  'OtherPatientIDs',
  'InstitutionName',
  'ReferringPhysicianIdentificationSequence',
  'PhysiciansOfRecord',
  'PhysiciansOfRecordIdentificationSequence',
  'PerformingPhysicianName',
  'PerformingPhysicianIdentificationSequence',
  'NameOfPhysiciansReadingStudy',
  'PhysiciansReadingStudyIdentificationSequence',
  'InsurancePlanIdentification',
  'PatientInsurancePlanCodeSequence',
  'PatientPrimaryLanguageCodeSequence',
  'OtherPatientNames',
  'OtherPatientIDsSequence',
  'PatientAddress',
  'PatientMotherBirthName',
  'IssuerOfPatientID',
  'PatientBirthTime',
  'PatientBirthName',
  'CountryOfResidence',
  'RegionOfResidence',
  'PatientTelephoneNumbers',
  'CurrentPatientLocation',
  'PatientInstitutionResidence',
  'InstitutionAddress',
  'ReferringPhysicianAddress',
  'ReferringPhysicianTelephoneNumbers',
  'InstitutionalDepartmentName',
  'OperatorsName',
  'RequestAttributesSequence',
];

describe('the legacy attribute table', () => {
  it('names each tag by its dictionary keyword', () => {
    for (const { tag, keyword } of LEGACY_RULES) {
      // dcmjs prefixes retired keywords (InsurancePlanIdentification); the standard does not.
      expect([keyword, `RETIRED_${keyword}`], formatTag(tag)).toContain(keywordOf(tag));
      expect(tagOfKeyword(keyword), keyword).toBe(tag);
    }
  });

  it('has each tag once', () => {
    expect(new Set(LEGACY_RULES.map((rule) => rule.tag)).size).toBe(LEGACY_RULES.length);
  });

  it('holds exactly the original attributes with their actions (OtherPatientIDs: remove)', () => {
    expect(LEGACY_RULES).toHaveLength(36);
    const actions = Object.fromEntries(LEGACY_RULES.map((rule) => [rule.keyword, rule.action]));
    expect(actions).toEqual({
      ...Object.fromEntries(REPLACE_DUMMY.map((keyword) => [keyword, 'replace-dummy'])),
      ...Object.fromEntries(REPLACE_SIMILAR.map((keyword) => [keyword, 'replace-similar'])),
      ...Object.fromEntries(REMOVE.map((keyword) => [keyword, 'remove'])),
    });
  });
});
