/**
 * A few hundred broken and mutated files (scripts/hostile/mutants.py, seeded, from real files:
 * truncations, flipped bytes, corrupted, odd and 4 GB lengths, wrong VRs, sequences 1000 deep
 * and without delimiters, empty files, no file meta, short pixel data) through the built CLI in
 * one run. The run must finish with a documented exit status; every input must end as exactly
 * one report row, written, skipped or failed (or quarantined) with a reason, never an internal
 * error; inputs stay as they were; and a file is written only if dcmtk reads the input as whole
 * and what was written (a file cut short is not a de-identified copy of it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportRow } from '../core/report/report';
import { PROJECT_ROOT, corpusFile } from '../core/testing/corpus';
import {
  buildCli,
  filesUnder,
  readReportJson,
  removeBuiltCli,
  runCli,
  treeDigest,
  type CliRun,
} from './testing/cliHarness';

const GENERATOR = path.join(PROJECT_ROOT, 'scripts/hostile/mutants.py');
const SOURCES = corpusFile('pydicom/src/pydicom/data/test_files');

let cli: string;
let work: string;
let inputs: string[];
let run: CliRun;
/** Report rows by input path (relative to the input folder). */
const rows = new Map<string, ReportRow>();

beforeAll(() => {
  cli = buildCli();
  work = mkdtempSync(path.join(tmpdir(), 'dicomanon-mutants-'));
  const input = path.join(work, 'in');
  const listed = execFileSync('/usr/bin/python3', ['-W', 'ignore', GENERATOR, SOURCES, input], {
    encoding: 'utf8',
  });
  // The walk's order: names sorted by code unit, which sorting the relative paths gives here.
  inputs = (JSON.parse(listed) as string[]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  writeFileSync(path.join(work, 'key'), 'mutants test key\n');
  const before = treeDigest(input);
  run = runCli(cli, [
    input,
    path.join(work, 'out'),
    '--dicom',
    '--jobs',
    '2',
    '--key-file',
    path.join(work, 'key'),
  ]);
  expect(treeDigest(input)).toEqual(before);
  const report = readReportJson(path.join(work, 'out'));
  expect(report.files).toHaveLength(inputs.length);
  inputs.forEach((name, index) => rows.set(name, report.files[index]!));
}, 180_000);

afterAll(() => {
  removeBuiltCli(cli);
  rmSync(work, { recursive: true, force: true });
});

const statusOf = (name: string) => rows.get(name)?.status;

describe('broken and mutated files through the built CLI', () => {
  it('ends the run with a documented status, every input as one row with a reason', () => {
    expect(inputs.length).toBeGreaterThan(250);
    expect(run.code).toBe(1); // some inputs failed: 0, 1, 2 and 130 are the documented ones
    expect(run.stderr).not.toMatch(/\n\s+at |internal error|TypeError|RangeError/);
    const problems: string[] = [];
    for (const [name, row] of rows) {
      if (!['written', 'skipped', 'failed', 'quarantined'].includes(row.status))
        problems.push(`${name}: ${row.status}`);
      if (row.status !== 'written' && !row.reason) problems.push(`${name}: no reason`);
      if (/internal error|crash|timed out|out of memory/.test(row.reason ?? ''))
        problems.push(`${name}: ${row.reason}`);
    }
    expect(problems).toEqual([]);
    const counts = readReportJson(path.join(work, 'out')).totals;
    // The mutations reach both ends: many files still write, many fail.
    expect(counts.written).toBeGreaterThan(30);
    expect(counts.failed).toBeGreaterThan(100);
    const written = [...rows.values()].filter((row) => row.status === 'written');
    const outputs = filesUnder(path.join(work, 'out')).filter((name) => name.endsWith('.dcm'));
    expect(outputs.sort()).toEqual(written.map((row) => row.output!).sort());
  });

  it('writes a file only when dcmtk reads its input as whole, and reads the output through', () => {
    const cutShort: string[] = [];
    for (const [name, row] of rows) {
      if (row.status !== 'written') continue;
      const dump = spawnSync('dcmdump', ['-q', path.join(work, 'in', name)]);
      if (dump.status !== 0) cutShort.push(`${name}: ${dump.stderr.toString('latin1').trim()}`);
    }
    expect(cutShort).toEqual([]);
    // dcmtk reads every output through, its structure and lengths (values are the inputs').
    const unreadable: string[] = [];
    for (const row of rows.values()) {
      if (row.status !== 'written') continue;
      const dump = spawnSync('dcmdump', ['-q', '+E', path.join(work, 'out', row.output!)]);
      if (dump.status !== 0 || /premature|error/i.test(dump.stderr.toString('latin1')))
        unreadable.push(`${row.input}: ${dump.stderr.toString('latin1').trim()}`);
    }
    expect(unreadable).toEqual([]);
  });

  it('says what is wrong with the files made to be wrong', () => {
    for (const name of ['empty/zero.dcm', 'empty/text.dcm', 'empty/random.dcm'])
      expect(statusOf(name), name).toBe('skipped');
    for (const name of [
      'deep/nested_1000_no_delimiters.dcm',
      'pixels/length_4gb.dcm',
      'truncated/CT_small_1243.dcm',
    ])
      expect(statusOf(name), name).toBe('failed');
    // Cut right after the file meta: nothing of the data set is there to de-identify.
    const metaOnly = inputs.filter((name) => /^truncated\/CT_small_(336)\.dcm$/.test(name));
    expect(metaOnly).toHaveLength(1);
    expect(rows.get(metaOnly[0]!)?.reason).toMatch(/^truncated: the file ends after its file meta/);
    expect(rows.get('truncated/CT_small_1243.dcm')?.reason).toMatch(
      /^truncated: the file ends inside the header of an element/,
    );
    // A data set without file meta is still DICOM, and is written.
    expect(statusOf('meta/no_meta.dcm')).toBe('written');
  });
});
