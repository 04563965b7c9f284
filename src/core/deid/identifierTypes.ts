/**
 * The identifying values the engine takes away and then looks for, and where the check found
 * one: the types that planning (identifiers.ts, studyValues.ts), checking (leakCheck.ts) and
 * the public API (api.ts) share. A leaf: it imports nothing, so the engine's modules depend on
 * it one way.
 */

export type IdentifierKind =
  | 'patient name'
  | 'person name'
  | 'patient ID'
  | 'other identifier'
  | 'birth date'
  | 'address'
  | 'telephone number'
  | 'institution'
  | 'original UID';

export interface Identifier {
  readonly kind: IdentifierKind;
  readonly value: string;
  /** Where it came from, for the report: a keyword such as "PatientName". */
  readonly source: string;
}

/** One value of one attribute, as found in some file of the study (studyValues.ts). */
export interface StudyValue {
  readonly tag: number;
  readonly vr: string;
  readonly value: string;
}

/** Where an identifier was found in an output; never the value itself. */
export interface LeakFinding {
  /** Tag path in the output ("(0008,103E)", "(0040,A730)[0].(0040,A160)"), or "file name". */
  readonly path: string;
  readonly kind: IdentifierKind;
  /** The attribute the value came from in the input ("PatientName"). */
  readonly source: string;
}
