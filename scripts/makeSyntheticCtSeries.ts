/**
 * Generates a synthetic but realistic CT series as DICOM Part 10 files, in memory and
 * deterministically (same options, same bytes). Used as benchmark input, and from the command
 * line to feed other tools:
 *
 *   npx tsx scripts/makeSyntheticCtSeries.ts <dir> [slices] [--seed N] [--multiframe FRAMES]
 *                                            [--deflate]
 *
 * The encoder (synthetic/elementWriter.ts) is deliberately independent of src/core/dicom, so
 * that the benchmark input does not depend on the code under test.
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
import { drawSlice } from './synthetic/ctImage';
import { concatBytes, ElementWriter } from './synthetic/elementWriter';
import { seriesContext, type SeriesContext } from './synthetic/seriesContext';

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
// One instance.

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

// ---------------------------------------------------------------------------------------------
// The series.

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
