/**
 * Generates a synthetic but realistic CT series as DICOM Part 10 files, in memory and
 * deterministically (same options, same bytes). Used as benchmark input, and from the command
 * line to feed other tools:
 *
 *   npx tsx scripts/makeSyntheticCtSeries.ts <dir> [slices] [--seed N] [--multiframe FRAMES]
 *                                            [--deflate]
 *
 * The encoder here is deliberately independent of src/core/dicom (a small explicit VR little
 * endian element writer), so that the benchmark input does not depend on the code under test.
 * Files: 128-byte zero preamble, "DICM", file meta group, then the data set in ascending tag
 * order: CT Image Storage, UIDs under 2.25., patient/study/series/equipment attributes, image
 * plane, CT acquisition, rescale and window, a ReferencedImageSequence (undefined lengths), a
 * private block with a creator and a private sequence (defined lengths), and 512x512 16-bit
 * MONOCHROME2 pixel data (12 bits stored, rescale -1024) drawn as a chest-like phantom.
 *
 * The multi-frame variant (one big file, for per-file memory measurements) is the same CT
 * data set with Number of Frames and Frame Increment Pointer added; CT Image Storage has no
 * Multi-frame module, so validators call those two attributes out as not in the IOD.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';

export interface SyntheticCtOptions {
  /** Number of files (one slice each). */
  readonly slices: number;
  /** Seed of the PRNG: the same seed gives the same bytes. */
  readonly seed: number;
  /** Matrix size (rows = columns); 512 unless told. */
  readonly size?: number;
  /** Deflated Explicit VR Little Endian (the data set raw-deflated by node:zlib, level 6). */
  readonly deflate?: boolean;
}

export interface SyntheticFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
const MULTIFRAME_GRAYSCALE_WORD_SC = '1.2.840.10008.5.1.4.1.1.7.3';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1.99';
/** Fixed, so that all generated files name the same implementation. */
const IMPLEMENTATION_CLASS_UID = '2.25.148601937294755310237427604651860153417';
const IMPLEMENTATION_VERSION = 'DICOMANON_SYN1';
const PRIVATE_CREATOR = 'DICOMANON SYNTHETIC 1.0';

// ---------------------------------------------------------------------------------------------
// Seeded PRNG (sfc32, seeded through splitmix32): fast, good enough, no Math.random.

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.float() * (maxInclusive - min + 1));
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(0, list.length - 1)]!;
  }

  /** A UID under 2.25: the decimal form of a (deterministic) version 4 UUID. */
  uid(): string {
    const words = [this.u32(), this.u32(), this.u32(), this.u32()];
    words[1] = ((words[1]! & 0xffff0fff) | 0x00004000) >>> 0; // version 4
    words[2] = ((words[2]! & 0x3fffffff) | 0x80000000) >>> 0; // RFC 4122 variant
    let n = 0n;
    for (const w of words) n = (n << 32n) | BigInt(w);
    return `2.25.${n.toString()}`;
  }
}

// ---------------------------------------------------------------------------------------------
// A small explicit VR little endian element writer.

/** VRs whose explicit VR header has 2 reserved bytes and a 4-byte length (PS3.5 7.1.2). */
const LONG_VRS = new Set([
  'OB',
  'OD',
  'OF',
  'OL',
  'OV',
  'OW',
  'SQ',
  'SV',
  'UC',
  'UN',
  'UR',
  'UT',
  'UV',
]);
const UNDEFINED = 0xffffffff;

class ElementWriter {
  readonly parts: Uint8Array[] = [];
  size = 0;
  private lastTag = -1;

  private push(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.size += bytes.length;
  }

  private header(group: number, element: number, vr: string, length: number): void {
    const t = ((group << 16) | element) >>> 0;
    if (t <= this.lastTag) throw new Error(`tags out of order at ${hexTag(group, element)}`);
    this.lastTag = t;
    const long = LONG_VRS.has(vr);
    const h = new Uint8Array(long ? 12 : 8);
    const v = new DataView(h.buffer);
    v.setUint16(0, group, true);
    v.setUint16(2, element, true);
    h[4] = vr.charCodeAt(0);
    h[5] = vr.charCodeAt(1);
    if (long) v.setUint32(8, length, true);
    else {
      if (length > 0xffff) throw new Error(`${hexTag(group, element)} too long for ${vr}`);
      v.setUint16(6, length, true);
    }
    this.push(h);
  }

