import { describe, expect, it } from 'vitest';
import { BURNED_IN_NOTE, BURNED_IN_REASONS } from '../core/deid/burnedIn';
import type { DeidResult } from './deidProtocol';
import type { OutputSink } from './outputSink';
import { OutputStopped, commitSeries, createRunResults } from './results';
import type { InputEntry } from './walk';

class MemorySink implements OutputSink {
  readonly oneStream = false;
  readonly files = new Map<string, number>();
  failOn: string | undefined;
  failCode = 'EFBIG';
  async write(name: string, chunks: readonly Uint8Array[]): Promise<void> {
    if (name === this.failOn)
      throw Object.assign(new Error(`${this.failCode}: '/x/${name}'`), { code: this.failCode });
    this.files.set(
      name,
      chunks.reduce((n, c) => n + c.byteLength, 0),
    );
  }
  async close(): Promise<void> {}
}

const entry = (relPath: string): InputEntry => ({
  relPath,
  absPath: `/data/Doe^John export/${relPath}`,
  size: 1,
});

const written = (outputPath: string): Extract<DeidResult, { status: 'written' }> => ({
  status: 'written',
  chunks: [new Uint8Array(3)],
  outputPath,
  actions: { removed: 1 },
  warnings: 0,
  mapping: { uids: [['1.2.3', '2.25.1']], patientIds: [] },
});

