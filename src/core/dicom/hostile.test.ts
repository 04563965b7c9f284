import { readFileSync } from 'node:fs';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { Prng } from '../../../scripts/synthetic/prng';
import { corpusFile } from '../testing/corpus';
import { DicomError } from './errors';
import { readDicom, type ReadOptions } from './readDicom';
import { characterSetsOf, readStrings } from './values';
import { writeDicom } from './writer';

/** Seeded, so that a failure can be replayed. */
function random(seed: number): () => number {
  const prng = new Prng(seed);
  return () => prng.float();
}

const corpus = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(corpusFile(`pydicom/src/pydicom/data/test_files/${name}`)));

/** Reads and reports the outcome: 'ok' or the DicomError code. Anything else is a bug. */
function outcome(bytes: Uint8Array, options: ReadOptions = {}): string {
  try {
    const file = readDicom(bytes, { fileName: 'hostile.dcm', ...options });
    // Every byte is accounted for: the data set and what trails it end exactly at the end.
    const end = file.dataset.end + file.trailing.length;
    if (end !== file.dataset.source.length)
      return `unaccounted bytes: ${end} of ${file.dataset.source.length}`;
    // Whatever was readable is written back unchanged.
    const written = writeDicom(file);
    const expected = bytes.slice();
    if (file.preamble === 'preamble') expected.fill(0, 0, 128);
    if (written.length !== expected.length || written.some((b, i) => b !== expected[i])) {
      return 'rewritten differently';
    }
    return 'ok';
  } catch (error) {
    if (error instanceof DicomError) {
      expect(error.message).toMatch(/^hostile\.dcm: .+ \(at byte \d+\)$/);
      return error.code;
    }
    throw error;
  }
}

/** Little-endian explicit VR helpers to build hostile files by hand. */
const u16 = (n: number) => [n & 0xff, n >> 8];
const u32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24];
const header = (group: number, element: number) => [...u16(group), ...u16(element)];
const explicitLong = (group: number, element: number, vr: string, length: number) => [
  ...header(group, element),
  vr.charCodeAt(0),
  vr.charCodeAt(1),
  0,
  0,
  ...u32(length),
];
const ITEM_UNDEFINED = [...header(0xfffe, 0xe000), ...u32(0xffffffff)];
function part10(body: number[], transferSyntax = '1.2.840.10008.1.2.1'): Uint8Array {
  const uid = transferSyntax.length % 2 ? `${transferSyntax}\0` : transferSyntax;
  const ts = [
    ...header(0x0002, 0x0010),
    0x55,
    0x49,
    ...u16(uid.length),
    ...[...uid].map((c) => c.charCodeAt(0)),
  ];
  const bytes = new Uint8Array(132 + ts.length + body.length);
  bytes.set([0x44, 0x49, 0x43, 0x4d], 128);
  bytes.set(ts, 132);
  bytes.set(body, 132 + ts.length);
  return bytes;
}

