/**
 * The preview table on real files: built from the same run as the output, aligned by tag path
 * at every depth, values decoded with the file's character sets as pydicom decodes them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { putElement } from '../dicom/edit';
import { encodeTextValue } from '../dicom/values';
import { corpusFile } from '../testing/corpus';
import { outputBytes, testDeidentifier } from '../testing/deid';
import { keyOfPath, plantedFile } from '../testing/deidCases';
import { pydicomDump, type PydicomDump } from '../testing/pydicom';
import type { ProfileSpec } from './api';
import { deidentifyWithPreview, type FilePreview, type PreviewRow } from './preview';
import { SHORT_TEXT_CHARS } from './previewValues';

const BASIC: ProfileSpec = { base: 'basic', options: [] };
const CT_SMALL = 'pydicom/src/pydicom/data/test_files/CT_small.dcm';
const RTPLAN = 'pydicom/src/pydicom/data/test_files/rtplan.dcm';
const NESTED_PRIVATE = 'deid-data/deid_data/data/humans/ctbrain1.dcm';
const SIEMENS =
  'flywheel-deidentification/exampleData/penn_prisma/dicom/10_SpinEchoFieldMap_AP/10_SpinEchoFieldMap_AP_000.dcm';
const CHARSETS = 'pydicom/src/pydicom/data/charset_files';

/** PatientName as pydicom 2.3 reads each file (python3-pydicom), spelled out. */
const NAMES: Record<string, string> = {
  chrH31: 'Yamada^Tarou=山田^太郎=やまだ^たろう',
  chrI2: 'Hong^Gildong=洪^吉洞=홍^길동',
  chrX1: 'Wang^XiaoDong=王^小東',
  chrX2: 'Wang^XiaoDong=王^小东',
  chrGreek: 'Διονυσιος',
  chrHbrw: 'שרון^דבורה',
  chrArab: 'قباني^لنزار',
  chrRuss: 'Люкceмбypг',
};

