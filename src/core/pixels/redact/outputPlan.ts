/**
 * What an encapsulated input becomes after redaction. Frames are re-encoded losslessly in their
 * own transfer syntax when an encoder for it exists here; otherwise (and whenever the input was
 * lossy) they are written as native Explicit VR Little Endian: a lossy input is never compressed
 * lossily a second time, and a lossless one never loses anything.
 */
import { EXPLICIT_VR_LITTLE_ENDIAN } from '../../dicom/transferSyntax';
import type { ImageInfo } from '../imageInfo';

export type FrameEncoder = 'rle' | 'jpeg-ls' | 'jpeg-2000' | 'htj2k' | 'encapsulated-native';

export interface OutputPlan {
  readonly syntaxUid: string;
  /** Absent: native pixel data. */
  readonly encoder?: FrameEncoder;
  /** Why the syntax changes, in words for the report; absent when it stays. */
  readonly why?: string;
}

const JPEG_2000_LOSSLESS = '1.2.840.10008.1.2.4.90';
const J2K_PART2_LOSSLESS = '1.2.840.10008.1.2.4.92';
const HTJ2K_LOSSLESS = new Set(['1.2.840.10008.1.2.4.201', '1.2.840.10008.1.2.4.202']);
const JPEG_LS_LOSSLESS = '1.2.840.10008.1.2.4.80';
const RLE_LOSSLESS = '1.2.840.10008.1.2.5';
const ENCAPSULATED_UNCOMPRESSED = '1.2.840.10008.1.2.1.98';

/** Input syntaxes whose frames may have lost information (JPEG DCT is told by its frames). */
export const LOSSY_SYNTAXES: Record<string, string> = {
  '1.2.840.10008.1.2.4.81': 'ISO_14495_1',
  '1.2.840.10008.1.2.4.91': 'ISO_15444_1',
  '1.2.840.10008.1.2.4.93': 'ISO_15444_2',
  '1.2.840.10008.1.2.4.203': 'ISO_15444_15',
};

export function planOutput(info: ImageInfo): OutputPlan {
  const uid = info.syntaxUid;
  const native = (why: string): OutputPlan => ({ syntaxUid: EXPLICIT_VR_LITTLE_ENDIAN, why });
  // The wasm J2K encoders read colour samples as bytes only, and 8-bit samples as unsigned.
  const wasmFits =
    (info.samplesPerPixel === 1 || info.bitsStored <= 8) &&
    !(info.pixelRepresentation === 1 && info.bitsStored <= 8);
  if (uid === RLE_LOSSLESS) return { syntaxUid: uid, encoder: 'rle' };
  if (uid === ENCAPSULATED_UNCOMPRESSED) return { syntaxUid: uid, encoder: 'encapsulated-native' };
  if (uid === JPEG_LS_LOSSLESS) return { syntaxUid: uid, encoder: 'jpeg-ls' };
  if (uid === JPEG_2000_LOSSLESS || uid === J2K_PART2_LOSSLESS) {
    if (!wasmFits) return native(`${info.syntax.name} of this sample format has no encoder here`);
    return uid === JPEG_2000_LOSSLESS
      ? { syntaxUid: uid, encoder: 'jpeg-2000' }
      : {
          syntaxUid: JPEG_2000_LOSSLESS,
          encoder: 'jpeg-2000',
          why: 'JPEG 2000 Part 2 has no encoder here; Part 1 lossless holds the same pixels',
        };
  }
  if (HTJ2K_LOSSLESS.has(uid)) {
    if (!wasmFits) return native(`${info.syntax.name} of this sample format has no encoder here`);
    return { syntaxUid: uid, encoder: 'htj2k' };
  }
  if (LOSSY_SYNTAXES[uid]) return native(`${info.syntax.name} is lossy and is not re-compressed`);
  return native(`${info.syntax.name} has no lossless encoder here`);
}