describe('the CLI recorder', () => {
  it('names duplicates by commit order, and turns a failed write into a failed row', async () => {
    const sink = new MemorySink();
    const results = createRunResults(sink, '/data/Doe^John export', true);
    await results.commit(0, entry('a.dcm'), written('P/s/i.dcm'));
    await results.commit(1, entry('b.dcm'), written('P/s/i.dcm'));
    sink.failOn = 'P/s/j.dcm';
    await results.commit(2, entry('c.dcm'), written('P/s/j.dcm'));
    await results.commit(3, entry('d.dcm'), written('../escape.dcm'));
    expect(results.rows.map((r) => [r.input, r.status, r.output, r.reason])).toEqual([
      ['input-000001', 'written', 'P/s/i.dcm', ''],
      ['input-000002', 'written', 'P/s/i_2.dcm', ''],
      [
        'input-000003',
        'failed',
        '',
        'output not written: file too large for this file system (EFBIG)',
      ],
      ['input-000004', 'failed', '', expect.stringMatching(/^unusable output path: .*"\.\."/)],
    ]);
    expect([...sink.files.keys()]).toEqual(['P/s/i.dcm', 'P/s/i_2.dcm']);
    expect(results.files[2]).toEqual({
      input: 'input-000003',
      inputPath: 'c.dcm',
      outputPath: '',
      status: 'failed',
    });
  });

  it('stops the run, with no row, when the disk is full or gone', async () => {
    for (const [code, kind] of [
      ['ENOSPC', 'full'],
      ['EIO', 'gone'],
    ] as const) {
      const sink = new MemorySink();
      const results = createRunResults(sink, '/data', false);
      sink.failOn = 'P/s/i.dcm';
      sink.failCode = code;
      const commit = results.commit(0, entry('a.dcm'), written('P/s/i.dcm'));
      await expect(commit).rejects.toBeInstanceOf(OutputStopped);
      await expect(commit).rejects.toMatchObject({ kind });
      expect(results.rows).toEqual([]);
    }
  });

  it('restores rows of an interrupted run so that later names come out the same', async () => {
    const first = createRunResults(new MemorySink(), '/data', false);
    await first.commit(0, entry('a.dcm'), written('P/s/i.dcm'));
    await first.commit(1, entry('b.dcm'), { status: 'skipped', reason: 'not DICOM' });
    await first.commit(2, entry('c.dcm'), written('P/s/i.dcm'));

    const sink = new MemorySink();
    const resumed = createRunResults(sink, '/data', false);
    for (const index of [0, 1]) {
      const { status, ...row } = first.rowOf(index)!;
      if (status === 'failed') throw new Error('a failed row is never restored');
      resumed.restore(index, entry('x'), { ...row, status, afterLeftoverFixes: false });
    }
    await resumed.commit(2, entry('c.dcm'), written('P/s/i.dcm'));
    expect(resumed.rows).toEqual(first.rows);
    expect([...sink.files.keys()]).toEqual(['P/s/i_2.dcm']);
  });

  it('does not write again what a resumed run finds written', async () => {
    const sink = new MemorySink();
    const results = createRunResults(sink, '/data', false, new Set(['P/s/i.dcm']));
    await results.commit(0, entry('a.dcm'), written('P/s/i.dcm'));
    await results.commit(1, entry('b.dcm'), written('P/s/j.dcm'));
    expect(results.rows.map((row) => row.output)).toEqual(['P/s/i.dcm', 'P/s/j.dcm']);
    expect([...sink.files.keys()]).toEqual(['P/s/j.dcm']);
  });

  it('cuts input paths and folder names out of reasons and keeps them to one line', async () => {
    const results = createRunResults(new MemorySink(), '/data/Doe^John export', false);
    const row = await results.commit(0, entry('Smith Jane/scan 1.dcm'), {
      status: 'failed',
      reason: 'bad file /data/Doe^John export/Smith Jane/scan 1.dcm\nin Smith Jane, scan 1.dcm',
    });
    expect(row.reason).toBe('bad file <input> in <input>, <input>');
  });

  it("adds what the leftover check did to a written row's reason, after its other note", async () => {
    const results = createRunResults(new MemorySink(), '/data', false);
    const leftovers = { cut: 1, removed: 2, allowed: 0, allowedValues: 0 };
    const fixed = { ...written('P/s/a.dcm'), leftovers };
    await results.commit(0, entry('a'), fixed);
    await results.commit(1, entry('b'), { ...fixed, outputPath: 'P/s/b.dcm' }, 'a DICOM note');
    await results.commit(2, entry('c'), written('P/s/c.dcm'));
    const ultrasound = {
      ...fixed,
      outputPath: 'P/s/d.dcm',
      burnedIn: [BURNED_IN_REASONS.ultrasound],
    };
    await results.commit(3, entry('d'), ultrasound);
    const note = 'written after the leftover check: 1 value cut out, 2 attributes removed';
    expect(results.rows.map((r) => r.reason)).toEqual([
      note,
      `a DICOM note; ${note}`,
      '',
      `${BURNED_IN_NOTE} (an ultrasound image); ${note}`,
    ]);
    expect(results.afterLeftoverFixes).toBe(3);
  });

  it('commits a series: one row per input, in input order after sortByInput', async () => {
    const sink = new MemorySink();
    const results = createRunResults(sink, '/data/Doe^John export', false);
    const file = (path: string, kind: 'image' | 'sidecar') => ({
      path,
      kind,
      chunks: [new Uint8Array(2)],
    });
    await results.commit(1, entry('note.txt'), { status: 'skipped', reason: 'not DICOM' });
    await commitSeries(results, [0, 2, 3], [entry('a'), entry('n'), entry('b'), entry('c')], {
      status: 'converted',
      files: [
        file('P/s/x.nii.gz', 'image'),
        file('P/s/x.json', 'sidecar'),
        file('P/s/x_e2.nii.gz', 'image'),
      ],
      usedFiles: 1,
      givenFiles: 2,
      notes: [],
      mapping: undefined,
      unreadable: [[2, 'cannot be read: permission denied (EACCES)']],
    });
    await commitSeries(results, [4], [entry('a'), entry('n'), entry('b'), entry('c'), entry('d')], {
      status: 'failed',
      reason: 'dcm2niix found no image it can convert in this series',
      unreadable: [],
    });
    results.sortByInput();
    expect(results.rows.map((r) => [r.input, r.status, r.output, r.reason])).toEqual([
      [
        'input-000001',
        'written',
        'P/s/x.nii.gz',
        expect.stringMatching(
          /^one of 2 NIfTI images of its series; dcm2niix stacked 1 of the 2 files/,
        ),
      ],
      ['input-000002', 'skipped', '', 'not DICOM'],
      ['input-000003', 'written', 'P/s/x.nii.gz', expect.stringMatching(/^one of 2/)],
      ['input-000004', 'failed', '', 'cannot be read: permission denied (EACCES)'],
      ['input-000005', 'failed', '', 'dcm2niix found no image it can convert in this series'],
    ]);
    expect([...sink.files.keys()]).toEqual(['P/s/x.nii.gz', 'P/s/x.json', 'P/s/x_e2.nii.gz']);
    expect(results.files.map((f) => f.input)).toEqual(results.rows.map((r) => r.input));
  });
});
