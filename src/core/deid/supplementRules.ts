import type { ConfidentialityRule } from './ruleTypes';

/**
 * Attributes that identify a patient or a person but that Table E.1-1 (2024b) does not list,
 * mostly because they were added to PS3.6 after the table was last revised. Without this
 * supplement "attributes the table does not list are kept" would keep a birth date written
 * in another calendar. Keyed by tag number; a test checks each keyword against the dictionary.
 * The codes follow the table's own pattern for the nearest listed attribute.
 */
const DATES = { rtnLongFullDatesOpt: 'K', rtnLongModifDatesOpt: 'C' } as const;

export const SUPPLEMENT_RULES: readonly ConfidentialityRule[] = [
  // Patient's Birth Date (0010,0030) is Z; these hold the same fact in words.
  row(0x00100033, 'PatientBirthDateInAlternativeCalendar', 'LO', 'X'),
  row(0x00100034, 'PatientDeathDateInAlternativeCalendar', 'LO', 'X'),
  row(0x00100035, 'PatientAlternativeCalendar', 'CS', 'X'),
  // Like Issuer of Patient ID Qualifiers and Other Patient IDs Sequence: identifiers.
  row(0x00100024, 'IssuerOfPatientIDQualifiersSequence', 'SQ', 'X'),
  row(0x00100026, 'SourcePatientGroupIdentificationSequence', 'SQ', 'X'),
  row(0x00100027, 'GroupOfPatientsIdentificationSequence', 'SQ', 'X'),
  row(0x00102294, 'BreedRegistrationSequence', 'SQ', 'X'),
  row(0x00102295, 'BreedRegistrationNumber', 'LO', 'X'),
  // People, like Verifying Observer Name.
  row(0x00140104, 'SecondaryReviewerName', 'PN', 'X'),
  row(0x00142006, 'EvaluatorName', 'PN', 'X'),
  // Dates of the study and its review, like Study Date.
  row(0x0008041f, 'StudyUpdateDateTime', 'DT', 'X', DATES),
  row(0x00140102, 'SecondaryReviewDate', 'DA', 'X', DATES),
];

function row(
  tag: number,
  keyword: string,
  vr: string,
  basic: string,
  options: ConfidentialityRule['options'] = {},
): ConfidentialityRule {
  return { tag, mask: 0xffffffff, keyword, vr, basic, options };
}
