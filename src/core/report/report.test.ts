import { describe, expect, it } from 'vitest';
import { fileMappingCsv, MappingCollector } from './mapping';
import {
  computeTotals,
  countActions,
  formatActions,
  inputId,
  reportCsv,
  reportJson,
  summarizeTotals,
  type ReportRow,
} from './report';

const rows: ReportRow[] = [
  {
    input: inputId(0),
    status: 'written',
    reason: '',
    output: 'a/b.dcm',
    actions: { replaced: 2, removed: 3 },
    warnings: 1,
  },
  {
    input: inputId(1),
    status: 'skipped',
    reason: 'not DICOM',
    output: '',
    actions: {},
    warnings: 0,
  },
  { input: inputId(2), status: 'failed', reason: '=cmd|x', output: '', actions: {}, warnings: 0 },
];

describe('report', () => {
  it('names inputs by their 1-based place in the walk', () => {
    expect(inputId(0)).toBe('input-000001');
    expect(inputId(122)).toBe('input-000123');
    expect(inputId(1_234_567)).toBe('input-1234568');
  });

  it('counts actions and lists them in a fixed order', () => {
    const counts = countActions([
      { path: '(0010,0010)', action: 'replaced' },
      { path: '(0008,0080)', action: 'removed' },
      { path: '(0008,0081)', action: 'removed' },
    ]);
    expect(counts).toEqual({ replaced: 1, removed: 2 });
    expect(formatActions(counts)).toBe('removed=2;replaced=1');
    expect(formatActions({})).toBe('');
  });

  it('totals reconcile: inputs = written + skipped + failed', () => {
    const totals = computeTotals(rows);
    expect(totals).toMatchObject({ inputs: 3, written: 1, skipped: 1, failed: 1, warnings: 1 });
    expect(totals.inputs).toBe(totals.written + totals.skipped + totals.failed);
    expect(totals.actions).toEqual({ removed: 3, replaced: 2 });
    expect(summarizeTotals(totals)).toBe('3 inputs: 1 written, 1 skipped, 1 failed');
  });

  it('writes CSV and JSON with the same rows', () => {
    const csv = reportCsv(rows);
    expect(csv.split('\r\n')).toEqual([
      'input,status,reason,output,actions,warnings',
      'input-000001,written,,a/b.dcm,removed=3;replaced=2,1',
      'input-000002,skipped,not DICOM,,,0',
      "input-000003,failed,'=cmd|x,,,0",
      '',
    ]);
    const header = {
      tool: 'dicomanon',
      version: '1',
      output: 'dicom',
      profile: { base: 'basic', options: [], customRules: 0 },
      reproducible: true,
    } as const;
    const json = JSON.parse(reportJson(header, rows));
    expect(json.totals.inputs).toBe(3);
    expect(json.files).toHaveLength(3);
    expect(Object.keys(json.files[0].actions)).toEqual(['removed', 'replaced']);
  });
});

describe('mapping tables', () => {
  it('deduplicates and sorts by code unit, with the id_old,id_new header', () => {
    const mapping = new MappingCollector();
    mapping.add({
      uids: [
        ['1.2.10', '2.25.9'],
        ['1.2.9', '2.25.1'],
      ],
      patientIds: [['b', 'X']],
    });
    mapping.add({
      uids: [['1.2.10', '2.25.9']],
      patientIds: [
        ['A', 'Y'],
        ['-1', 'Z'],
      ],
    });
    expect(mapping.uidCsv()).toBe('id_old,id_new\r\n1.2.10,2.25.9\r\n1.2.9,2.25.1\r\n');
    expect(mapping.patientIdCsv()).toBe("id_old,id_new\r\n'-1,Z\r\nA,Y\r\nb,X\r\n");
  });

  it('lists files with their input path for finding failed inputs', () => {
    const csv = fileMappingCsv([
      { input: 'input-000001', inputPath: 'Doe, John/1.dcm', outputPath: '', status: 'failed' },
    ]);
    expect(csv).toBe(
      'input,input_path,output_path,status\r\ninput-000001,"Doe, John/1.dcm",,failed\r\n',
    );
  });
});