describe('hostile and broken input', () => {
  it('refuses empty, tiny and non-DICOM files as not DICOM', () => {
    expect(outcome(new Uint8Array(0))).toBe('not-dicom');
    expect(outcome(new Uint8Array([1, 2, 3]))).toBe('not-dicom');
    expect(outcome(new TextEncoder().encode('{"PatientName": "Doe^John"}\n'))).toBe('not-dicom');
    expect(outcome(new Uint8Array(4096))).toBe('not-dicom');
    const nifti = new Uint8Array(352);
    nifti.set(u32(348));
    expect(outcome(nifti)).toBe('not-dicom');
  });

  it('gives a typed error, never a crash or a hang, for every truncation of a real file', () => {
    const whole = corpus('CT_small.dcm');
    const seen = new Set<string>();
    // Every cut inside the header, then every 97th byte through the pixel data.
    for (let cut = 0; cut < whole.length; cut += cut < 2000 ? 1 : 97) {
      const result = outcome(whole.subarray(0, cut));
      expect(['ok', 'not-dicom', 'truncated', 'length-past-end', 'bad-structure']).toContain(
        result,
      );
      seen.add(result);
    }
    expect(seen).toContain('truncated');
    expect(seen).toContain('length-past-end');
  });

  it('survives thousands of random mutations of real files in every encoding', () => {
    const next = random(20261124);
    const sources = [
      'CT_small.dcm',
      'MR_small_implicit.dcm',
      'MR_small_bigendian.dcm',
      'rtstruct.dcm',
      'UN_sequence.dcm',
      'nested_priv_SQ.dcm',
      'JPEG2000.dcm',
      'image_dfl.dcm',
    ];
    const outcomes = new Map<string, number>();
    for (let round = 0; round < 3000; round++) {
      const bytes = corpus(sources[round % sources.length]!);
      const mutations = 1 + Math.floor(next() * 8);
      for (let m = 0; m < mutations; m++) {
        const at = Math.floor(next() * bytes.length);
        const kind = next();
        if (kind < 0.5) bytes[at] = Math.floor(next() * 256);
        else if (kind < 0.8)
          bytes.set(u32(0xffffffff), Math.min(at, bytes.length - 4)); // undefined/huge length
        else
          bytes.set(
            header(0xfffe, [0xe000, 0xe00d, 0xe0dd][m % 3]!),
            Math.min(at, bytes.length - 4),
          );
      }
      const result = outcome(bytes, { maxInflatedBytes: 1 << 24 });
      outcomes.set(result, (outcomes.get(result) ?? 0) + 1);
    }
    expect(
      [...outcomes.keys()].filter((k) => k.startsWith('unaccounted') || k.startsWith('rewritten')),
    ).toEqual([]);
    expect(outcomes.get('ok')).toBeGreaterThan(0);
    expect(outcomes.size).toBeGreaterThan(3);
  });

  it('stops absurd nesting with a clear error instead of exhausting the stack', () => {
    const depth = 100_000;
    const body: number[] = [];
    for (let i = 0; i < depth; i++)
      body.push(...explicitLong(0x0040, 0xa730, 'SQ', 0xffffffff), ...ITEM_UNDEFINED);
    expect(outcome(part10(body))).toBe('too-deep');
    // Real files nest a few levels; a modest depth is read fine.
    const shallow: number[] = [];
    for (let i = 0; i < 20; i++)
      shallow.push(...explicitLong(0x0040, 0xa730, 'SQ', 0xffffffff), ...ITEM_UNDEFINED);
    for (let i = 0; i < 20; i++)
      shallow.push(...header(0xfffe, 0xe00d), ...u32(0), ...header(0xfffe, 0xe0dd), ...u32(0));
    expect(outcome(part10(shallow))).toBe('ok');
  });

  it('bounds the number of elements a file may make the reader hold', () => {
    const body: number[] = [];
    for (let i = 0; i < 5000; i++)
      body.push(...header(0x0009, 0x1000 + (i % 0xef00)), 0x4f, 0x42, 0, 0, ...u32(0));
    expect(outcome(part10(body), { maxElements: 1000 })).toBe('too-many-elements');
    expect(outcome(part10(body))).toBe('ok');
  });

  it('refuses lengths past the end without allocating them', () => {
    const body = [...explicitLong(0x7fe0, 0x0010, 'OW', 0xfffffff0), 1, 2, 3, 4];
    expect(outcome(part10(body))).toBe('length-past-end');
  });

  it('stops a deflate bomb at the configured size', () => {
    const zeros = new Uint8Array(64 * 1024 * 1024);
    zeros.set(explicitLong(0x0009, 0x1000, 'OB', zeros.length - 12));
    const bomb = part10([...deflateSync(zeros, { level: 9 })], '1.2.840.10008.1.2.1.99');
    expect(bomb.length).toBeLessThan(200_000);
    expect(outcome(bomb, { maxInflatedBytes: 16 * 1024 * 1024 })).toBe('too-large');
    expect(outcome(bomb)).toBe('ok');
  });

  it('reports a deflated data set that is not deflate data', () => {
    expect(outcome(part10([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], '1.2.840.10008.1.2.1.99'))).toBe(
      'inflate-failed',
    );
  });
});

describe('hostile values', () => {
  // Two megabytes of spaces between letters: V8's /[ \0]+$/ would take hours on this.
  const spacesThenX = (n: number) => [0x58, ...new Array<number>(n).fill(0x20), 0x58, 0x20];

  it('reads a huge private creator in an implicit VR file without stalling', () => {
    const creator = spacesThenX(2_000_000);
    const body = [
      ...header(0x0009, 0x0010),
      ...u32(creator.length),
      ...creator,
      ...header(0x0009, 0x1000),
      ...u32(4),
      1,
      2,
      3,
      4,
    ];
    expect(outcome(part10(body, '1.2.840.10008.1.2'))).toBe('ok');
  });

  it('decodes a huge character set value and huge text without stalling or overflowing', () => {
    const sets = spacesThenX(2_000_000);
    const long = [...explicitLong(0x0008, 0x0005, 'UN', sets.length), ...sets];
    const text = [...explicitLong(0x0010, 0x4000, 'UT', sets.length), ...sets];
    const file = readDicom(part10([...long, ...text]));
    const patientComments = file.dataset.elements[1]!;
    expect(characterSetsOf(file.dataset)).toEqual([`X${' '.repeat(2_000_000)}X`]);
    expect(readStrings(file.dataset, patientComments)[0]!.length).toBe(2_000_002);
  });
});
