/**
 * Dummy values for action D: non-empty and valid for the VR (PS3.5 6.2), saying plainly that
 * the value was replaced. Dates use 1900-01-01, which no real study carries.
 */
const TEXT_DUMMIES: Readonly<Record<string, string>> = {
  AE: 'ANONYMOUS',
  AS: '000Y',
  CS: 'ANONYMIZED',
  DA: '19000101',
  DS: '0',
  DT: '19000101000000',
  IS: '0',
  LO: 'ANONYMIZED',
  LT: 'ANONYMIZED',
  PN: 'ANONYMIZED',
  SH: 'ANONYMIZED',
  ST: 'ANONYMIZED',
  TM: '000000',
  UC: 'ANONYMIZED',
  UR: 'urn:anonymized',
  UT: 'ANONYMIZED',
};

/** The dummy text for a text VR, or undefined for binary VRs. */
export function dummyText(vr: string): string | undefined {
  return TEXT_DUMMIES[vr];
}

const BINARY_DUMMY_SIZE: Readonly<Record<string, number>> = {
  AT: 4,
  FD: 8,
  FL: 4,
  OB: 2,
  OD: 8,
  OF: 4,
  OL: 4,
  OV: 8,
  OW: 2,
  SL: 4,
  SS: 2,
  SV: 8,
  UL: 4,
  UN: 2,
  US: 2,
  UV: 8,
};

/** Zero bytes of one value's size: the neutral dummy for numbers and opaque data. */
export function dummyBinary(vr: string): Uint8Array {
  return new Uint8Array(BINARY_DUMMY_SIZE[vr] ?? 2);
}
