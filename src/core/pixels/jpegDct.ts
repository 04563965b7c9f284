/**
 * A sequential DCT, Huffman-coded JPEG decoder (ITU T.81 processes 1, 2 and 4: SOF0 and SOF1)
 * for 8- and 12-bit precision. libjpeg-turbo (wasm) decodes the 8-bit images DICOM calls JPEG
 * Baseline; this one exists for JPEG Extended 12-bit (…4.51), which that build cannot read.
 * Output: samples interleaved per pixel, component order as in the frame header; 3-component
 * images are converted from YCbCr to RGB unless the stream says they are RGB already.
 */
import { PixelError } from './imageInfo';

export interface JpegDctImage {
  readonly width: number;
  readonly height: number;
  readonly components: number;
  readonly precision: number;
  readonly data: Uint8Array | Uint16Array;
}

interface Huffman {
  readonly lookup: Map<number, number>;
}

interface Component {
  readonly id: number;
  readonly h: number;
  readonly v: number;
  readonly tq: number;
  plane: Float32Array;
  stride: number;
  blocksWide: number;
  blocksHigh: number;
  pred: number;
  dc: Huffman | undefined;
  ac: Huffman | undefined;
}

const ZIGZAG = new Uint8Array([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
  13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52,
  45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]);

/** cos((2x+1)uπ/16) × C(u)/2, indexed [x * 8 + u]. */
const IDCT = new Float32Array(64);
for (let x = 0; x < 8; x++)
  for (let u = 0; u < 8; u++)
    IDCT[x * 8 + u] =
      ((u === 0 ? Math.SQRT1_2 : 1) / 2) * Math.cos(((2 * x + 1) * u * Math.PI) / 16);

const fail = (why: string): never => {
  throw new PixelError(`The JPEG data cannot be decoded: ${why}.`);
};

export function decodeJpegDct(bytes: Uint8Array): JpegDctImage {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) fail('it does not start with a JPEG marker');
  const quant: Int32Array[] = [];
  const dcTables: Huffman[] = [];
  const acTables: Huffman[] = [];
  let components: Component[] = [];
  let width = 0;
  let height = 0;
  let precision = 8;
  let hMax = 1;
  let vMax = 1;
  let restartInterval = 0;
  let adobeTransform = -1;
  let pos = 2;
  const u16 = (at: number) => (bytes[at]! << 8) | bytes[at + 1]!;

  while (pos + 4 <= bytes.length) {
    if (bytes[pos] !== 0xff) {
      pos++;
      continue;
    }
    const marker = bytes[pos + 1]!;
    if (marker === 0xff) {
      pos++;
      continue;
    }
    if (marker === 0xd9) break;
    const length = u16(pos + 2);
    const segment = pos + 4;
    const next = pos + 2 + length;
    switch (marker) {
      case 0xc0:
      case 0xc1: {
        precision = bytes[segment]!;
        height = u16(segment + 1);
        width = u16(segment + 3);
        const count = bytes[segment + 5]!;
        components = [];
        for (let i = 0; i < count; i++) {
          const at = segment + 6 + i * 3;
          const sampling = bytes[at + 1]!;
          components.push({
            id: bytes[at]!,
            h: sampling >> 4 || 1,
            v: sampling & 15 || 1,
            tq: bytes[at + 2]! & 3,
            plane: new Float32Array(0),
            stride: 0,
            blocksWide: 0,
            blocksHigh: 0,
            pred: 0,
            dc: undefined,
            ac: undefined,
          });
        }
        if (precision !== 8 && precision !== 12) fail(`${precision}-bit precision`);
        if (width === 0 || height === 0) fail('the image size is not in the frame header');
        hMax = Math.max(...components.map((c) => c.h));
        vMax = Math.max(...components.map((c) => c.v));
        const mcusWide = Math.ceil(width / (8 * hMax));
        const mcusHigh = Math.ceil(height / (8 * vMax));
        for (const c of components) {
          c.blocksWide = mcusWide * c.h;
          c.blocksHigh = mcusHigh * c.v;
          c.stride = c.blocksWide * 8;
          c.plane = new Float32Array(c.stride * c.blocksHigh * 8);
        }
        break;
      }
      case 0xc2:
      case 0xc6:
      case 0xca:
        fail('progressive JPEG with more than 8 bits is not supported');
        break;
      case 0xc3:
      case 0xc5:
      case 0xc7:
      case 0xcb:
      case 0xcf:
        fail('it is a lossless JPEG, not a DCT one');
        break;
      case 0xc9:
      case 0xcd:
      case 0xce:
        fail('arithmetic coding is not supported');
        break;
      case 0xc4:
        for (let at = segment; at < next;) {
          const klass = bytes[at]! >> 4;
          const id = bytes[at]! & 15;
          const counts = bytes.subarray(at + 1, at + 17);
          const total = counts.reduce((a, b) => a + b, 0);
          const table = buildHuffman(counts, bytes.subarray(at + 17, at + 17 + total));
          (klass === 0 ? dcTables : acTables)[id] = table;
          at += 17 + total;
        }
        break;
      case 0xdb:
        for (let at = segment; at < next;) {
          const wide = bytes[at]! >> 4;
          const id = bytes[at]! & 15;
          const table = new Int32Array(64);
          for (let k = 0; k < 64; k++)
            table[ZIGZAG[k]!] = wide ? u16(at + 1 + k * 2) : bytes[at + 1 + k]!;
          quant[id] = table;
          at += 1 + (wide ? 128 : 64);
        }
        break;
      case 0xdd:
        restartInterval = u16(segment);
        break;
      case 0xee:
        if (
          length >= 12 &&
          String.fromCharCode(...bytes.subarray(segment, segment + 5)) === 'Adobe'
        )
          adobeTransform = bytes[segment + 11]!;
        break;
      case 0xda: {
        if (components.length === 0) fail('a scan comes before the frame header');
        const count = bytes[segment]!;
        const scan: Component[] = [];
        for (let i = 0; i < count; i++) {
          const id = bytes[segment + 1 + i * 2]!;
          const tables = bytes[segment + 2 + i * 2]!;
          const c = components.find((comp) => comp.id === id) ?? fail('unknown scan component');
          c.dc = dcTables[tables >> 4];
          c.ac = acTables[tables & 15];
          scan.push(c);
        }
        pos = decodeScan(bytes, next, scan, { width, height, hMax, vMax, restartInterval }, quant);
        continue;
      }
      default:
        break;
    }
    pos = next;
  }
  if (components.length === 0) fail('there is no frame header');
  return assemble(components, { width, height, precision, hMax, vMax, adobeTransform });
}