  /** A value that is already encoded; padded to even length with `pad`. */
  raw(group: number, element: number, vr: string, value: Uint8Array, pad = 0): void {
    const padded = value.length % 2 === 0 ? value : withPad(value, pad);
    this.header(group, element, vr, padded.length);
    if (padded.length > 0) this.push(padded);
  }

  /** Text VRs; multiple values are joined with a backslash. UI pads with NUL, others with space. */
  str(group: number, element: number, vr: string, value: string | readonly string[]): void {
    const text = typeof value === 'string' ? value : value.join('\\');
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c > 0x7e) throw new Error(`non-ASCII text in ${hexTag(group, element)}`);
      bytes[i] = c;
    }
    this.raw(group, element, vr, bytes, vr === 'UI' ? 0x00 : 0x20);
  }

  /** Decimal strings, each formatted to fit in 16 characters. */
  ds(group: number, element: number, values: number | readonly number[]): void {
    const list = typeof values === 'number' ? [values] : values;
    this.str(group, element, 'DS', list.map(formatDS));
  }

  is(group: number, element: number, value: number): void {
    this.str(group, element, 'IS', String(Math.trunc(value)));
  }

  us(group: number, element: number, values: number | readonly number[]): void {
    const list = typeof values === 'number' ? [values] : values;
    const bytes = new Uint8Array(list.length * 2);
    const v = new DataView(bytes.buffer);
    list.forEach((n, i) => v.setUint16(i * 2, n, true));
    this.raw(group, element, 'US', bytes);
  }

  ul(group: number, element: number, value: number): void {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value, true);
    this.raw(group, element, 'UL', bytes);
  }

  at(group: number, element: number, tagGroup: number, tagElement: number): void {
    const bytes = new Uint8Array(4);
    const v = new DataView(bytes.buffer);
    v.setUint16(0, tagGroup, true);
    v.setUint16(2, tagElement, true);
    this.raw(group, element, 'AT', bytes);
  }

  /**
   * A sequence of items, each written by a callback. `undefinedLength` uses sequence and item
   * delimiters (as many scanners do); otherwise lengths are computed.
   */
  sq(
    group: number,
    element: number,
    items: ((w: ElementWriter) => void)[],
    undefinedLength: boolean,
  ): void {
    const content: Uint8Array[] = [];
    let size = 0;
    for (const build of items) {
      const item = new ElementWriter();
      build(item);
      content.push(delimiter(0xe000, undefinedLength ? UNDEFINED : item.size), ...item.parts);
      size += 8 + item.size;
      if (undefinedLength) {
        content.push(delimiter(0xe00d, 0));
        size += 8;
      }
    }
    if (undefinedLength) {
      content.push(delimiter(0xe0dd, 0));
      size += 8;
    }
    this.header(group, element, 'SQ', undefinedLength ? UNDEFINED : size);
    for (const part of content) this.push(part);
  }

  concat(prefix: Uint8Array[] = []): Uint8Array {
    return concatBytes([...prefix, ...this.parts]);
  }
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

function delimiter(element: number, length: number): Uint8Array {
  const h = new Uint8Array(8);
  const v = new DataView(h.buffer);
  v.setUint16(0, 0xfffe, true);
  v.setUint16(2, element, true);
  v.setUint32(4, length, true);
  return h;
}

function withPad(value: Uint8Array, pad: number): Uint8Array {
  const out = new Uint8Array(value.length + 1);
  out.set(value);
  out[value.length] = pad;
  return out;
}

function hexTag(group: number, element: number): string {
  const h = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
  return `(${h(group)},${h(element)})`;
}

/** A DS value of at most 16 characters: exact when it fits, else rounded to fit. */
function formatDS(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`cannot format ${n} as DS`);
  const exact = String(n);
  if (exact.length <= 16 && !exact.includes('e')) return exact;
  for (let digits = 12; digits >= 0; digits--) {
    let text = n.toFixed(digits);
    if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
    if (text === '-0') text = '0';
    if (text.length <= 16) return text;
  }
  throw new Error(`cannot format ${n} as DS`);
}

