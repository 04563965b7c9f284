/**
 * What the engine reports per file. The change log agrees with the output pydicom reads: a
 * removed element is absent, an emptied one empty, a written one holds the logged value (valid
 * for its VR), every element that changed is logged, and no record carries an original value;
 * checked in detail on a few files and in bulk on a sample of the corpus. Files that are not
 * DICOM, a DICOMDIR and a truncated file come back skipped or failed, with a reason.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { setText } from '../dicom/values';
import { corpusFile, corpusFiles, NOT_DICOM_NAME, relativeToCorpus } from '../testing/corpus';
import { outputBytes, testDeidentifier } from '../testing/deid';
import {
  at,
  deidentifyCases,
  elementIn,
  keyOfPath,
  plantedFile,
  type DeidResult,
  type PydicomFile,
  brainForLegacy,
} from '../testing/deidCases';
import { pydicomDump } from '../testing/pydicom';
import type { ChangeRecord, ProfileSpec } from './api';

const TEST_FILES = 'pydicom/src/pydicom/data/test_files';
const spec = (...options: ProfileSpec['options']): ProfileSpec => ({ base: 'basic', options });

let r: Record<'ct' | 'sr' | 'overlays' | 'brain' | 'descriptors' | 'legacy', DeidResult>;

beforeAll(async () => {
  const descriptors = plantedFile(`${TEST_FILES}/dicomdirtests/77654033/CT2/17106`, [
    [0x0008103e, 'Routine Brain, Doe^Archibald, 1995-09-03'],
  ]);
  const sr = plantedFile(`${TEST_FILES}/test-SR.dcm`, [], (file) => {
    const item = elementIn(file.dataset, 0x0040a730).items![2]!;
    setText(item, elementIn(item, 0x0040a160), 'Seen by Riesmeier on 2001-02-13');
  });
  r = await deidentifyCases({
    ct: { input: `${TEST_FILES}/CT_small.dcm`, spec: spec('retain-safe-private') },
    sr: { input: sr, spec: spec('retain-longitudinal-modified-dates', 'clean-structured-content') },
    overlays: {
      input: 'pydicom-data/data_store/data/MR-SIEMENS-DICOM-WithOverlays.dcm',
      spec: spec(),
    },
    brain: { input: 'deid-data/deid_data/data/humans/ctbrain1.dcm', spec: spec() },
    descriptors: { input: descriptors, spec: spec('clean-descriptors') },
    legacy: {
      input: brainForLegacy(),
      spec: { base: 'legacy', options: [] },
    },
  });
});

const NAMES = Object.keys({
  ct: 0,
  sr: 0,
  overlays: 0,
  brain: 0,
  descriptors: 0,
  legacy: 0,
}) as Array<keyof typeof r>;

/** The value pydicom reads at a key, as the engine would log it (values joined with "\"). */
function valueAt(file: PydicomFile, key: string): string | undefined {
  const element = at(file, key);
  if (!element || element.value === undefined) return undefined;
  return Array.isArray(element.value) ? element.value.join('\\') : element.value;
}

/** A problem with one record, or undefined when the output agrees with it. */
function disagreement(res: DeidResult, change: ChangeRecord): string | undefined {
  const key = keyOfPath(change.path);
  const element = at(res.after, key);
  const where = `${change.action} ${change.path}`;
  if (change.action !== 'added' && !at(res.before, key)) return `${where}: not in the input`;
  switch (change.action) {
    case 'removed':
      return element ? `${where}: still there` : undefined;
    case 'emptied':
      if (!element) return `${where}: absent`;
      return element.items === 0 || element.value === '' ? undefined : `${where}: not empty`;
    default: {
      if (!element) return `${where}: absent`;
      if (change.action === 'added' && key === '00120064') return undefined; // a sequence
      const zeros = /^(\d+) zero bytes$/.exec(change.value ?? '');
      const expected = zeros ? '00'.repeat(Number(zeros[1])) : change.value;
      const actual = valueAt(res.after, key);
      return actual === expected ? undefined : `${where}: logged "${expected}", wrote "${actual}"`;
    }
  }
}

