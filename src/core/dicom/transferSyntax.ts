import { trimPaddingEnd } from './padding';

/** How the body of a data set is laid out on disk. */
export interface Encoding {
  readonly littleEndian: boolean;
  readonly explicitVR: boolean;
}

export const IMPLICIT_LITTLE: Encoding = Object.freeze({ littleEndian: true, explicitVR: false });
export const EXPLICIT_LITTLE: Encoding = Object.freeze({ littleEndian: true, explicitVR: true });
export const EXPLICIT_BIG: Encoding = Object.freeze({ littleEndian: false, explicitVR: true });

export const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
export const EXPLICIT_VR_BIG_ENDIAN = '1.2.840.10008.1.2.2';
export const DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1.99';
/** JPIP Referenced Deflate: its data set is deflated too. */
export const JPIP_REFERENCED_DEFLATE = '1.2.840.10008.1.2.4.95';

export interface TransferSyntax {
  readonly uid: string;
  readonly encoding: Encoding;
  readonly deflated: boolean;
  /** Pixel data is encapsulated in fragments (compressed, or otherwise not native). */
  readonly encapsulated: boolean;
}

const NATIVE = new Set([
  IMPLICIT_VR_LITTLE_ENDIAN,
  EXPLICIT_VR_LITTLE_ENDIAN,
  EXPLICIT_VR_BIG_ENDIAN,
]);

/**
 * Every transfer syntax other than the three native ones and deflate encapsulates its pixel
 * data, and all of them (retired ones included) use explicit VR little endian for the data set.
 * Unknown UIDs are read the same way; the reader still checks the first element and falls back.
 */
export function transferSyntaxOf(uid: string): TransferSyntax {
  const clean = trimPaddingEnd(uid);
  const deflated =
    clean === DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN || clean === JPIP_REFERENCED_DEFLATE;
  const encoding =
    clean === IMPLICIT_VR_LITTLE_ENDIAN
      ? IMPLICIT_LITTLE
      : clean === EXPLICIT_VR_BIG_ENDIAN
        ? EXPLICIT_BIG
        : EXPLICIT_LITTLE;
  return { uid: clean, encoding, deflated, encapsulated: !NATIVE.has(clean) && !deflated };
}
