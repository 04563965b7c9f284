import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NOT_DICOM_NAME, corpusFiles, relativeToCorpus } from '../testing/corpus';
import type { DicomItem } from './dataset';
import { DicomError, type DicomErrorCode } from './errors';
import { readDicom } from './readDicom';
import { isGroupLengthTag } from './tag';
import { writeDicom } from './writer';

/** Files in the corpus that are broken on purpose (or by accident), with the error they give. */
const EXPECTED_FAILURES: Record<string, DicomErrorCode> = {
  'pydicom/src/pydicom/data/test_files/MR_truncated.dcm': 'length-past-end',
  'pydicom/src/pydicom/data/test_files/rtplan_truncated.dcm': 'length-past-end',
  'pydicom-data/data_store/data/emri_small_jpeg_2k_lossless_too_short.dcm': 'truncated',
  // One stray byte before the first element; dcmdump cannot read it either.
  'pydicom/src/pydicom/data/test_files/no_meta.dcm': 'not-dicom',
};

const files = corpusFiles();

function readable(): { name: string; input: Uint8Array }[] {
  return files
    .filter((f) => !NOT_DICOM_NAME.test(f) && !(relativeToCorpus(f) in EXPECTED_FAILURES))
    .map((f) => ({ name: relativeToCorpus(f), input: new Uint8Array(readFileSync(f)) }));
}

/** Marks every item and sequence as edited, so that the writer re-encodes the whole tree. */
function touchEverything(item: DicomItem): void {
  item.elementsChanged = true;
  for (const element of item.elements) {
    if (!element.items) continue;
    element.itemsChanged = true;
    element.items.forEach(touchEverything);
  }
}

/** Byte ranges of group length values: the only bytes a full re-encode may correct. */
function groupLengthValueRanges(
  item: DicomItem,
  ranges: [number, number][] = [],
): [number, number][] {
  for (const element of item.elements) {
    if (isGroupLengthTag(element.tag)) ranges.push([element.valueOffset, element.end]);
    element.items?.forEach((child) => groupLengthValueRanges(child, ranges));
  }
  return ranges;
}

interface TagTree {
  tag: number;
  items?: TagTree[][];
}
function tagTree(item: DicomItem): TagTree[] {
  return item.elements.map((e) => ({ tag: e.tag, items: e.items?.map(tagTree) }));
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

describe('the real corpus in ../shared/data', () => {
  it('reads every DICOM file, and refuses the rest with a typed error naming file and offset', () => {
    const problems: string[] = [];
    let read = 0;
    for (const file of files) {
      const name = relativeToCorpus(file);
      const expected = NOT_DICOM_NAME.test(name) ? 'not-dicom' : EXPECTED_FAILURES[name];
      try {
        readDicom(new Uint8Array(readFileSync(file)), { fileName: name });
        read++;
        if (expected) problems.push(`${name}: read, but expected ${expected}`);
      } catch (error) {
        if (!(error instanceof DicomError)) problems.push(`${name}: threw ${String(error)}`);
        else if (error.code !== expected) problems.push(`${name}: ${error.message}`);
        else if (!error.message.includes(name) || !/at byte \d+/.test(error.message)) {
          problems.push(`${name}: message lacks file or offset: ${error.message}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(read).toBeGreaterThan(1000);
  });

  it('writes every unedited file back byte for byte (deflated ones too), the preamble zeroed', () => {
    const problems: string[] = [];
    for (const { name, input } of readable()) {
      const file = readDicom(input, { fileName: name });
      const output = writeDicom(file);
      const expected = input.slice();
      if (file.preamble === 'preamble') {
        expect(output.subarray(0, 128).every((b) => b === 0)).toBe(true);
        expected.fill(0, 0, 128);
      }
      const at = firstDifference(output, expected);
      if (at >= 0) problems.push(`${name}: differs at byte ${at}`);
    }
    expect(problems).toEqual([]);
  });

  it('re-encoding every item and sequence from the parsed tree reproduces the file', () => {
    // This is what makes the byte-for-byte test meaningful: the tree accounts for every byte,
    // and every length the writer computes equals the one in the file. Only stale group
    // lengths, which the writer corrects, may differ.
    const problems: string[] = [];
    let corrected = 0;
    let repaired = 0;
    /** Index of the first difference outside the allowed ranges, or -1; counts allowed ones. */
    const differenceOutside = (
      actual: Uint8Array,
      expected: Uint8Array,
      allowed: [number, number][],
      from: number,
    ): number => {
      if (actual.length !== expected.length) return Math.min(actual.length, expected.length);
      for (let i = from; i < actual.length; i++) {
        if (actual[i] === expected[i]) continue;
        if (!allowed.some(([start, end]) => i >= start && i < end)) return i;
        corrected++;
      }
      return -1;
    };
    for (const { name, input } of readable()) {
      const original = readDicom(input, { fileName: name });
      const file = readDicom(input, { fileName: name });
      if (file.meta) touchEverything(file.meta);
      touchEverything(file.dataset);
      const written = writeDicom(file);
      const metaRanges = original.meta ? groupLengthValueRanges(original.meta) : [];
      const bodyRanges = groupLengthValueRanges(original.dataset);
      const skipPreamble = original.preamble === 'preamble' ? 128 : 0;
      if (original.warnings.some((w) => w.includes('overruns'))) {
        // An item longer than its sequence was read to the sequence's end; re-encoding it
        // writes the length it really has, so the output is repaired, with the same elements.
        const again = readDicom(written, { fileName: name });
        if (
          again.warnings.length > 0 ||
          JSON.stringify(tagTree(again.dataset)) !== JSON.stringify(tagTree(original.dataset))
        ) {
          problems.push(
            `${name}: repair changed the elements or left warnings: ${again.warnings.join('; ')}`,
          );
        }
        repaired++;
      } else if (original.transferSyntax.deflated) {
        const metaEnd = original.meta?.end ?? 0;
        const inMeta = differenceOutside(
          written.subarray(0, metaEnd),
          input.subarray(0, metaEnd),
          metaRanges,
          skipPreamble,
        );
        const body = readDicom(written, { fileName: name }).dataset.source;
        const inBody = differenceOutside(body, original.dataset.source, bodyRanges, 0);
        if (inMeta >= 0 || inBody >= 0)
          problems.push(`${name}: differs (meta at ${inMeta}, inflated body at ${inBody})`);
      } else {
        const at = differenceOutside(written, input, [...metaRanges, ...bodyRanges], skipPreamble);
        if (at >= 0) problems.push(`${name}: differs at byte ${at}`);
      }
    }
    expect(problems).toEqual([]);
    // The corpus has files with stale group lengths; the writer must have fixed them.
    expect(corrected).toBeGreaterThan(0);
    expect(repaired).toBe(1); // DICOMDIR-nooffset
  });
});