describe('the change log', () => {
  it('logs every kind of action on these files', () => {
    const actions = new Set(NAMES.flatMap((n) => r[n].outcome.changes.map((c) => c.action)));
    expect([...actions].sort()).toEqual(
      ['added', 'cleaned', 'date-shifted', 'emptied', 'removed', 'replaced', 'uid-remapped'].sort(),
    );
  });

  it('refers to elements whose output state matches the action', () => {
    for (const name of NAMES) {
      const problems = r[name].outcome.changes
        .map((c) => disagreement(r[name], c))
        .filter((p) => p !== undefined);
      expect(problems, name).toEqual([]);
    }
  });

  it('logs every element that is removed or changed', () => {
    for (const name of NAMES) {
      const { before, after, outcome } = r[name];
      const logged = new Set(outcome.changes.map((c) => keyOfPath(c.path)));
      const loggedAbove = (key: string) => {
        const steps = key.split('/');
        for (let n = 1; n <= steps.length; n += 2)
          if (logged.has(steps.slice(0, n).join('/'))) return true;
        return false;
      };
      const unlogged = Object.entries(before.elements)
        .filter(([key]) => !key.startsWith('0002'))
        .filter(([key, e]) => JSON.stringify(after.elements[key]) !== JSON.stringify(e))
        .filter(([key]) => !loggedAbove(key))
        .map(([key]) => key);
      expect(unlogged, name).toEqual([]);
    }
  });

  it('never carries an original value', () => {
    for (const name of NAMES) {
      const { before, outcome } = r[name];
      for (const change of outcome.changes) {
        // Added elements hold our own values (the input may have had the same ones).
        if (change.action === 'added' || change.value === undefined) continue;
        const original = valueAt(before, keyOfPath(change.path));
        if (!original) continue;
        expect(change.value, `${name} ${change.path}`).not.toBe(original);
        if (original.length >= 4)
          expect(change.value, `${name} ${change.path}`).not.toContain(original);
      }
      const log = JSON.stringify(outcome.changes);
      for (const key of ['00100010', '00100020', '00080018', '0020000D']) {
        const original = valueAt(before, key);
        if (original && !/^(19000101|ANON\w+)$/.test(original))
          expect(log, `${name} ${key}`).not.toContain(original);
      }
    }
  });
});

describe('the change log over a sample of the corpus', () => {
  const SPECS: ProfileSpec[] = [
    spec(),
    spec(
      'retain-longitudinal-modified-dates',
      'retain-safe-private',
      'clean-descriptors',
      'clean-structured-content',
      'clean-graphics',
    ),
    { base: 'legacy', options: [] },
  ];
  const problems: string[] = [];
  let written = 0;

  beforeAll(async () => {
    const files = corpusFiles().filter((f) => !NOT_DICOM_NAME.test(f));
    const dir = mkdtempSync(path.join(tmpdir(), 'dicomanon-log-'));
    const runs: Array<{ input: string; output: string; changes: readonly ChangeRecord[] }> = [];
    for (const [s, profile] of SPECS.entries()) {
      const deidentifier = await testDeidentifier(profile);
      // Every 9th file, a different third of them for each profile.
      for (let i = s * 3; i < files.length; i += 9) {
        const input = files[i]!;
        const outcome = await deidentifier.deidentify(new Uint8Array(readFileSync(input)));
        if (outcome.status !== 'written') continue;
        const output = path.join(dir, `${s}-${i}.dcm`);
        writeFileSync(output, outputBytes(outcome));
        runs.push({ input, output, changes: outcome.changes });
      }
    }
    written = runs.length;
    const dumps = pydicomDump(runs.flatMap((run) => [run.input, run.output]));
    for (const { input, output, changes } of runs) {
      const [before, after] = [dumps[input]!, dumps[output]!];
      const name = relativeToCorpus(input);
      if ('error' in after) problems.push(`${name}: pydicom: ${after.error}`);
      if ('error' in after || 'error' in before) continue;
      const res = { before, after } as DeidResult;
      for (const change of changes) {
        const problem = disagreement(res, change);
        if (problem) problems.push(`${name}: ${problem}`);
        const element = at(after, keyOfPath(change.path));
        if (change.action !== 'removed' && change.action !== 'emptied' && element?.invalid)
          problems.push(`${name}: ${change.path} ${element.vr}: ${element.invalid}`);
      }
    }
  });

  it('agrees with the output, and every value it records as written is valid for its VR', () => {
    // Legacy outputs whose kept attributes still name the patient are quarantined, not written.
    expect(written).toBeGreaterThan(250);
    expect(problems).toEqual([]);
  });
});

describe('outcomes', () => {
  async function outcomeOf(relative: string) {
    const deidentifier = await testDeidentifier(spec());
    return deidentifier.deidentify(new Uint8Array(readFileSync(corpusFile(relative))));
  }

  it('skips a file that is not DICOM, with a reason', async () => {
    for (const file of [`${TEST_FILES}/README.txt`, `${TEST_FILES}/crayons.icc`]) {
      const outcome = await outcomeOf(file);
      expect(outcome, file).toMatchObject({
        status: 'skipped',
        reason: expect.stringMatching(/not DICOM/),
      });
    }
  });

  it('skips a DICOMDIR, with a reason', async () => {
    const outcome = await outcomeOf(`${TEST_FILES}/dicomdirtests/DICOMDIR`);
    expect(outcome).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/DICOMDIR/) });
  });

  it('fails a truncated file, with a reason that says where', async () => {
    const outcome = await outcomeOf(`${TEST_FILES}/MR_truncated.dcm`);
    expect(outcome).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/declares \d+ bytes but only \d+/),
    });
  });
});