// ---------------------------------------------------------------------------------------------
// The series.

interface SeriesContext {
  readonly rng: Prng;
  readonly size: number;
  readonly patientName: string;
  readonly patientId: string;
  readonly birthDate: string;
  readonly sex: string;
  readonly age: string;
  readonly studyDate: string;
  readonly studyTime: string;
  readonly accession: string;
  readonly studyUid: string;
  readonly seriesUid: string;
  readonly frameOfReferenceUid: string;
  readonly localizerUid: string;
  readonly referringPhysician: string;
  readonly institution: string;
  readonly station: string;
  readonly seriesNumber: number;
  readonly pixelSpacing: number;
  readonly sliceThickness: number;
  readonly kvp: number;
  readonly tubeCurrent: number;
  readonly tableHeight: number;
  readonly firstZ: number;
  /** Body outline and organ sizes, in pixels, varied per patient. */
  readonly body: { rx: number; ry: number; cy: number };
}

const FAMILY = ['MUSTERMANN', 'DOE', 'ROSSI', 'NOVAK', 'SILVA', 'TANAKA', 'OKAFOR', 'LINDQVIST'];
const GIVEN = ['ERIKA', 'JOHN', 'MARIA', 'JAN', 'ANA', 'HIROSHI', 'CHIDI', 'ASTRID'];

function seriesContext(seed: number, size: number): SeriesContext {
  const rng = new Prng(seed);
  const year = rng.int(1935, 2000);
  const pad2 = (n: number) => String(n).padStart(2, '0');
  const studyYear = rng.int(2015, 2024);
  const birthDate = `${year}${pad2(rng.int(1, 12))}${pad2(rng.int(1, 28))}`;
  const reconstructionDiameter = rng.pick([350, 380, 400, 420, 450, 500]);
  const pixelSpacing = reconstructionDiameter / size;
  return {
    rng,
    size,
    patientName: `${rng.pick(FAMILY)}^${rng.pick(GIVEN)}`,
    patientId: `SYN${String(rng.int(0, 99999999)).padStart(8, '0')}`,
    birthDate,
    sex: rng.pick(['F', 'M']),
    age: `${String(studyYear - year).padStart(3, '0')}Y`,
    studyDate: `${studyYear}${pad2(rng.int(1, 12))}${pad2(rng.int(1, 28))}`,
    studyTime: `${pad2(rng.int(7, 19))}${pad2(rng.int(0, 59))}${pad2(rng.int(0, 59))}`,
    accession: `A${rng.int(10000000, 99999999)}`,
    studyUid: rng.uid(),
    seriesUid: rng.uid(),
    frameOfReferenceUid: rng.uid(),
    localizerUid: rng.uid(),
    referringPhysician: `${rng.pick(FAMILY)}^${rng.pick(GIVEN)}^^DR`,
    institution: 'SYNTHETIC GENERAL HOSPITAL',
    station: `CT${rng.int(1, 9)}`,
    seriesNumber: rng.int(2, 9),
    pixelSpacing,
    sliceThickness: rng.pick([0.625, 1, 1.25]),
    kvp: rng.pick([100, 120]),
    tubeCurrent: rng.int(150, 350),
    tableHeight: 120 + rng.int(0, 60),
    firstZ: -rng.int(50, 200),
    body: {
      rx: rng.int(150, 185) / pixelSpacing,
      ry: rng.int(100, 125) / pixelSpacing,
      cy: size / 2 + rng.int(-10, 10),
    },
  };
}

