/**
 * The attribute table of the original dicomanon script, for the "legacy" base profile: people
 * who de-identified earlier studies with it can get the same result for new ones. Keyed by tag
 * number (looked up in the data dictionary; legacyTable.test.ts checks every one), with the
 * keyword beside it for the reader.
 */

/**
 * - replace-dummy: the original wrote the dummy value "19000101" into these, whatever their VR;
 *   the engine writes the same value so that old and new outputs agree.
 * - replace-similar: a value of the same shape that carries no identity.
 * - remove: the element goes.
 */
export type LegacyAction = 'replace-dummy' | 'replace-similar' | 'remove';

export type LegacyRule = {
  readonly tag: number;
  readonly keyword: string;
  readonly action: LegacyAction;
};

export const LEGACY_RULES: readonly LegacyRule[] = [
  { tag: 0x00080050, keyword: 'AccessionNumber', action: 'replace-dummy' },
  { tag: 0x00100010, keyword: 'PatientName', action: 'replace-dummy' },
  { tag: 0x00100020, keyword: 'PatientID', action: 'replace-dummy' },
  { tag: 0x00080090, keyword: 'ReferringPhysicianName', action: 'replace-dummy' },
  { tag: 0x0040a123, keyword: 'PersonName', action: 'replace-dummy' },

  { tag: 0x00200010, keyword: 'StudyID', action: 'replace-similar' },

  // The original table lists OtherPatientIDs under Replace as well as under Remove. Remove wins:
  // of the two readings it is the one that leaves nothing of the value behind.
  { tag: 0x00101000, keyword: 'OtherPatientIDs', action: 'remove' },
  { tag: 0x00080080, keyword: 'InstitutionName', action: 'remove' },
  { tag: 0x00080096, keyword: 'ReferringPhysicianIdentificationSequence', action: 'remove' },
  { tag: 0x00081048, keyword: 'PhysiciansOfRecord', action: 'remove' },
  { tag: 0x00081049, keyword: 'PhysiciansOfRecordIdentificationSequence', action: 'remove' },
  { tag: 0x00081050, keyword: 'PerformingPhysicianName', action: 'remove' },
  { tag: 0x00081052, keyword: 'PerformingPhysicianIdentificationSequence', action: 'remove' },
  { tag: 0x00081060, keyword: 'NameOfPhysiciansReadingStudy', action: 'remove' },
  { tag: 0x00081062, keyword: 'PhysiciansReadingStudyIdentificationSequence', action: 'remove' },
  // Retired in the standard (dcmjs's dictionary calls it RETIRED_InsurancePlanIdentification).
  { tag: 0x00101050, keyword: 'InsurancePlanIdentification', action: 'remove' },
  { tag: 0x00100050, keyword: 'PatientInsurancePlanCodeSequence', action: 'remove' },
  { tag: 0x00100101, keyword: 'PatientPrimaryLanguageCodeSequence', action: 'remove' },
  { tag: 0x00101001, keyword: 'OtherPatientNames', action: 'remove' },
  { tag: 0x00101002, keyword: 'OtherPatientIDsSequence', action: 'remove' },
  { tag: 0x00101040, keyword: 'PatientAddress', action: 'remove' },
  { tag: 0x00101060, keyword: 'PatientMotherBirthName', action: 'remove' },
  { tag: 0x00100021, keyword: 'IssuerOfPatientID', action: 'remove' },
  { tag: 0x00100032, keyword: 'PatientBirthTime', action: 'remove' },
  { tag: 0x00101005, keyword: 'PatientBirthName', action: 'remove' },
  { tag: 0x00102150, keyword: 'CountryOfResidence', action: 'remove' },
  { tag: 0x00102152, keyword: 'RegionOfResidence', action: 'remove' },
  { tag: 0x00102154, keyword: 'PatientTelephoneNumbers', action: 'remove' },
  { tag: 0x00380300, keyword: 'CurrentPatientLocation', action: 'remove' },
  { tag: 0x00380400, keyword: 'PatientInstitutionResidence', action: 'remove' },
  { tag: 0x00080081, keyword: 'InstitutionAddress', action: 'remove' },
  { tag: 0x00080092, keyword: 'ReferringPhysicianAddress', action: 'remove' },
  { tag: 0x00080094, keyword: 'ReferringPhysicianTelephoneNumbers', action: 'remove' },
  { tag: 0x00081040, keyword: 'InstitutionalDepartmentName', action: 'remove' },
  { tag: 0x00081070, keyword: 'OperatorsName', action: 'remove' },
  { tag: 0x00400275, keyword: 'RequestAttributesSequence', action: 'remove' },
];