interface Case {
  readonly input: Uint8Array;
  readonly inputHash: string;
  readonly preview: FilePreview;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function run(input: Uint8Array, spec = BASIC): Promise<Case> {
  const inputHash = sha256(input);
  const preview = await deidentifyWithPreview(await testDeidentifier(spec), input);
  return { input, inputHash, preview };
}

const read = (relative: string) => new Uint8Array(readFileSync(corpusFile(relative)));
const row = (c: Case, p: string): PreviewRow => {
  const found = c.preview.rows.find((r) => r.path === p);
  if (!found) throw new Error(`no row ${p}`);
  return found;
};

const LONG_COMMENT = `Seen by Dr Smith. ${'x'.repeat(600)} <img src=x onerror=window.__xss=1>`;

let cases: Record<string, Case>;

beforeAll(async () => {
  cases = {};
  for (const name of [CT_SMALL, RTPLAN, NESTED_PRIVATE, SIEMENS])
    cases[name] = await run(read(name));
  for (const name of Object.keys(NAMES)) {
    cases[name] = await run(read(`${CHARSETS}/${name}.dcm`));
  }
  // Image Comments (LT, removed by the basic profile) long enough to be cut for the table.
  cases.long = await run(
    plantedFile(CT_SMALL, [], (file) => {
      putElement(file.dataset, 0x00204000, 'LT', encodeTextValue(file.dataset, 'LT', LONG_COMMENT));
    }),
    { base: 'basic', options: ['retain-safe-private'] },
  );
});

describe('the preview is the run that is saved', () => {
  it('holds the output bytes of the outcome, and leaves the input as it was', () => {
    for (const c of Object.values(cases)) {
      expect(c.preview.outcome.status).toBe('written');
      expect(sha256(c.preview.output!)).toBe(sha256(outputBytes(c.preview.outcome)));
      expect(sha256(c.input)).toBe(c.inputHash);
    }
  });

  it('has a row for every change the engine logged, with its action', () => {
    for (const c of Object.values(cases)) {
      if (c.preview.outcome.status !== 'written') throw new Error('not written');
      for (const change of c.preview.outcome.changes) {
        const r = row(c, change.path);
        if (change.action === 'added' && r.originalText !== null) expect(r.action).toBe('replaced');
        else expect(r.action).toBe(change.action);
        if (change.value !== undefined && r.newText !== null && !r.isSequence) {
          expect(r.newFull ?? r.newText).toBe(change.value);
        }
      }
    }
  });
});

describe('CT_small', () => {
  it("shows PatientName's original, its replacement and the action", () => {
    const c = cases[CT_SMALL]!;
    const name = row(c, '(0010,0010)');
    expect(name).toMatchObject({
      tag: '(0010,0010)',
      keyword: 'PatientName',
      vr: 'PN',
      originalText: 'CompressedSamples^CT1',
      action: 'replaced',
      depth: 0,
      parent: -1,
      kind: 'element',
    });
    expect(name.newText).toMatch(/^ANON[0-9A-Z]{10}$/);
  });

  it('shows a removed sequence with its items and their elements, removed', () => {
    const c = cases[CT_SMALL]!;
    const sequence = row(c, '(0010,1002)');
    expect(sequence).toMatchObject({
      keyword: 'OtherPatientIDsSequence',
      isSequence: true,
      itemCount: 2,
      originalText: '2 items',
      newText: null,
      action: 'removed',
    });
    const item = row(c, '(0010,1002)[0]');
    expect(item).toMatchObject({ kind: 'item', depth: 1, keyword: 'Item 1', action: 'removed' });
    expect(c.preview.rows[item.parent]).toBe(sequence);
    expect(row(c, '(0010,1002)[0].(0010,0020)')).toMatchObject({
      depth: 2,
      originalText: 'ABCD1234',
      newText: null,
      action: 'removed',
    });
    expect(sequence.changesInside).toBe(6);
  });

  it('shows binary values as their size, numbers as numbers, private elements by creator', () => {
    const c = cases[CT_SMALL]!;
    expect(row(c, '(7FE0,0010)')).toMatchObject({
      originalText: 'OW, 32,768 bytes',
      newText: 'OW, 32,768 bytes',
      action: 'kept',
    });
    expect(row(c, '(0028,0010)')).toMatchObject({ originalText: '128', action: 'kept' });
    expect(row(c, '(0009,1001)')).toMatchObject({
      keyword: 'GEMS_IDEN_01 (0009,xx01)',
      originalText: 'GE_GENESIS_FF',
      action: 'removed',
    });
    expect(row(c, '(0009,0010)').keyword).toBe('PrivateCreator');
  });

  it('shows the new file meta and the attributes the engine adds', () => {
    const c = cases[CT_SMALL]!;
    expect(c.preview.rows[0]!.tag).toBe('(0002,0000)');
    expect(row(c, '(0002,0003)').action).toBe('uid-remapped');
    expect(row(c, '(0002,0003)').newText).toBe(row(c, '(0008,0018)').newText);
    expect(row(c, '(0012,0062)')).toMatchObject({
      originalText: null,
      newText: 'YES',
      action: 'added',
    });
    expect(row(c, '(0012,0064)[0].(0008,0100)').action).toBe('added');
  });
});

describe('long text', () => {
  it('is cut to one short line for the table, the whole text beside it', () => {
    const r = row(cases.long!, '(0020,4000)');
    expect(r.action).toBe('removed');
    expect(r.originalText!.length).toBe(SHORT_TEXT_CHARS + 1);
    expect(r.originalText!.endsWith('…')).toBe(true);
    expect(r.originalFull).toBe(LONG_COMMENT);
  });
});

describe('nested sequences', () => {
  it('aligns items at every depth of rtplan', () => {
    const c = cases[RTPLAN]!;
    const depths = new Set(c.preview.rows.map((r) => r.depth));
    expect(Math.max(...depths)).toBeGreaterThanOrEqual(4);
    const deep = c.preview.rows.find((r) => r.path.split('[').length >= 3 && r.kind === 'element')!;
    expect(deep).toBeDefined();
    // Every row sits under its parent, one or two levels up.
    c.preview.rows.forEach((r) => {
      if (r.parent < 0) return expect(r.depth).toBe(0);
      const parent = c.preview.rows[r.parent]!;
      expect(r.depth).toBe(parent.depth + 1);
      expect(r.path.startsWith(parent.path)).toBe(true);
      expect(parent.kind === 'item' || parent.isSequence).toBe(true);
    });
    expect(row(c, '(300A,0010)[0].(300A,0016)')).toMatchObject({
      keyword: 'DoseReferenceDescription',
      originalText: 'iso',
      newText: null,
      action: 'removed',
    });
  });

  it('names private elements inside sequences by their creator', () => {
    const c = cases[NESTED_PRIVATE]!;
    const privates = c.preview.rows.filter((r) =>
      / \([0-9A-F]{4},xx[0-9A-F]{2}\)$/.test(r.keyword),
    );
    expect(privates.length).toBeGreaterThan(0);
    expect(privates.some((r) => r.depth > 0)).toBe(true);
    expect(privates.every((r) => !r.keyword.startsWith('(no private creator)'))).toBe(true);
  });

  it("names Siemens' CSA header by its creator", () => {
    const r = row(cases[SIEMENS]!, '(0029,1010)');
    expect(r.keyword).toBe('SIEMENS CSA HEADER (0029,xx10)');
    expect(r.originalText).toMatch(/^OB, [\d,]+ bytes$/);
  });
});

describe('character sets', () => {
  it.each(Object.entries(NAMES))('%s: PatientName decodes as pydicom reads it', (name, text) => {
    const r = row(cases[name]!, '(0010,0010)');
    // pydicom drops empty trailing component groups ("王^小東=" reads "王^小東").
    expect(r.originalText!.replace(/[=^]+$/, '')).toBe(text);
    expect(r.action).toBe('replaced');
    expect(r.newText).toMatch(/^ANON[0-9A-Z]{10}$/);
  });
});

/** Text VRs whose values pydicom gives back as the stored string (not DS/IS, parsed as numbers). */
const STRING_VRS = new Set('AE AS CS DA DT LO LT PN SH ST TM UC UI UR UT'.split(' '));

describe('every text value agrees with pydicom, before and after', () => {
  let dumps: Record<string, PydicomDump>;
  const files: Array<[string, string, string]> = [];

  beforeAll(() => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dicomanon-preview-'));
    for (const [name, c] of Object.entries(cases)) {
      const safe = name.replace(/[^A-Za-z0-9]/g, '_');
      const before = path.join(dir, `${safe}-in.dcm`);
      const after = path.join(dir, `${safe}-out.dcm`);
      writeFileSync(before, c.input);
      writeFileSync(after, c.preview.output!);
      files.push([name, before, after]);
    }
    dumps = pydicomDump(files.flatMap(([, a, b]) => [a, b]));
  });

  it('for each element of a string VR at every depth', () => {
    let compared = 0;
    for (const [name, before, after] of files) {
      const c = cases[name]!;
      for (const r of c.preview.rows) {
        if (r.kind !== 'element' || !STRING_VRS.has(r.vr)) continue;
        for (const [file, shown] of [
          [before, r.originalFull ?? r.originalText],
          [after, r.newFull ?? r.newText],
        ] as const) {
          const dump = dumps[file]!;
          if ('error' in dump) throw new Error(dump.error);
          const element = dump.elements[keyOfPath(r.path)];
          if (shown === null) {
            expect(element, `${name} ${r.path}`).toBeUndefined();
            continue;
          }
          const value = element?.value;
          if (value === undefined) continue;
          const expected = Array.isArray(value) ? value.join('\\') : value;
          const normal = (s: string) => (r.vr === 'PN' ? s.replace(/[=^]+$/, '') : s).trim();
          expect(normal(shown), `${name} ${r.path}`).toBe(normal(expected));
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  });
});
