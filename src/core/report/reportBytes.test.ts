import { describe, expect, it } from 'vitest';
import { inputId, reportCsv, reportJson, type ReportHeader, type ReportRow } from './report';
import { reportCsvBytes, reportJsonBytes } from './reportBytes';

const header: ReportHeader = {
  tool: 'dicomanon',
  version: '0.1.0',
  output: 'dicom',
  profile: { base: 'basic', name: 'a "files": [] name', options: ['retain-uids'], customRules: 2 },
  reproducible: true,
  unfinished: { inputs: 4000, cause: 'the output disk is full' },
};

const REASONS = ['', 'not DICOM', '=cmd|x', 'a, "quoted"\nline', 'Ünïcödé 名前; burned-in'];

/** Rows of every kind, with reasons that need escaping in JSON and in CSV. */
function rowsOf(count: number): ReportRow[] {
  return Array.from({ length: count }, (_, i) => ({
    input: inputId(i),
    status: (['written', 'skipped', 'failed', 'quarantined'] as const)[i % 4]!,
    reason: REASONS[i % REASONS.length]!,
    output: i % 4 === 0 ? `study/series/${i}.dcm` : '',
    // Out of report order on purpose: both must write them in CHANGE_ACTIONS order.
    actions: i % 3 === 0 ? {} : { added: i % 7, removed: 3, replaced: i },
    warnings: i % 5,
  }));
}

const text = (blocks: readonly Uint8Array[]) => Buffer.concat(blocks).toString('utf8');

describe('report bytes made a block of rows at a time', () => {
  it.each([0, 1, 2, 999, 1000, 1001, 2500])('are those of the whole report, for %i rows', (n) => {
    const rows = rowsOf(n);
    expect(text(reportJsonBytes(header, rows))).toBe(reportJson(header, rows));
    expect(text(reportCsvBytes(rows))).toBe(reportCsv(rows));
  });

  it('never encode more than one block of rows at once', () => {
    const blocks = reportJsonBytes(header, rowsOf(5000));
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    const largest = Math.max(...blocks.map((block) => block.length));
    expect(largest).toBeLessThan(Buffer.concat(blocks).length / 4);
  });
});