function fileMeta(sopClassUid: string, sopInstanceUid: string, deflate: boolean): Uint8Array[] {
  const rest = new ElementWriter();
  rest.raw(0x0002, 0x0001, 'OB', new Uint8Array([0x00, 0x01]));
  rest.str(0x0002, 0x0002, 'UI', sopClassUid);
  rest.str(0x0002, 0x0003, 'UI', sopInstanceUid);
  rest.str(
    0x0002,
    0x0010,
    'UI',
    deflate ? DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN : EXPLICIT_VR_LITTLE_ENDIAN,
  );
  rest.str(0x0002, 0x0012, 'UI', IMPLEMENTATION_CLASS_UID);
  rest.str(0x0002, 0x0013, 'SH', IMPLEMENTATION_VERSION);
  const groupLength = new ElementWriter();
  groupLength.ul(0x0002, 0x0000, rest.size);
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
  return [preamble, ...groupLength.parts, ...rest.parts];
}

interface InstanceParams {
  readonly instanceNumber: number;
  readonly sopInstanceUid: string;
  readonly z: number;
  readonly contentTime: string;
  /** Pixel data of all frames, little endian. */
  readonly pixels: Uint8Array;
  readonly frames: number;
  readonly deflate: boolean;
}

function encodeInstance(ctx: SeriesContext, p: InstanceParams): Uint8Array {
  const w = new ElementWriter();
  const sopClassUid = p.frames > 1 ? MULTIFRAME_GRAYSCALE_WORD_SC : CT_IMAGE_STORAGE;
  const half = (ctx.size / 2) * ctx.pixelSpacing;
  w.str(0x0008, 0x0005, 'CS', 'ISO_IR 100');
  w.str(0x0008, 0x0008, 'CS', ['ORIGINAL', 'PRIMARY', 'AXIAL']);
  w.str(0x0008, 0x0012, 'DA', ctx.studyDate);
  w.str(0x0008, 0x0013, 'TM', p.contentTime);
  w.str(0x0008, 0x0016, 'UI', sopClassUid);
  w.str(0x0008, 0x0018, 'UI', p.sopInstanceUid);
  w.str(0x0008, 0x0020, 'DA', ctx.studyDate);
  w.str(0x0008, 0x0021, 'DA', ctx.studyDate);
  w.str(0x0008, 0x0022, 'DA', ctx.studyDate);
  w.str(0x0008, 0x0023, 'DA', ctx.studyDate);
  w.str(0x0008, 0x0030, 'TM', ctx.studyTime);
  w.str(0x0008, 0x0031, 'TM', ctx.studyTime);
  w.str(0x0008, 0x0032, 'TM', p.contentTime);
  w.str(0x0008, 0x0033, 'TM', p.contentTime);
  w.str(0x0008, 0x0050, 'SH', ctx.accession);
  w.str(0x0008, 0x0060, 'CS', 'CT');
  if (p.frames > 1) w.str(0x0008, 0x0064, 'CS', 'SYN'); // Conversion Type: synthetic image
  w.str(0x0008, 0x0070, 'LO', 'SYNTHETIC MEDICAL SYSTEMS');
  w.str(0x0008, 0x0080, 'LO', ctx.institution);
  w.str(0x0008, 0x0090, 'PN', ctx.referringPhysician);
  w.str(0x0008, 0x1010, 'SH', ctx.station);
  w.str(0x0008, 0x1030, 'LO', 'CT CHEST WITHOUT CONTRAST');
  w.str(0x0008, 0x103e, 'LO', `CHEST ${ctx.sliceThickness}mm STANDARD`);
  w.str(0x0008, 0x1090, 'LO', 'PHANTOMSCAN 64');
  // Referenced Image Sequence: the localizer, with undefined lengths as many scanners write.
  w.sq(
    0x0008,
    0x1140,
    [
      (item) => {
        item.str(0x0008, 0x1150, 'UI', CT_IMAGE_STORAGE);
        item.str(0x0008, 0x1155, 'UI', ctx.localizerUid);
      },
    ],
    true,
  );
  // A private block with its creator, a few values and a private sequence (defined lengths).
  w.str(0x0009, 0x0010, 'LO', PRIVATE_CREATOR);
  w.str(0x0009, 0x1001, 'LO', 'synthetic reconstruction');
  w.ds(0x0009, 0x1002, ctx.tubeCurrent * 0.5);
  w.sq(
    0x0009,
    0x1010,
    [
      (item) => {
        item.str(0x0010, 0x0010, 'PN', ctx.patientName);
        item.str(0x0010, 0x0020, 'LO', ctx.patientId);
      },
    ],
    false,
  );
  w.str(0x0010, 0x0010, 'PN', ctx.patientName);
  w.str(0x0010, 0x0020, 'LO', ctx.patientId);
  w.str(0x0010, 0x0030, 'DA', ctx.birthDate);
  w.str(0x0010, 0x0040, 'CS', ctx.sex);
  w.str(0x0010, 0x1010, 'AS', ctx.age);
  w.str(0x0018, 0x0015, 'CS', 'CHEST');
  w.ds(0x0018, 0x0050, ctx.sliceThickness);
  w.ds(0x0018, 0x0060, ctx.kvp);
  w.str(0x0018, 0x1020, 'LO', 'SYN 1.0');
  w.str(0x0018, 0x1030, 'LO', 'CHEST ROUTINE');
  if (p.frames > 1) w.ds(0x0018, 0x1063, 500); // Frame Time (ms), what the frame pointer names
  w.ds(0x0018, 0x1100, ctx.size * ctx.pixelSpacing);
  w.ds(0x0018, 0x1120, 0);
  w.ds(0x0018, 0x1130, ctx.tableHeight);
  w.str(0x0018, 0x1140, 'CS', 'CW');
  w.is(0x0018, 0x1150, 500);
  w.is(0x0018, 0x1151, ctx.tubeCurrent);
  w.is(0x0018, 0x1152, Math.round(ctx.tubeCurrent * 0.5));
  w.str(0x0018, 0x1160, 'SH', 'BODY FILTER');
  w.str(0x0018, 0x1210, 'SH', 'STANDARD');
  w.str(0x0018, 0x5100, 'CS', 'HFS');
  w.str(0x0020, 0x000d, 'UI', ctx.studyUid);
  w.str(0x0020, 0x000e, 'UI', ctx.seriesUid);
  w.str(0x0020, 0x0010, 'SH', '1');
  w.is(0x0020, 0x0011, ctx.seriesNumber);
  w.is(0x0020, 0x0012, 1);
  w.is(0x0020, 0x0013, p.instanceNumber);
  if (p.frames > 1) w.str(0x0020, 0x0020, 'CS', ['L', 'P']); // Patient Orientation
  w.ds(0x0020, 0x0032, [-half + ctx.pixelSpacing / 2, -half + ctx.pixelSpacing / 2, p.z]);
  w.ds(0x0020, 0x0037, [1, 0, 0, 0, 1, 0]);
  w.str(0x0020, 0x0052, 'UI', ctx.frameOfReferenceUid);
  w.str(0x0020, 0x1040, 'LO', '');
  w.ds(0x0020, 0x1041, p.z);
  w.us(0x0028, 0x0002, 1);
  w.str(0x0028, 0x0004, 'CS', 'MONOCHROME2');
  if (p.frames > 1) {
    w.is(0x0028, 0x0008, p.frames);
    w.at(0x0028, 0x0009, 0x0018, 0x1063);
  }
  w.us(0x0028, 0x0010, ctx.size);
  w.us(0x0028, 0x0011, ctx.size);
  w.ds(0x0028, 0x0030, [ctx.pixelSpacing, ctx.pixelSpacing]);
  w.us(0x0028, 0x0100, 16);
  w.us(0x0028, 0x0101, 12);
  w.us(0x0028, 0x0102, 11);
  w.us(0x0028, 0x0103, 0);
  if (p.frames > 1) w.str(0x0028, 0x0301, 'CS', 'NO'); // Burned In Annotation
  w.ds(0x0028, 0x1050, [40, -600]);
  w.ds(0x0028, 0x1051, [400, 1500]);
  w.ds(0x0028, 0x1052, -1024);
  w.ds(0x0028, 0x1053, 1);
  w.str(0x0028, 0x1054, 'LO', 'HU');
  w.str(0x0028, 0x1055, 'LO', ['MEDIASTINUM', 'LUNG']);
  if (p.frames > 1) w.str(0x2050, 0x0020, 'CS', 'IDENTITY'); // Presentation LUT Shape
  w.raw(0x7fe0, 0x0010, 'OW', p.pixels);
  const meta = fileMeta(sopClassUid, p.sopInstanceUid, p.deflate);
  if (!p.deflate) return w.concat(meta);
  // PS3.5 A.5: raw deflate, padded with one zero byte to an even length when needed.
  const body = deflateRawSync(w.concat(), { level: 6 });
  const deflated = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return concatBytes([...meta, deflated, new Uint8Array(deflated.length % 2)]);
}

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * One 16-bit slice of a chest-like phantom, stored value = HU + 1024 (12 bits): air, table,
 * body with a fat rim, two lungs whose size follows z, heart, vertebra, ribs, noise.
 * `t` runs from 0 (first slice) to 1 (last slice).
 */
