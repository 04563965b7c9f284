import { describe, expect, it } from 'vitest';
import type { DeidResult } from '../deid/workerResult';
import { OutputNotSaved, RunRecorder, type SaveOutput } from './recorder';

interface Input {
  readonly path: string;
}

const naming = {
  pathOf: (input: Input) => input.path,
  secretsOf: (input: Input) => [input.path],
};

const written = (outputPath: string): Extract<DeidResult, { status: 'written' }> => ({
  status: 'written',
  chunks: [new Uint8Array(3)],
  outputPath,
  actions: { removed: 1 },
  warnings: 2,
  mapping: { uids: [['1.2.3', '2.25.1']], patientIds: [] },
});

/** Saves names in memory; fails those in `refuse` for the file alone, throws on `broken`. */
function memory(refuse = new Set<string>(), broken = new Set<string>()) {
  const saved: string[] = [];
  const save: SaveOutput<Input> = async (name) => {
    if (refuse.has(name)) throw new OutputNotSaved('output not written: locked');
    if (broken.has(name)) throw new Error('the disk went away');
    saved.push(name);
  };
  return { saved, save };
}

describe('RunRecorder', () => {
  it('records results, report rows and file mapping rows in the same place', async () => {
    const { saved, save } = memory(new Set(['P/b.dcm']));
    const recorder = new RunRecorder(save, naming, true);
    await recorder.commit(0, { path: 'in/a.dcm' }, written('P/a.dcm'));
    await recorder.commit(1, { path: 'in/b.dcm' }, written('P/b.dcm'));
    await recorder.commit(2, { path: 'in/c.dcm' }, { status: 'excluded', reason: 'left out' });
    const findings = [
      { path: '(0008,103E)', kind: 'patient name' as const, source: 'PatientName' },
    ];
    await recorder.commit(
      3,
      { path: 'in/d.dcm' },
      {
        status: 'quarantined',
        reason: 'PatientName in (0008,103E) of in/d.dcm',
        findings,
      },
    );
    expect(saved).toEqual(['P/a.dcm']);
    expect(recorder.results).toEqual([
      { index: 0, status: 'written', reason: '', output: 'P/a.dcm' },
      { index: 1, status: 'failed', reason: 'output not written: locked', output: '' },
      { index: 2, status: 'excluded', reason: 'left out', output: '' },
      {
        index: 3,
        status: 'quarantined',
        reason: 'PatientName in (0008,103E) of <input>',
        output: '',
        findings,
      },
    ]);
    expect(recorder.rows.map((r) => [r.input, r.status, r.actions, r.warnings])).toEqual([
      ['input-000001', 'written', { removed: 1 }, 2],
      ['input-000002', 'failed', {}, 0],
      ['input-000003', 'skipped', {}, 0],
      ['input-000004', 'quarantined', {}, 0],
    ]);
    expect(recorder.files.map((f) => [f.inputPath, f.outputPath])).toEqual([
      ['in/a.dcm', 'P/a.dcm'],
      ['in/b.dcm', ''],
      ['in/c.dcm', ''],
      ['in/d.dcm', ''],
    ]);
    expect(recorder.mapping?.uidCsv()).toContain('1.2.3,2.25.1');
  });

  it('stops the run when saving fails other than for the file alone', async () => {
    const recorder = new RunRecorder(memory(new Set(), new Set(['P/a.dcm'])).save, naming, false);
    await expect(recorder.commit(0, { path: 'a' }, written('P/a.dcm'))).rejects.toThrow(
      'the disk went away',
    );
  });

  it('forks for a re-run: names stay taken, entries are replaced, the original is left as it was', async () => {
    const first = memory();
    const recorder = new RunRecorder(first.save, naming, true);
    await recorder.commit(0, { path: 'a' }, written('P/a.dcm'));
    await recorder.commit(1, { path: 'b' }, { status: 'quarantined', reason: 'x', findings: [] });
    const second = memory();
    const fork = recorder.fork(second.save);
    await fork.commit(1, { path: 'b' }, written('P/a.dcm'));
    expect(second.saved).toEqual(['P/a_2.dcm']);
    expect(fork.results.map((r) => [r.index, r.status, r.output])).toEqual([
      [0, 'written', 'P/a.dcm'],
      [1, 'written', 'P/a_2.dcm'],
    ]);
    expect(recorder.results[1]!.status).toBe('quarantined');
    expect(fork.mapping).toBe(recorder.mapping);
  });

  it('gives every input of a series its row, an own outcome its own, a missing series a failure', async () => {
    const { saved, save } = memory();
    const recorder = new RunRecorder(save, naming, false);
    const image = { path: 'P/s.nii.gz', kind: 'image' as const, chunks: [new Uint8Array(1)] };
    await recorder.commitSeries(
      [
        { index: 0, input: { path: 'a' } },
        { index: 2, input: { path: 'c' }, own: { outcome: written('P/c.dcm'), note: 'as DICOM' } },
      ],
      {
        status: 'converted',
        files: [image],
        usedFiles: 1,
        givenFiles: 1,
        notes: [],
        mapping: undefined,
      },
    );
    await recorder.commitSeries([{ index: 1, input: { path: 'b' } }], undefined);
    recorder.sortByInput();
    expect(saved).toEqual(['P/s.nii.gz', 'P/c.dcm']);
    expect(recorder.results.map((r) => [r.index, r.status, r.output, r.reason])).toEqual([
      [0, 'written', 'P/s.nii.gz', ''],
      [1, 'failed', '', 'internal error: no series result'],
      [2, 'written', 'P/c.dcm', 'as DICOM'],
    ]);
    expect(recorder.rows.map((r) => r.input)).toEqual([
      'input-000001',
      'input-000002',
      'input-000003',
    ]);
  });

  it('restores a series as committed: every file name claimed again, each member its row', async () => {
    const { saved, save } = memory();
    const recorder = new RunRecorder(save, naming, false);
    const row = { reason: '', actions: {}, warnings: 0, afterLeftoverFixes: false };
    recorder.restoreSeries(
      ['P/s.nii.gz', 'P/s.json'],
      [
        {
          index: 0,
          input: { path: 'a' },
          row: { ...row, status: 'written', output: 'P/s.nii.gz' },
        },
        { index: 1, input: { path: 'b' }, row: { ...row, status: 'failed', output: '' } },
      ],
    );
    // A later output of the same name gets the _2 it got in the interrupted run.
    await recorder.commit(2, { path: 'c' }, written('P/s.json'));
    expect(saved).toEqual(['P/s_2.json']);
    expect(recorder.rows.map((r) => [r.input, r.status, r.output])).toEqual([
      ['input-000001', 'written', 'P/s.nii.gz'],
      ['input-000002', 'failed', ''],
      ['input-000003', 'written', 'P/s_2.json'],
    ]);
    // A name taken already cannot be restored: the resume would name outputs otherwise.
    expect(() => recorder.restoreSeries(['P/s.json'], [])).toThrow(
      /otherwise than the interrupted/,
    );
  });
});
