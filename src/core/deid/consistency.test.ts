/**
 * UIDs and pseudonyms are a function of the key and the original value only: the same key gives
 * byte-identical files in any order and in separate runs, references between files still
 * resolve, and another key gives unrelated values. Checked with pydicom on whole real studies.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusFiles, NOT_DICOM_NAME, SHARED_DATA } from '../testing/corpus';
import { outputBytes, testDeidentifier } from '../testing/deid';
import { pydicomDump, type PydicomDump } from '../testing/pydicom';
import type { FileOutcome, ProfileSpec } from './api';

const STUDIES = ['dcm_qa_nih/In/', 'flywheel-deidentification/', 'pydicom-deid/'];
const files = corpusFiles().filter(
  (f) =>
    !NOT_DICOM_NAME.test(f) && STUDIES.some((s) => path.relative(SHARED_DATA, f).startsWith(s)),
);
const BASIC: ProfileSpec = { base: 'basic', options: [] };

async function run(order: string[], key?: Uint8Array): Promise<Map<string, FileOutcome>> {
  const deidentifier = await testDeidentifier(BASIC, key);
  const out = new Map<string, FileOutcome>();
  for (const file of order) out.set(file, await deidentifier.deidentify(readFileSync(file)));
  return out;
}

function elementsOf(dump: PydicomDump | undefined) {
  if (!dump || 'error' in dump)
    throw new Error(`pydicom: ${dump && 'error' in dump ? dump.error : 'no dump'}`);
  return dump.elements;
}

describe('keyed UIDs across whole studies', () => {
  let forward: Map<string, FileOutcome>;
  const written: Array<{ input: string; output: string }> = [];
  let dumps: Record<string, PydicomDump>;

  beforeAll(async () => {
    forward = await run(files);
    const dir = mkdtempSync(path.join(tmpdir(), 'dicomanon-uids-'));
    for (const [i, file] of files.entries()) {
      const output = path.join(dir, `${i}.dcm`);
      writeFileSync(output, outputBytes(forward.get(file)!));
      written.push({ input: file, output });
    }
    dumps = pydicomDump(written.flatMap((w) => [w.input, w.output]));
  });

  it('covers several real studies', () => {
    expect(files.length).toBeGreaterThan(150);
  });

  it('gives byte-identical files in reverse order and in a fresh run', async () => {
    const backward = await run([...files].reverse());
    for (const file of files) {
      expect(
        Buffer.from(outputBytes(backward.get(file)!)).equals(
          Buffer.from(outputBytes(forward.get(file)!)),
        ),
        file,
      ).toBe(true);
    }
  });

  it('maps every original UID, wherever it appears, to one new UID and never two to one', () => {
    const newFor = new Map<string, string>();
    const oldFor = new Map<string, string>();
    const conflicts: string[] = [];
    let pairs = 0;
    for (const { input, output } of written) {
      const before = elementsOf(dumps[input]);
      const after = elementsOf(dumps[output]);
      for (const [key, element] of Object.entries(before)) {
        const replaced = after[key];
        // The file meta is rebuilt: its UIDs are checked against the data set's below.
        if (key.startsWith('0002')) continue;
        if (element.vr !== 'UI' || !replaced || typeof element.value !== 'string') continue;
        if (typeof replaced.value !== 'string' || !replaced.value.startsWith('2.25.')) continue;
        pairs++;
        const old = element.value;
        if ((newFor.get(old) ?? replaced.value) !== replaced.value)
          conflicts.push(`${old} → two UIDs`);
        if ((oldFor.get(replaced.value) ?? old) !== old)
          conflicts.push(
            `${replaced.value} ← two UIDs at ${key} in ${input}: ${old} and ${oldFor.get(replaced.value)}`,
          );
        newFor.set(old, replaced.value);
        oldFor.set(replaced.value, old);
      }
    }
    expect(conflicts).toEqual([]);
    expect(pairs).toBeGreaterThan(files.length * 3);
  });

  it('keeps each series together: one study, series and frame of reference UID per input series', () => {
    const bySeries = new Map<string, Set<string>>();
    for (const { input, output } of written) {
      const before = elementsOf(dumps[input]);
      const after = elementsOf(dumps[output]);
      // The corpus holds other tools' outputs beside their inputs: same series, other patient.
      const series = `${String(before['0020000E']?.value)} ${String(before['00100020']?.value)}`;
      const ids = ['0020000D', '0020000E', '00200052', '00100020']
        .map((k) => String(after[k]?.value))
        .join(' ');
      (bySeries.get(series) ?? bySeries.set(series, new Set()).get(series)!).add(ids);
      expect(after['00080018']?.value).not.toBe(before['00080018']?.value);
      expect(after['00020003']?.value).toBe(after['00080018']?.value);
    }
    expect(bySeries.size).toBeGreaterThan(8);
    for (const [series, variants] of bySeries) expect([...variants], series).toHaveLength(1);
  });

  it('gives unrelated UIDs and pseudonyms under another key', async () => {
    const other = await run(files.slice(0, 5), new Uint8Array(32).fill(9));
    for (const file of files.slice(0, 5)) {
      const a = forward.get(file)!;
      const b = other.get(file)!;
      if (a.status !== 'written' || b.status !== 'written') throw new Error('not written');
      expect(b.outputPath.split('/')[0]).not.toBe(a.outputPath.split('/')[0]);
      const aUids = new Set(a.mapping.uids.map(([, n]) => n));
      expect(b.mapping.uids.some(([, n]) => aUids.has(n))).toBe(false);
      expect(b.mapping.uids.map(([o]) => o)).toEqual(a.mapping.uids.map(([o]) => o));
    }
  });
});
