import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  JOURNAL_FILE,
  Journal,
  firstInput,
  journalHeader,
  readJournal,
  resumeProblem,
  unitOf,
} from './journal';
import type { InputEntry } from './walk';

const work = mkdtempSync(path.join(tmpdir(), 'dicomanon-journal-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const entries: InputEntry[] = [
  { relPath: 'Doe^John/CT/1.dcm', absPath: '/in/Doe^John/CT/1.dcm', size: 10, mtimeMs: 5 },
  { relPath: 'Doe^John/CT/2.dcm', absPath: '/in/Doe^John/CT/2.dcm', size: 20, mtimeMs: 6 },
];
const key = new Uint8Array(32).fill(7);
const run = { version: '1.0.0', settings: { spec: { allowValues: ['SMITH'] } }, entries };

describe('the resume journal', () => {
  it('holds no path nor value, and reads back what was appended', async () => {
    const dir = mkdtempSync(path.join(work, 'j-'));
    const journal = await Journal.create(dir, journalHeader(key, run));
    const entry = {
      ...{ i: 0, size: 10, mtime: 5, status: 'written' as const, output: 'ANON1/s/i.dcm' },
      ...{ reason: '', actions: { removed: 3 }, warnings: 0 },
      // A --zip run's entry: its CRC, size and where the zip ended after it.
      zip: { crc: 0xdeadbeef, size: 1234, end: 1320 },
    };
    await journal.append(entry);
    await journal.close();
    const text = readFileSync(path.join(dir, JOURNAL_FILE), 'utf8');
    for (const secret of ['Doe', 'John', 'CT/', 'SMITH', '/in']) expect(text).not.toContain(secret);
    const read = await readJournal(dir);
    expect(read?.header).toEqual(journalHeader(key, run));
    expect(read?.lines).toEqual([entry]);
    expect(read?.finishing).toBe(false);
  });

  it('reads back a --nifti series as one line, and the finishing mark kept by a resume', async () => {
    const dir = mkdtempSync(path.join(work, 'j-'));
    const journal = await Journal.create(dir, journalHeader(key, run));
    const row = { reason: '', actions: {}, warnings: 0, output: 'ANON1/s/series-1.nii.gz' };
    const series = {
      series: [
        { i: 0, size: 10, mtime: 5, status: 'written' as const, ...row },
        { i: 1, size: 20, mtime: 6, status: 'written' as const, ...row },
      ],
      files: [{ name: 'ANON1/s/series-1.nii.gz' }, { name: 'ANON1/s/series-1.json' }],
    };
    await journal.append(series);
    await journal.finishing();
    await journal.finishing();
    await journal.close();
    const read = await readJournal(dir);
    expect(read?.lines).toEqual([series]);
    expect(unitOf(series)).toEqual({ inputs: series.series, files: series.files });
    expect(firstInput(series)).toBe(0);
    expect(read?.finishing).toBe(true);
    const text = readFileSync(path.join(dir, JOURNAL_FILE), 'utf8');
    expect(text.match(/finishing/g)?.length).toBe(1);
    // A resume writes the journal afresh with what it keeps, the mark included.
    await (await Journal.create(dir, journalHeader(key, run), read!.lines, true)).close();
    expect(await readJournal(dir)).toEqual(read);
  });

  it('drops a last line cut short', async () => {
    const dir = mkdtempSync(path.join(work, 'j-'));
    const journal = await Journal.create(dir, journalHeader(key, run));
    await journal.close();
    appendFileSync(path.join(dir, JOURNAL_FILE), '{"i":1,"size":2');
    expect((await readJournal(dir))?.lines).toEqual([]);
  });

  it('refuses another key, other settings, other inputs or another version, saying which', () => {
    const then = journalHeader(key, run);
    expect(resumeProblem(then, journalHeader(key, run))).toBeUndefined();
    expect(resumeProblem(then, journalHeader(new Uint8Array(32), run))).toMatch(/the key is not/);
    const settings = { spec: { allowValues: ['JONES'] } };
    expect(resumeProblem(then, journalHeader(key, { ...run, settings }))).toMatch(/settings/);
    const touched = [entries[0]!, { ...entries[1]!, mtimeMs: 7 }];
    expect(resumeProblem(then, journalHeader(key, { ...run, entries: touched }))).toMatch(
      /the inputs are not those of the interrupted run \(2 then, 2 now/,
    );
    expect(resumeProblem(then, journalHeader(key, { ...run, version: '1.0.1' }))).toMatch(
      /made by dicomanon 1\.0\.0, this is 1\.0\.1/,
    );
  });
});