function buildHuffman(counts: Uint8Array, symbols: Uint8Array): Huffman {
  // Key: (length << 16) | code. Codes are at most 16 bits long.
  const lookup = new Map<number, number>();
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    for (let i = 0; i < counts[length - 1]!; i++)
      lookup.set((length << 16) | code++, symbols[k++]!);
    code <<= 1;
  }
  return { lookup };
}

interface ScanGeometry {
  readonly width: number;
  readonly height: number;
  readonly hMax: number;
  readonly vMax: number;
  readonly restartInterval: number;
}

/** Decodes one scan starting at `start`; returns the position just past its entropy data. */
function decodeScan(
  bytes: Uint8Array,
  start: number,
  scan: Component[],
  geometry: ScanGeometry,
  quant: Int32Array[],
): number {
  let pos = start;
  let bitBuffer = 0;
  let bitCount = 0;
  const readBit = (): number => {
    if (bitCount === 0) {
      let byte = 0;
      if (pos < bytes.length) {
        byte = bytes[pos]!;
        if (byte === 0xff) {
          const following = bytes[pos + 1];
          if (following === 0) pos += 2;
          else byte = 0; // a marker: feed zeros and leave the marker for the caller
        } else pos++;
      }
      bitBuffer = byte;
      bitCount = 8;
    }
    bitCount--;
    return (bitBuffer >> bitCount) & 1;
  };
  const receive = (n: number): number => {
    let value = 0;
    for (let i = 0; i < n; i++) value = (value << 1) | readBit();
    return value;
  };
  const extend = (value: number, n: number) =>
    value < 1 << (n - 1) ? value - (1 << n) + 1 : value;
  const decodeSymbol = (table: Huffman): number => {
    let code = 0;
    for (let length = 1; length <= 16; length++) {
      code = (code << 1) | readBit();
      const symbol = table.lookup.get((length << 16) | code);
      if (symbol !== undefined) return symbol;
    }
    return fail('bad Huffman code');
  };

  const block = new Float32Array(64);
  const temp = new Float32Array(64);
  const decodeBlock = (c: Component, row: number, col: number): void => {
    const q = quant[c.tq] ?? fail('missing quantisation table');
    if (!c.dc || !c.ac) fail('missing Huffman table');
    block.fill(0);
    const t = decodeSymbol(c.dc!);
    c.pred += t === 0 ? 0 : extend(receive(t), t);
    block[0] = c.pred * q[0]!;
    for (let k = 1; k < 64;) {
      const rs = decodeSymbol(c.ac!);
      const s = rs & 15;
      const r = rs >> 4;
      if (s === 0) {
        if (r !== 15) break;
        k += 16;
        continue;
      }
      k += r;
      if (k > 63) break;
      const z = ZIGZAG[k]!;
      block[z] = extend(receive(s), s) * q[z]!;
      k++;
    }
    inverseDct(block, temp);
    const base = row * 8 * c.stride + col * 8;
    for (let y = 0; y < 8; y++) c.plane.set(temp.subarray(y * 8, y * 8 + 8), base + y * c.stride);
  };

  const single = scan.length === 1;
  const first = scan[0]!;
  const mcusWide = single
    ? Math.ceil(Math.ceil((geometry.width * first.h) / geometry.hMax) / 8)
    : Math.ceil(geometry.width / (8 * geometry.hMax));
  const mcusHigh = single
    ? Math.ceil(Math.ceil((geometry.height * first.v) / geometry.vMax) / 8)
    : Math.ceil(geometry.height / (8 * geometry.vMax));
  const total = mcusWide * mcusHigh;
  for (const c of scan) c.pred = 0;
  for (let mcu = 0; mcu < total; mcu++) {
    if (geometry.restartInterval && mcu > 0 && mcu % geometry.restartInterval === 0) {
      // Byte-align, then step over the RSTn marker and reset the DC predictions.
      bitCount = 0;
      while (pos + 1 < bytes.length && !(bytes[pos] === 0xff && bytes[pos + 1]! >= 0xd0)) pos++;
      if (pos + 1 < bytes.length && bytes[pos + 1]! <= 0xd7) pos += 2;
      for (const c of scan) c.pred = 0;
    }
    const mcuRow = Math.floor(mcu / mcusWide);
    const mcuCol = mcu % mcusWide;
    if (single) decodeBlock(first, mcuRow, mcuCol);
    else
      for (const c of scan)
        for (let v = 0; v < c.v; v++)
          for (let h = 0; h < c.h; h++) decodeBlock(c, mcuRow * c.v + v, mcuCol * c.h + h);
  }
  // Find the next marker (skipping stuffed bytes and restart markers).
  while (pos + 1 < bytes.length) {
    if (
      bytes[pos] === 0xff &&
      bytes[pos + 1] !== 0 &&
      !(bytes[pos + 1]! >= 0xd0 && bytes[pos + 1]! <= 0xd7)
    )
      break;
    pos++;
  }
  return pos;
}

