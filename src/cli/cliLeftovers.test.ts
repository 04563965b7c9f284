/**
 * --on-leftover and --allow-value through the built CLI, on a real GE study under the legacy
 * profile: the legacy table replaces the Study ID but keeps the GE private elements that copy it,
 * and the protocol name holds the patient's name parts, so by default every file is
 * quarantined. Cleaning or allowing the values gets them written; the written files are read
 * by pydicom, independently of our reader, for what cleaning took away, and allowed values never
 * show on stderr or in the reports.
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeftoverSettings } from '../core/report/leftoverNote';
import { corpusFile } from '../core/testing/corpus';
import { pydicomDump, type PydicomElement } from '../core/testing/pydicom';
import {
  buildCli,
  filesUnder,
  readReportJson,
  removeBuiltCli,
  runCli,
  type CliRun,
} from './testing/cliHarness';

const STUDY = corpusFile('dcm_qa_nih/In/20180918GE');
/** Files per series folder: enough for every series, few enough to keep the test fast. */
const PER_SERIES = 2;
const BINARY_VRS = new Set(['OB', 'OW', 'OD', 'OF', 'OL', 'OV', 'UN']);

let cli: string;
let work: string;
let input: string;
/** The identifying values of the inputs, as pydicom reads them. */
let studyId: string;
let nameParts: string[];

beforeAll(() => {
  cli = buildCli();
  work = mkdtempSync(path.join(tmpdir(), 'dicomanon-leftovers-'));
  input = path.join(work, 'in');
  for (const series of readdirSync(STUDY).filter((name) => name.startsWith('mr_'))) {
    mkdirSync(path.join(input, series), { recursive: true });
    const files = readdirSync(path.join(STUDY, series)).filter((name) => name.endsWith('.dcm'));
    for (const name of files.sort().slice(0, PER_SERIES))
      copyFileSync(path.join(STUDY, series, name), path.join(input, series, name));
  }
  const values = new Set<string>();
  const names = new Set<string>();
  for (const dump of Object.values(pydicomDump(inputFiles()))) {
    if ('error' in dump) throw new Error(dump.error);
    values.add(String(dump.elements['00200010']?.value));
    for (const part of String(dump.elements['00100010']?.value).split(/[\^ ]+/))
      if (part) names.add(part);
  }
  expect(values.size).toBe(1);
  studyId = [...values][0]!;
  nameParts = [...names];
  expect(studyId).toMatch(/^\d+$/);
  expect(nameParts.length).toBeGreaterThanOrEqual(2);
}, 60_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  removeBuiltCli(cli);
});

function inputFiles(): string[] {
  return filesUnder(input).map((name) => path.join(input, name));
}

function run(output: string, ...flags: string[]): CliRun {
  return runCli(cli, [input, path.join(work, output), '--dicom', '--profile', 'legacy', ...flags]);
}

function header(output: string): { leftovers?: LeftoverSettings } {
  return JSON.parse(readFileSync(path.join(work, output, 'report.json'), 'utf8')) as {
    leftovers?: LeftoverSettings;
  };
}

