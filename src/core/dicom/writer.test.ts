import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../testing/corpus';
import { pydicomDump, type PydicomElement } from '../testing/pydicom';
import type { DicomElement, DicomItem } from './dataset';
import { findElement } from './dataset';
import { putElement, removeElements, setValueBytes } from './edit';
import { readDicom } from './readDicom';
import { PIXEL_DATA, groupOf, isGroupLengthTag, tag } from './tag';
import { writeDicom } from './writer';

const ascii = (text: string): Uint8Array => new Uint8Array([...text].map((c) => c.charCodeAt(0)));
const key = (t: number): string => t.toString(16).toUpperCase().padStart(8, '0');

const PATIENT_NAME = tag(0x0010, 0x0010);
const PATIENT_BIRTH_DATE = tag(0x0010, 0x0030);
const PATIENT_IDENTITY_REMOVED = tag(0x0012, 0x0062);

/** First short text element inside the first item of the first non-empty sequence, with its path. */
function nestedTextElement(
  item: DicomItem,
  prefix = '',
): { element: DicomElement; item: DicomItem; path: string } | undefined {
  for (const element of item.elements) {
    const child = element.items?.[0];
    if (!child) continue;
    const childPrefix = `${prefix}${key(element.tag)}/0/`;
    const text = child.elements.find((e) => ['CS', 'LO', 'SH'].includes(e.vr) && !e.items);
    if (text) return { element: text, item: child, path: childPrefix + key(text.tag) };
    const deeper = nestedTextElement(child, childPrefix);
    if (deeper) return deeper;
  }
  return undefined;
}

/** Every group length in an item equals the bytes its group takes, as read back from the output. */
function groupLengthErrors(item: DicomItem, errors: string[] = []): string[] {
  for (const element of item.elements) {
    if (isGroupLengthTag(element.tag)) {
      const stated = new DataView(item.source.buffer, item.source.byteOffset).getUint32(
        element.valueOffset,
        item.encoding.littleEndian,
      );
      const actual = item.elements
        .filter((e) => groupOf(e.tag) === groupOf(element.tag) && !isGroupLengthTag(e.tag))
        .reduce((sum, e) => sum + e.end - e.start, 0);
      if (stated !== actual) errors.push(`${key(element.tag)} says ${stated}, group has ${actual}`);
    }
    element.items?.forEach((child) => groupLengthErrors(child, errors));
  }
  return errors;
}

const EDITED_FILES = [
  'pydicom/src/pydicom/data/test_files/CT_small.dcm', // explicit VR little endian
  'pydicom/src/pydicom/data/test_files/MR_small_implicit.dcm', // implicit VR
  'pydicom/src/pydicom/data/test_files/MR_small_bigendian.dcm', // explicit VR big endian
  'pydicom/src/pydicom/data/test_files/image_dfl.dcm', // deflated
  'pydicom/src/pydicom/data/test_files/rtplan.dcm', // defined-length sequences, implicit VR
  'pydicom/src/pydicom/data/test_files/rtstruct.dcm', // undefined-length sequences
  'pydicom/src/pydicom/data/test_files/JPEG2000.dcm', // encapsulated pixel data
  'dicomParser/testImages/deflate/report_dfl', // deflated SR with nested content
];