/** Separable 8×8 inverse DCT of `input` (natural order) into `out`. */
function inverseDct(input: Float32Array, out: Float32Array): void {
  const rows = new Float32Array(64);
  for (let y = 0; y < 8; y++)
    for (let x = 0; x < 8; x++) {
      let sum = 0;
      for (let u = 0; u < 8; u++) sum += IDCT[x * 8 + u]! * input[y * 8 + u]!;
      rows[y * 8 + x] = sum;
    }
  for (let x = 0; x < 8; x++)
    for (let y = 0; y < 8; y++) {
      let sum = 0;
      for (let v = 0; v < 8; v++) sum += IDCT[y * 8 + v]! * rows[v * 8 + x]!;
      out[y * 8 + x] = sum;
    }
}

interface Assembly {
  readonly width: number;
  readonly height: number;
  readonly precision: number;
  readonly hMax: number;
  readonly vMax: number;
  readonly adobeTransform: number;
}

function assemble(components: Component[], a: Assembly): JpegDctImage {
  const { width, height, precision } = a;
  const n = components.length;
  const max = (1 << precision) - 1;
  const shift = 1 << (precision - 1);
  const data =
    precision > 8 ? new Uint16Array(width * height * n) : new Uint8Array(width * height * n);
  const clamp = (value: number) => (value < 0 ? 0 : value > max ? max : Math.round(value));
  const ids = components.map((c) => c.id);
  const isRgb = a.adobeTransform === 0 || (ids[0] === 0x52 && ids[1] === 0x47 && ids[2] === 0x42);
  const convert = n === 3 && !isRgb;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const out = (y * width + x) * n;
      const sample = (c: Component) => {
        const sx = Math.floor((x * c.h) / a.hMax);
        const sy = Math.floor((y * c.v) / a.vMax);
        return c.plane[sy * c.stride + sx]! + shift;
      };
      if (convert) {
        const Y = sample(components[0]!);
        const cb = sample(components[1]!) - shift;
        const cr = sample(components[2]!) - shift;
        data[out] = clamp(Y + 1.402 * cr);
        data[out + 1] = clamp(Y - 0.344136 * cb - 0.714136 * cr);
        data[out + 2] = clamp(Y + 1.772 * cb);
      } else for (let i = 0; i < n; i++) data[out + i] = clamp(sample(components[i]!));
    }
  return { width, height, components: n, precision, data };
}