function drawSlice(ctx: SeriesContext, t: number, out: Uint16Array, noiseSeed: number): void {
  const n = ctx.size;
  const { rx, ry, cy } = ctx.body;
  const cx = n / 2;
  const lungScale = 0.35 + 0.65 * Math.sin(Math.PI * Math.min(1, 0.15 + t * 0.95));
  const lrx = rx * 0.33 * lungScale;
  const lry = ry * 0.62 * lungScale;
  const lungDx = rx * 0.45;
  const heart = t > 0.35 && t < 0.85 ? Math.sin(((t - 0.35) / 0.5) * Math.PI) : 0;
  const hrx = rx * 0.3 * heart;
  const hry = ry * 0.4 * heart;
  const spineY = cy + ry * 0.62;
  const spineR = ry * 0.17;
  const tableY = cy + ry + 12;
  let s = noiseSeed >>> 0 || 1;
  for (let y = 0; y < n; y++) {
    const dy = (y - cy) / ry;
    for (let x = 0; x < n; x++) {
      const dx = (x - cx) / rx;
      const r2 = dx * dx + dy * dy;
      let hu: number;
      if (r2 > 1) {
        hu = y >= tableY && y < tableY + 6 ? 150 : -1000;
      } else if (r2 > 0.88) {
        hu = -100; // subcutaneous fat
      } else {
        hu = 45;
        const ly = (y - (cy - ry * 0.05)) / lry;
        const l1 = (x - (cx - lungDx)) / lrx;
        const l2 = (x - (cx + lungDx)) / lrx;
        if (lungScale > 0 && (l1 * l1 + ly * ly < 1 || l2 * l2 + ly * ly < 1)) hu = -850;
        if (heart > 0) {
          const hx = (x - (cx + rx * 0.1)) / hrx;
          const hy = (y - (cy + ry * 0.05)) / hry;
          if (hx * hx + hy * hy < 1) hu = 40;
        }
        const sx = x - cx;
        const sy = y - spineY;
        if (sx * sx + sy * sy < spineR * spineR) hu = 700;
        // Ribs: a thin bony ring just inside the fat rim, broken into segments.
        if (r2 > 0.78 && r2 < 0.82 && ((Math.atan2(dy, dx) * 6) & 1) === 0) hu = 450;
      }
      // Noise: xorshift32, sum of two uniforms (triangular), about ±12 HU.
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      const noise = ((s & 0xff) + ((s >>> 8) & 0xff) - 255) / 10;
      const v = Math.round(hu + noise + 1024);
      out[y * n + x] = v < 0 ? 0 : v > 4095 ? 4095 : v;
    }
  }
  if (!HOST_LITTLE_ENDIAN) {
    for (let i = 0; i < out.length; i++) out[i] = ((out[i]! & 0xff) << 8) | (out[i]! >>> 8);
  }
}

