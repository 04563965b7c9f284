/**
 * The options of the Basic Application Level Confidentiality Profile (PS3.15 E.3), with the
 * column of Table E.1-1 that holds each one's actions and its CID 7050 code.
 */
export const PROFILE_OPTIONS = [
  {
    name: 'retain-safe-private',
    column: 'rtnSafePrivOpt',
    code: '113111',
    meaning: 'Retain Safe Private Option',
  },
  { name: 'retain-uids', column: 'rtnUIDsOpt', code: '113110', meaning: 'Retain UIDs Option' },
  {
    name: 'retain-device-identity',
    column: 'rtnDevIdOpt',
    code: '113109',
    meaning: 'Retain Device Identity Option',
  },
  {
    name: 'retain-institution-identity',
    column: 'rtnInstIdOpt',
    code: '113112',
    meaning: 'Retain Institution Identity Option',
  },
  {
    name: 'retain-patient-characteristics',
    column: 'rtnPatCharsOpt',
    code: '113108',
    meaning: 'Retain Patient Characteristics Option',
  },
  {
    name: 'retain-longitudinal-full-dates',
    column: 'rtnLongFullDatesOpt',
    code: '113106',
    meaning: 'Retain Longitudinal Temporal Information Full Dates Option',
  },
  {
    name: 'retain-longitudinal-modified-dates',
    column: 'rtnLongModifDatesOpt',
    code: '113107',
    meaning: 'Retain Longitudinal Temporal Information Modified Dates Option',
  },
  {
    name: 'clean-descriptors',
    column: 'cleanDescOpt',
    code: '113105',
    meaning: 'Clean Descriptors Option',
  },
  {
    name: 'clean-structured-content',
    column: 'cleanStructContOpt',
    code: '113104',
    meaning: 'Clean Structured Content Option',
  },
  {
    name: 'clean-graphics',
    column: 'cleanGraphOpt',
    code: '113103',
    meaning: 'Clean Graphics Option',
  },
] as const;

export type ProfileOptionName = (typeof PROFILE_OPTIONS)[number]['name'];
export type OptionColumn = (typeof PROFILE_OPTIONS)[number]['column'];

export const BASIC_PROFILE_CODE = {
  code: '113100',
  meaning: 'Basic Application Confidentiality Profile',
};

export function isProfileOptionName(name: string): name is ProfileOptionName {
  return PROFILE_OPTIONS.some((option) => option.name === name);
}