describe('editing and writing real files', () => {
  it('writes exactly the edits: another reader (pydicom) sees them and nothing else changed', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dicomanon-writer-'));
    const outputs: string[] = [];
    const expectations: {
      original: string;
      output: string;
      changed: Map<string, PydicomElement | undefined>;
    }[] = [];
    for (const [index, relative] of EDITED_FILES.entries()) {
      const original = corpusFile(relative);
      const file = readDicom(new Uint8Array(readFileSync(original)), { fileName: relative });
      const changed = new Map<string, PydicomElement | undefined>();

      const name = findElement(file.dataset, PATIENT_NAME);
      if (name) setValueBytes(name, ascii('ANON^EDITED'));
      else putElement(file.dataset, PATIENT_NAME, 'PN', ascii('ANON^EDITED '));
      changed.set(key(PATIENT_NAME), { vr: 'PN', value: 'ANON^EDITED' });
      removeElements(file.dataset, (e) => e.tag === PATIENT_BIRTH_DATE);
      changed.set(key(PATIENT_BIRTH_DATE), undefined);
      putElement(file.dataset, PATIENT_IDENTITY_REMOVED, 'CS', ascii('YES '));
      changed.set(key(PATIENT_IDENTITY_REMOVED), { vr: 'CS', value: 'YES' });
      const nested = nestedTextElement(file.dataset);
      if (nested) {
        setValueBytes(nested.element, ascii('EDITEDVALUE16CHR'));
        changed.set(nested.path, { vr: nested.element.vr, value: 'EDITEDVALUE16CHR' });
      }

      const written = writeDicom(file);
      expect(written.length % 2).toBe(0);
      const again = readDicom(written, { fileName: `${relative} (rewritten)` });
      expect(groupLengthErrors(again.dataset)).toEqual([]);
      if (again.meta) expect(groupLengthErrors(again.meta)).toEqual([]);
      // Pixel data, encapsulated or not, is the same bytes: fragments and offset table untouched.
      const pixels = (f: typeof file) => {
        const element = findElement(f.dataset, PIXEL_DATA);
        return element && f.dataset.source.subarray(element.start, element.end);
      };
      expect(pixels(again)).toEqual(pixels(file));
      if (file.transferSyntax.encapsulated)
        expect(findElement(again.dataset, PIXEL_DATA)?.fragments?.length).toBeGreaterThan(1);
      const output = path.join(dir, `${index}.dcm`);
      writeFileSync(output, written);
      outputs.push(original, output);
      expectations.push({ original, output, changed });
    }

    const dumps = pydicomDump(outputs);
    let nestedEdits = 0;
    for (const { original, output, changed } of expectations) {
      const before = dumps[original]!;
      const after = dumps[output]!;
      if ('error' in before || 'error' in after)
        throw new Error(`pydicom failed: ${JSON.stringify([before, after])}`);
      const keys = new Set([...Object.keys(before.elements), ...Object.keys(after.elements)]);
      for (const k of keys) {
        if (k.endsWith('0000')) continue; // group lengths: checked above against the bytes
        const expected = changed.has(k) ? changed.get(k) : before.elements[k];
        expect({ file: original, key: k, element: after.elements[k] }).toEqual({
          file: original,
          key: k,
          element: expected,
        });
      }
      for (const k of changed.keys()) if (k.includes('/')) nestedEdits++;
      // dcmtk reads the output without complaint, too.
      const dump = execFileSync('dcmdump', ['-q', output], { encoding: 'utf8' });
      expect(dump).toContain('ANON^EDITED');
    }
    expect(nestedEdits).toBeGreaterThanOrEqual(4);
  });

  it('returns a buffer of its own, even for an unedited file read from a Node Buffer', () => {
    const input = readFileSync(
      corpusFile('pydicom/src/pydicom/data/test_files/ExplVR_LitEndNoMeta.dcm'),
    );
    const written = writeDicom(readDicom(input));
    expect(Buffer.compare(written, input)).toBe(0);
    input.fill(0);
    expect(written.some((b) => b !== 0)).toBe(true);
  });

  it('refuses to write a value longer than its VR can hold, with a clear error', () => {
    const file = readDicom(
      new Uint8Array(readFileSync(corpusFile('pydicom/src/pydicom/data/test_files/CT_small.dcm'))),
    );
    setValueBytes(findElement(file.dataset, PATIENT_NAME)!, new Uint8Array(70_000).fill(0x41));
    expect(() => writeDicom(file)).toThrow(/more than a PN value can hold/);
  });
});