function timeOfDay(start: string, plusSeconds: number): string {
  const secs =
    Number(start.slice(0, 2)) * 3600 + Number(start.slice(2, 4)) * 60 + Number(start.slice(4, 6));
  const total = (secs + plusSeconds) % 86400;
  const whole = Math.floor(total);
  const frac = Math.round((total - whole) * 1000);
  const pad = (v: number, d = 2) => String(v).padStart(d, '0');
  return `${pad(Math.floor(whole / 3600))}${pad(Math.floor(whole / 60) % 60)}${pad(whole % 60)}.${pad(frac, 3)}`;
}

/** A CT series: one Part 10 file per slice, named CT000001.dcm, CT000002.dcm, ... */
export function makeSyntheticCtSeries(options: SyntheticCtOptions): SyntheticFile[] {
  const size = options.size ?? 512;
  if (!Number.isInteger(options.slices) || options.slices < 1)
    throw new Error('slices must be ≥ 1');
  const ctx = seriesContext(options.seed, size);
  const pixels = new Uint16Array(size * size);
  const files: SyntheticFile[] = [];
  for (let i = 0; i < options.slices; i++) {
    const t = options.slices === 1 ? 0.5 : i / (options.slices - 1);
    drawSlice(ctx, t, pixels, ctx.rng.u32());
    const bytes = encodeInstance(ctx, {
      instanceNumber: i + 1,
      sopInstanceUid: ctx.rng.uid(),
      z: ctx.firstZ - i * ctx.sliceThickness,
      contentTime: timeOfDay(ctx.studyTime, 60 + i * 0.35),
      pixels: new Uint8Array(pixels.buffer),
      frames: 1,
      deflate: options.deflate ?? false,
    });
    const suffix = options.deflate ? '_deflated' : '';
    files.push({ name: `CT${String(i + 1).padStart(6, '0')}${suffix}.dcm`, bytes });
  }
  return files;
}