function writtenDicom(output: string): string[] {
  const dir = path.join(work, output);
  return filesUnder(dir)
    .filter((name) => name.endsWith('.dcm'))
    .map((name) => path.join(dir, name));
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** The element's value as text: binary values (hex in the dump) as Latin-1, where ASCII shows. */
function textOf(element: PydicomElement): string {
  const values = Array.isArray(element.value) ? element.value : [element.value ?? ''];
  if (BINARY_VRS.has(element.vr))
    return values.map((hex) => Buffer.from(hex, 'hex').toString('latin1')).join('\\');
  return values.join('\\');
}

/** Where pydicom still finds the Study ID or a name part outside UIDs: "file tag: value". */
function leftoversIn(files: string[]): string[] {
  const found: string[] = [];
  for (const [file, dump] of Object.entries(pydicomDump(files))) {
    if ('error' in dump) throw new Error(`${file}: ${dump.error}`);
    for (const [tag, element] of Object.entries(dump.elements)) {
      if (element.vr === 'UI' || element.vr === 'SQ') continue;
      const text = textOf(element);
      const lower = text.toLowerCase();
      const id = count(text, studyId) > 0;
      // A name part is a word: "Test" is not in "Latest".
      const name = nameParts.some((part) =>
        new RegExp(`(^|[^a-z0-9])${part.toLowerCase()}($|[^a-z0-9])`).test(lower),
      );
      if (id || name) found.push(`${path.basename(file)} ${tag}: ${JSON.stringify(text)}`);
    }
  }
  return found;
}

/** stderr and every report file of a run, for values that must never be shown. */
function shownText(output: string, result: CliRun): string {
  const dir = path.join(work, output);
  const reports = ['report.json', 'report.csv'].map((name) =>
    readFileSync(path.join(dir, name), 'utf8'),
  );
  return [result.stderr, result.stdout, ...reports].join('\n');
}

describe('dicomanon CLI and leftovers', () => {
  it('quarantines every file by default and says how to proceed', () => {
    const result = run('default');
    expect(result.code, result.stderr).toBe(1);
    const report = readReportJson(path.join(work, 'default'));
    expect(report.files.length).toBe(inputFiles().length);
    expect(report.files.every((row) => row.status === 'quarantined')).toBe(true);
    expect(writtenDicom('default')).toEqual([]);
    expect(header('default').leftovers).toEqual({
      onLeftover: 'quarantine',
      fixes: [],
      allowValues: 0,
    });
    expect(result.stderr).toMatch(
      /quarantined: .*rerun with --on-leftover clean to cut the values out, or --allow-value for values that identify nobody; see report\.json/,
    );
  });

  it('--on-leftover clean writes every file with a note, and pydicom finds no value left', () => {
    const result = run('clean', '--on-leftover', 'clean');
    expect(result.code, result.stderr).toBe(0);
    const report = readReportJson(path.join(work, 'clean'));
    expect(report.files.length).toBe(inputFiles().length);
    for (const row of report.files) {
      expect(row.status).toBe('written');
      expect(row.reason).toMatch(/^written after the leftover check: \d+ values? cut out/);
    }
    expect(header('clean').leftovers?.onLeftover).toBe('clean');
    expect(result.stderr).toMatch(
      new RegExp(`${report.files.length} file\\(s\\) written after the leftover check`),
    );
    const written = writtenDicom('clean');
    expect(written).toHaveLength(report.files.length);
    expect(leftoversIn(written)).toEqual([]);
    // The same search finds the values where they were: in every input.
    const before = leftoversIn(inputFiles()).map((found) => found.split(' ')[0]);
    expect(new Set(before).size).toBe(inputFiles().length);
  });

  it('--allow-value writes the files and never shows the values', () => {
    const allow = [studyId, ...nameParts].flatMap((value) => ['--allow-value', value]);
    const result = run('allowed', ...allow);
    expect(result.code, result.stderr).toBe(0);
    const report = readReportJson(path.join(work, 'allowed'));
    expect(report.files.every((row) => row.status === 'written')).toBe(true);
    for (const row of report.files) expect(row.reason).toMatch(/uses? of (an )?allowed values?/);
    expect(header('allowed').leftovers?.allowValues).toBe(1 + nameParts.length);
    expectNotShown('allowed', result);
    // Allowed values are not cut out: the outputs keep them, in the private elements too.
    const kept = leftoversIn(writtenDicom('allowed')).join('\n');
    expect(kept).toMatch(/ 00431062: /);
    expect(kept).toMatch(/ 00181030: /);
  });

  it('a custom profile with allowValues does the same; --on-leftover overrides its own', () => {
    const profile = path.join(work, 'profile.json');
    writeFileSync(
      profile,
      JSON.stringify({ base: 'legacy', onLeftover: 'clean', allowValues: [studyId, ...nameParts] }),
    );
    const custom = (output: string, ...flags: string[]) =>
      runCli(cli, [input, path.join(work, output), '--dicom', '--profile', profile, ...flags]);

    const result = custom('custom');
    expect(result.code, result.stderr).toBe(0);
    const report = readReportJson(path.join(work, 'custom'));
    expect(report.files.every((row) => row.status === 'written')).toBe(true);
    expect(header('custom').leftovers).toEqual({
      onLeftover: 'clean',
      fixes: [],
      allowValues: 1 + nameParts.length,
    });
    expectNotShown('custom', result);

    // Without the allowed values, the profile's clean is overridden: quarantined again.
    writeFileSync(profile, JSON.stringify({ base: 'legacy', onLeftover: 'clean' }));
    const overridden = custom('overridden', '--on-leftover', 'quarantine');
    expect(overridden.code, overridden.stderr).toBe(1);
    expect(header('overridden').leftovers?.onLeftover).toBe('quarantine');
    const rows = readReportJson(path.join(work, 'overridden')).files;
    expect(rows.every((row) => row.status === 'quarantined')).toBe(true);
  });
});

function expectNotShown(output: string, result: CliRun): void {
  const shown = shownText(output, result).toLowerCase();
  for (const value of [studyId, ...nameParts]) expect(shown).not.toContain(value.toLowerCase());
}
