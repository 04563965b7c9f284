/**
 * How a quarantine reason says where an identifier remained: "(0008,1090) held a patient name
 * (from PatientName)". Each kind's phrase is written out with its article, since "a" before the
 * kind read "held a address", "held a other identifier"; a Record, so that a new kind cannot be
 * added without its phrase.
 */
import type { IdentifierKind, LeakFinding } from '../deid/identifierTypes';

export const HELD_PHRASES: Readonly<Record<IdentifierKind, string>> = {
  'patient name': 'a patient name',
  'person name': 'a person name',
  'patient ID': 'a patient ID',
  'other identifier': 'another identifier',
  'birth date': 'a birth date',
  address: 'an address',
  'telephone number': 'a telephone number',
  institution: 'an institution name',
  'original UID': 'an original UID',
};

export function describeFinding(finding: LeakFinding): string {
  return `${finding.path} held ${HELD_PHRASES[finding.kind]} (from ${finding.source})`;
}