/**
 * One big file: the same CT data set with `frames` slices as frames (Number of Frames and Frame
 * Increment Pointer added). For per-file memory measurements; see the note at the top.
 */
export function makeSyntheticCtMultiFrame(options: {
  frames: number;
  seed: number;
  size?: number;
  deflate?: boolean;
}): SyntheticFile {
  const size = options.size ?? 512;
  const ctx = seriesContext(options.seed, size);
  const frameLength = size * size;
  const all = new Uint16Array(frameLength * options.frames);
  for (let i = 0; i < options.frames; i++) {
    const t = options.frames === 1 ? 0.5 : i / (options.frames - 1);
    drawSlice(ctx, t, all.subarray(i * frameLength, (i + 1) * frameLength), ctx.rng.u32());
  }
  const bytes = encodeInstance(ctx, {
    instanceNumber: 1,
    sopInstanceUid: ctx.rng.uid(),
    z: ctx.firstZ,
    contentTime: timeOfDay(ctx.studyTime, 60),
    pixels: new Uint8Array(all.buffer),
    frames: options.frames,
    deflate: options.deflate ?? false,
  });
  const suffix = options.deflate ? '_deflated' : '';
  return { name: `CTMF${String(options.frames).padStart(4, '0')}${suffix}.dcm`, bytes };
}

// ---------------------------------------------------------------------------------------------
// Command line.

function main(argv: string[]): void {
  const positional: string[] = [];
  let seed = 1;
  let multiframe = 0;
  let deflate = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--seed') seed = Number(argv[++i]);
    else if (arg === '--multiframe') multiframe = Number(argv[++i]);
    else if (arg === '--deflate') deflate = true;
    else positional.push(arg);
  }
  const [dir, slicesText] = positional;
  const slices = slicesText === undefined ? 100 : Number(slicesText);
  if (
    !dir ||
    !Number.isInteger(slices) ||
    slices < 1 ||
    !Number.isInteger(seed) ||
    !Number.isInteger(multiframe) ||
    multiframe < 0
  ) {
    console.error(
      'usage: npx tsx scripts/makeSyntheticCtSeries.ts <dir> [slices=100] [--seed N] [--multiframe FRAMES] [--deflate]',
    );
    process.exit(2);
  }
  mkdirSync(dir, { recursive: true });
  const files =
    multiframe > 0
      ? [makeSyntheticCtMultiFrame({ frames: multiframe, seed, deflate })]
      : makeSyntheticCtSeries({ slices, seed, deflate });
  let total = 0;
  for (const file of files) {
    writeFileSync(path.join(dir, file.name), file.bytes);
    total += file.bytes.length;
  }
  console.log(`wrote ${files.length} file(s), ${(total / 1e6).toFixed(1)} MB, to ${dir}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2));
}
