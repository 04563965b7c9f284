import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../testing/corpus';
import { UNDEFINED_LENGTH, findElement, type DicomFile } from './dataset';
import { readDicom } from './readDicom';
import { PIXEL_DATA, tag } from './tag';
import { IMPLICIT_LITTLE } from './transferSyntax';
import { characterSetsOf, privateCreatorOf, readNumbers, readStrings } from './values';
import { writeDicom } from './writer';

const testFile = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(corpusFile(`pydicom/src/pydicom/data/${name}`)));
const read = (name: string): DicomFile => readDicom(testFile(name), { fileName: name });

const PATIENT_NAME = tag(0x0010, 0x0010);
const ROWS = tag(0x0028, 0x0010);
const COLUMNS = tag(0x0028, 0x0011);

describe('reading the framing of a file', () => {
  it('reads a file whose meta starts at byte 0 (no preamble) and writes it back as it was', () => {
    const whole = testFile('test_files/CT_small.dcm');
    for (const [kind, bytes] of [
      ['none', whole.subarray(132)],
      ['magic-only', whole.subarray(128)],
    ] as const) {
      const file = readDicom(bytes);
      expect(file.preamble).toBe(kind);
      expect(file.meta?.elements.length).toBeGreaterThan(3);
      expect(file.dataset.elements.length).toBe(
        read('test_files/CT_small.dcm').dataset.elements.length,
      );
      expect(writeDicom(file)).toEqual(bytes);
    }
  });

  it('zeroes whatever the preamble carried', () => {
    const bytes = testFile('test_files/CT_small.dcm').slice();
    bytes.set(new TextEncoder().encode('II*\0 PATIENT: SMITH^JOHN 1970-01-01'), 0);
    const written = writeDicom(readDicom(bytes));
    expect(written.subarray(0, 128).every((b) => b === 0)).toBe(true);
    expect(new TextDecoder().decode(written.subarray(128, 132))).toBe('DICM');
  });

  it('reads files without file meta in every native encoding', () => {
    for (const [name, explicitVR, littleEndian] of [
      ['test_files/ExplVR_BigEndNoMeta.dcm', true, false],
      ['test_files/ExplVR_LitEndNoMeta.dcm', true, true],
    ] as const) {
      const file = read(name);
      expect(file.meta).toBeNull();
      expect(file.preamble).toBe('none');
      expect(file.transferSyntax.encoding).toEqual({ explicitVR, littleEndian });
      expect(file.dataset.elements.length).toBeGreaterThan(10);
    }
  });

  it('works out the encoding when the meta has no transfer syntax, or names the wrong one', () => {
    const missing = read('test_files/meta_missing_tsyntax.dcm');
    expect(missing.warnings.join()).toMatch(/no transfer syntax/);
    expect(missing.transferSyntax.encoding).toEqual(IMPLICIT_LITTLE);
    // Its data set is nested undefined-length sequences, as dcmdump reads it too.
    expect(missing.dataset.elements[0]?.items?.[0]?.elements[0]?.items?.length).toBe(1);
    const mislabelled = read('test_files/SC_rgb_jpeg.dcm');
    expect(mislabelled.warnings.join()).toMatch(/implicit VR although/);
    expect(mislabelled.transferSyntax.uid).toBe('1.2.840.10008.1.2.4.50');
    expect(mislabelled.transferSyntax.encoding).toEqual(IMPLICIT_LITTLE);
    expect(findElement(mislabelled.dataset, PIXEL_DATA)?.fragments?.length).toBeGreaterThan(1);
  });

  it('keeps bytes that trail the data set on a faithful write and drops them on request', () => {
    const whole = testFile('test_files/CT_small.dcm');
    const padded = new Uint8Array(whole.length + 5);
    padded.set(whole);
    const file = readDicom(padded);
    expect(file.trailing.length).toBe(5);
    expect(writeDicom(file).length).toBe(padded.length);
    expect(writeDicom(file, { keepTrailingBytes: false }).length).toBe(whole.length);
  });
});

