import { describe, expect, it } from 'vitest';
import type { DeidResult } from './deidProtocol';
import type { OutputSink } from './outputSink';
import { RunResults } from './results';
import type { InputEntry } from './walk';

class MemorySink implements OutputSink {
  readonly files = new Map<string, number>();
  failOn: string | undefined;
  async write(name: string, chunks: readonly Uint8Array[]): Promise<void> {
    if (name === this.failOn)
      throw Object.assign(new Error(`ENOSPC: '/x/${name}'`), { code: 'ENOSPC' });
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

const written = (outputPath: string): DeidResult => ({
  status: 'written',
  chunks: [new Uint8Array(3)],
  outputPath,
  actions: { removed: 1 },
  warnings: 0,
  mapping: { uids: [['1.2.3', '2.25.1']], patientIds: [] },
});

describe('RunResults', () => {
  it('names duplicates by commit order, and turns a failed write into a failed row', async () => {
    const sink = new MemorySink();
    const results = new RunResults(sink, '/data/Doe^John export', true);
    await results.commit(0, entry('a.dcm'), written('P/s/i.dcm'));
    await results.commit(1, entry('b.dcm'), written('P/s/i.dcm'));
    sink.failOn = 'P/s/j.dcm';
    await results.commit(2, entry('c.dcm'), written('P/s/j.dcm'));
    await results.commit(3, entry('d.dcm'), written('../escape.dcm'));
    expect(results.rows.map((r) => [r.input, r.status, r.output, r.reason])).toEqual([
      ['input-000001', 'written', 'P/s/i.dcm', ''],
      ['input-000002', 'written', 'P/s/i_2.dcm', ''],
      ['input-000003', 'failed', '', 'output not written: no space left on the device (ENOSPC)'],
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

  it('cuts input paths and folder names out of reasons and keeps them to one line', async () => {
    const results = new RunResults(new MemorySink(), '/data/Doe^John export', false);
    const row = await results.commit(0, entry('Smith Jane/scan 1.dcm'), {
      status: 'failed',
      reason: 'bad file /data/Doe^John export/Smith Jane/scan 1.dcm\nin Smith Jane, scan 1.dcm',
    });
    expect(row.reason).toBe('bad file <input> in <input>, <input>');
  });
});
