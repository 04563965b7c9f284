/**
 * Value representations (PS3.5 6.2). Explicit VR headers use a 2-byte length for most VRs and
 * 2 reserved bytes + a 4-byte length for the rest. A VR this table does not know is read with
 * the long form, as PS3.5 7.1.2 asks, so VRs added after this table still parse.
 */
const SHORT_LENGTH_VRS = new Set(
  'AE AS AT CS DA DS DT FL FD IS LO LT PN SH SL SS ST TM UI UL US'.split(' '),
);
const LONG_LENGTH_VRS = new Set('OB OD OF OL OV OW SQ SV UC UN UR UT UV'.split(' '));

export const isKnownVR = (vr: string): boolean =>
  SHORT_LENGTH_VRS.has(vr) || LONG_LENGTH_VRS.has(vr);
export const hasShortLength = (vr: string): boolean => SHORT_LENGTH_VRS.has(vr);

// The reader meets a VR in every element header: a table indexed by its two letters gives one
// shared string and its length form without building or hashing a string each time.
const vrCode = (b0: number, b1: number): number => (b0 - 0x41) * 26 + (b1 - 0x41);
const VR_BY_CODE = Array.from({ length: 26 * 26 }, (_, code) =>
  String.fromCharCode(0x41 + Math.floor(code / 26), 0x41 + (code % 26)),
);
const SHORT_BY_CODE = new Uint8Array(26 * 26);
for (const vr of SHORT_LENGTH_VRS) SHORT_BY_CODE[vrCode(vr.charCodeAt(0), vr.charCodeAt(1))] = 1;

/** The VR named by two upper-case letters (check them with looksLikeVR first). */
export const vrFromBytes = (b0: number, b1: number): string => VR_BY_CODE[vrCode(b0, b1)]!;
export const hasShortLengthBytes = (b0: number, b1: number): boolean =>
  SHORT_BY_CODE[vrCode(b0, b1)] === 1;

/** Two upper-case ASCII letters: what an explicit VR field must hold to be trusted as one. */
export const looksLikeVR = (b0: number, b1: number): boolean =>
  b0 >= 0x41 && b0 <= 0x5a && b1 >= 0x41 && b1 <= 0x5a;

const TEXT_VRS = new Set('AE AS CS DA DS DT IS LO LT PN SH ST TM UC UI UR UT'.split(' '));
export const isTextVR = (vr: string): boolean => TEXT_VRS.has(vr);
/** Text VRs that hold one value: a backslash in them is a character, not a separator. */
export const isSingleValuedTextVR = (vr: string): boolean =>
  vr === 'LT' || vr === 'ST' || vr === 'UT' || vr === 'UR';

/** Bytes per value of the fixed-size binary VRs, for byte swapping and decoding. */
export const BINARY_VALUE_SIZE: Readonly<Record<string, number>> = {
  AT: 2, // swapped as two 16-bit halves
  FL: 4,
  FD: 8,
  SL: 4,
  SS: 2,
  SV: 8,
  UL: 4,
  US: 2,
  UV: 8,
  OD: 8,
  OF: 4,
  OL: 4,
  OV: 8,
  OW: 2,
};