describe('reading values', () => {
  it('reads big endian numbers as the same values as their little endian twin', () => {
    const big = read('test_files/MR_small_bigendian.dcm');
    const little = read('test_files/MR_small.dcm');
    for (const t of [ROWS, COLUMNS, tag(0x0028, 0x0100)]) {
      expect(readNumbers(big.dataset, findElement(big.dataset, t)!)).toEqual(
        readNumbers(little.dataset, findElement(little.dataset, t)!),
      );
    }
    expect(readNumbers(big.dataset, findElement(big.dataset, ROWS)!)).toEqual([64]);
  });

  it('takes VRs of implicit VR files from the dictionary', () => {
    const file = read('test_files/MR_small_implicit.dcm');
    expect(findElement(file.dataset, PATIENT_NAME)?.vr).toBe('PN');
    expect(findElement(file.dataset, ROWS)?.vr).toBe('US');
    expect(readNumbers(file.dataset, findElement(file.dataset, ROWS)!)).toEqual([64]);
  });

  it('decodes ISO 2022 Japanese, and the character set a sequence item declares for itself', () => {
    const h31 = read('charset_files/chrH31.dcm');
    expect(readStrings(h31.dataset, findElement(h31.dataset, PATIENT_NAME)!)).toEqual([
      'Yamada^Tarou=山田^太郎=やまだ^たろう',
    ]);
    const sq = read('charset_files/chrSQEncoding.dcm');
    const item = findElement(sq.dataset, tag(0x0032, 0x1064))!.items![0]!;
    expect(characterSetsOf(sq.dataset)).toEqual(['ISO_IR 192']);
    expect(characterSetsOf(item)).toEqual(['ISO 2022 IR 13', 'ISO 2022 IR 87']);
    expect(readStrings(item, findElement(item, PATIENT_NAME)!)).toEqual([
      'ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう',
    ]);
    // An item without its own character set inherits the data set's.
    const inherited = read('charset_files/chrSQEncoding1.dcm');
    const inner = findElement(inherited.dataset, tag(0x0032, 0x1064))!.items![0]!;
    expect(readStrings(inner, findElement(inner, PATIENT_NAME)!)).toEqual([
      'ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう',
    ]);
  });
});

describe('reading structure', () => {
  it('reads an undefined-length UN sequence as implicit VR little endian items', () => {
    const file = read('test_files/UN_sequence.dcm');
    const un = file.dataset.elements.find((e) => e.vr === 'UN' && e.items)!;
    expect(un.length).toBe(UNDEFINED_LENGTH);
    expect(un.items![0]!.encoding).toEqual(IMPLICIT_LITTLE);
    expect(un.items![0]!.elements.length).toBeGreaterThan(0);
  });

  it('finds private sequences hidden in implicit VR elements the dictionary does not know', () => {
    for (const name of ['test_files/priv_SQ.dcm', 'test_files/nested_priv_SQ.dcm']) {
      const file = read(name);
      const hidden = file.dataset.elements.find((e) => e.items);
      expect(hidden?.items?.[0]?.elements.length).toBeGreaterThan(0);
    }
  });

  it('names the creator of each private block', () => {
    const file = readDicom(
      new Uint8Array(
        readFileSync(corpusFile('dcm_qa_nih/In/20180918Si/mr_0003/epi_pe_ap-00002.dcm')),
      ),
    );
    const creatorOf = (t: number) => privateCreatorOf(file.dataset, findElement(file.dataset, t)!);
    expect(creatorOf(tag(0x0029, 0x1010))).toBe('SIEMENS CSA HEADER');
    expect(creatorOf(tag(0x0029, 0x1160))).toBe('SIEMENS MEDCOM HEADER2');
    expect(creatorOf(tag(0x0019, 0x100a))).toBe('SIEMENS MR HEADER');
    expect(creatorOf(tag(0x0029, 0x0010))).toBeUndefined(); // a creator has no creator
    expect(creatorOf(PATIENT_NAME)).toBeUndefined();
  });

  it('keeps encapsulated pixel data as its fragments, the basic offset table first', () => {
    const file = readDicom(
      new Uint8Array(
        readFileSync(
          corpusFile(
            'dicomParser/testImages/encapsulated/multi-frame/CT0012.fragmented_no_bot_jpeg_baseline.51.dcm',
          ),
        ),
      ),
    );
    const pixels = findElement(file.dataset, PIXEL_DATA)!;
    expect(pixels.length).toBe(UNDEFINED_LENGTH);
    expect(pixels.fragments![0]!.length).toBe(0); // empty offset table
    expect(pixels.fragments!.length).toBeGreaterThan(2);
  });
});
