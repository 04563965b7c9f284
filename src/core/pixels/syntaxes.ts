/**
 * What each transfer syntax means for showing the pixels: which decoder, and a name a person
 * recognises for messages ("This image uses JPEG 2000 …").
 */

/** How a frame's bytes are turned into samples. */
export type PixelCodec =
  | 'native'
  | 'encapsulated-native'
  | 'rle'
  | 'jpeg'
  | 'jpeg-ls'
  | 'jpeg-2000'
  | 'htj2k'
  | 'unsupported';

export interface SyntaxDescription {
  readonly name: string;
  readonly codec: PixelCodec;
  /** Why a syntax is not decoded, when codec is 'unsupported'. */
  readonly why?: string;
}

const VIDEO = 'it holds video, which this preview does not play';

const SYNTAXES: Record<string, SyntaxDescription> = {
  '1.2.840.10008.1.2': { name: 'Implicit VR Little Endian', codec: 'native' },
  '1.2.840.10008.1.2.1': { name: 'Explicit VR Little Endian', codec: 'native' },
  '1.2.840.10008.1.2.2': { name: 'Explicit VR Big Endian', codec: 'native' },
  '1.2.840.10008.1.2.1.99': { name: 'Deflated Explicit VR Little Endian', codec: 'native' },
  '1.2.840.10008.1.2.1.98': {
    name: 'Encapsulated Uncompressed Explicit VR Little Endian',
    codec: 'encapsulated-native',
  },
  '1.2.840.10008.1.2.5': { name: 'RLE Lossless', codec: 'rle' },
  '1.2.840.10008.1.2.4.50': { name: 'JPEG Baseline', codec: 'jpeg' },
  '1.2.840.10008.1.2.4.51': { name: 'JPEG Extended (12-bit)', codec: 'jpeg' },
  '1.2.840.10008.1.2.4.57': { name: 'JPEG Lossless (Process 14)', codec: 'jpeg' },
  '1.2.840.10008.1.2.4.70': { name: 'JPEG Lossless (Process 14, SV1)', codec: 'jpeg' },
  '1.2.840.10008.1.2.4.80': { name: 'JPEG-LS Lossless', codec: 'jpeg-ls' },
  '1.2.840.10008.1.2.4.81': { name: 'JPEG-LS Near-Lossless', codec: 'jpeg-ls' },
  '1.2.840.10008.1.2.4.90': { name: 'JPEG 2000 Lossless', codec: 'jpeg-2000' },
  '1.2.840.10008.1.2.4.91': { name: 'JPEG 2000', codec: 'jpeg-2000' },
  '1.2.840.10008.1.2.4.92': { name: 'JPEG 2000 Part 2 Lossless', codec: 'jpeg-2000' },
  '1.2.840.10008.1.2.4.93': { name: 'JPEG 2000 Part 2', codec: 'jpeg-2000' },
  '1.2.840.10008.1.2.4.201': { name: 'HTJ2K Lossless', codec: 'htj2k' },
  '1.2.840.10008.1.2.4.202': { name: 'HTJ2K Lossless RPCL', codec: 'htj2k' },
  '1.2.840.10008.1.2.4.203': { name: 'HTJ2K', codec: 'htj2k' },
  '1.2.840.10008.1.2.4.94': {
    name: 'JPIP Referenced',
    codec: 'unsupported',
    why: 'its pixels are kept on a server, not in the file',
  },
  '1.2.840.10008.1.2.4.95': {
    name: 'JPIP Referenced Deflate',
    codec: 'unsupported',
    why: 'its pixels are kept on a server, not in the file',
  },
  '1.2.840.10008.1.2.4.204': {
    name: 'JPIP HTJ2K Referenced',
    codec: 'unsupported',
    why: 'its pixels are kept on a server, not in the file',
  },
  '1.2.840.10008.1.2.4.205': {
    name: 'JPIP HTJ2K Referenced Deflate',
    codec: 'unsupported',
    why: 'its pixels are kept on a server, not in the file',
  },
  '1.2.840.10008.1.2.4.100': { name: 'MPEG2 video', codec: 'unsupported', why: VIDEO },
  '1.2.840.10008.1.2.4.100.1': { name: 'MPEG2 video', codec: 'unsupported', why: VIDEO },
  '1.2.840.10008.1.2.4.101': { name: 'MPEG2 video', codec: 'unsupported', why: VIDEO },
  '1.2.840.10008.1.2.4.101.1': { name: 'MPEG2 video', codec: 'unsupported', why: VIDEO },
  '1.2.840.10008.1.2.4.102': { name: 'MPEG-4 video', codec: 'unsupported', why: VIDEO },
  '1.2.840.10008.1.2.4.102.1': { name: 'MPEG-4 video', codec: 'unsupported', why: VIDEO },
  '1.2.840.10008.1.2.4.103': { name: 'MPEG-4 video', codec: 'unsupported', why: VIDEO },
  '1.2.840.10008.1.2.4.103.1': { name: 'MPEG-4 video', codec: 'unsupported', why: VIDEO },
  '1.2.840.10008.1.2.4.104': { name: 'MPEG-4 video', codec: 'unsupported', why: VIDEO },
  '1.2.840.10008.1.2.4.104.1': { name: 'MPEG-4 video', codec: 'unsupported', why: VIDEO },
  '1.2.840.10008.1.2.4.105': { name: 'MPEG-4 video', codec: 'unsupported', why: VIDEO },
  '1.2.840.10008.1.2.4.105.1': { name: 'MPEG-4 video', codec: 'unsupported', why: VIDEO },
  '1.2.840.10008.1.2.4.106': { name: 'MPEG-4 video', codec: 'unsupported', why: VIDEO },
  '1.2.840.10008.1.2.4.106.1': { name: 'MPEG-4 video', codec: 'unsupported', why: VIDEO },
  '1.2.840.10008.1.2.4.107': { name: 'HEVC video', codec: 'unsupported', why: VIDEO },
  '1.2.840.10008.1.2.4.108': { name: 'HEVC video', codec: 'unsupported', why: VIDEO },
  '1.2.840.10008.1.2.4.110': {
    name: 'JPEG XL Lossless',
    codec: 'unsupported',
    why: 'no JPEG XL decoder is built into this app',
  },
  '1.2.840.10008.1.2.4.111': {
    name: 'JPEG XL JPEG Recompression',
    codec: 'unsupported',
    why: 'no JPEG XL decoder is built into this app',
  },
  '1.2.840.10008.1.2.4.112': {
    name: 'JPEG XL',
    codec: 'unsupported',
    why: 'no JPEG XL decoder is built into this app',
  },
};

/** Retired JPEG processes 3 to 29 (…4.52 to …4.66) are decoded by what their frames hold. */
const RETIRED_JPEG = /^1\.2\.840\.10008\.1\.2\.4\.(5[2-9]|6[0-6])$/;

export function describeSyntax(uid: string): SyntaxDescription {
  const known = SYNTAXES[uid];
  if (known) return known;
  if (RETIRED_JPEG.test(uid)) return { name: `JPEG (retired syntax ${uid})`, codec: 'jpeg' };
  return {
    name: `transfer syntax ${uid || '(none)'}`,
    codec: 'unsupported',
    why: 'this transfer syntax is not known to this app',
  };
}
