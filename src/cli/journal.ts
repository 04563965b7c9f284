/**
 * The resume journal: what lets `--resume` finish an interrupted run into the same output
 * directory with exactly the bytes, names and report an uninterrupted run would have made.
 *
 * It lies in the output directory, beside data meant to be shared, so it holds no identifier:
 * - a header line: the tool's version, and keyed hashes (HMAC-SHA-256 with a key derived from
 *   the run key) of the key itself, of the settings, and of the whole input list (relative
 *   paths, sizes, modification times). Without the key, a hash tells nothing of a path; with
 *   another key, settings or input list, it does not match and the resume is refused, since
 *   any of them changes outputs (study-wide values come from every input of a study);
 * - one line per input committed: its index in the sorted walk (the report's input-000001),
 *   size and modification time, and its report row (status, reason, output name, action
 *   counts), all of which report.json shows anyway;
 * - in a --nifti run, one line per series instead, written once the whole series is: the
 *   lines of its inputs and the names of every file it wrote (a series is done whole or again);
 * - a last line `{"finishing":true}` once every input is done, before the zip is finished and
 *   the mapping files are written: mapping files a resume then finds are the run's own.
 * Failed inputs are not journaled: a resumed run tries them again (the disk that was full, the
 * file that could not be read may be fine now). Except in a --zip run: there an output written
 * by a retry would have to go before entries already in the zip, so its failure is journaled
 * and kept. An output in a zip also has its entry's CRC, size and where the zip ended after it
 * (zipResume.ts), from which a resume rebuilds the zip's central directory. A run with a random
 * key keeps no journal: no later run could make the same pseudonyms.
 *
 * Lines are appended after the output is complete under its final name, so a journaled output
 * is always whole. The journal is removed when the run completes.
 */
import { createHmac } from 'node:crypto';
import { writeSync } from 'node:fs';
import { open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { ActionCounts } from '../core/report/report';
import type { ZipJournalEntry } from './zipFileSink';
import type { InputEntry } from './walk';

export const JOURNAL_FILE = 'dicomanon-resume.jsonl';
const KIND = 'dicomanon resume journal';

export interface JournalHeader {
  readonly journal: typeof KIND;
  readonly format: 1;
  readonly version: string;
  /** Keyed hashes, hex. */
  readonly key: string;
  readonly settings: string;
  readonly inputs: number;
  readonly list: string;
}

/** One committed input. */
export interface JournalEntry {
  /** Index in the sorted walk. */
  readonly i: number;
  readonly size: number;
  readonly mtime: number;
  /** failed: only in a --zip run. */
  readonly status: 'written' | 'skipped' | 'quarantined' | 'failed';
  readonly output: string;
  readonly reason: string;
  readonly actions: ActionCounts;
  readonly warnings: number;
  /** Written only after the leftover check fixed it or found allowed values. */
  readonly fixes?: true;
  /** A written output's zip entry, in a --zip run. */
  readonly zip?: ZipJournalEntry;
}

/** A file a --nifti series wrote, with its zip entry in a --zip run. */
export interface JournalFile {
  readonly name: string;
  readonly zip?: ZipJournalEntry;
}

/** One --nifti series, committed whole: its inputs' lines, in its order, and its files. */
export interface JournalSeries {
  readonly series: readonly JournalEntry[];
  /** In the order they were written (the order their names were given). */
  readonly files: readonly JournalFile[];
}

export type JournalLine = JournalEntry | JournalSeries;

/** The inputs a line records, and the files it vouches for, in the order they were written. */
export function unitOf(line: JournalLine): {
  readonly inputs: readonly JournalEntry[];
  readonly files: readonly JournalFile[];
} {
  if ('series' in line) return { inputs: line.series, files: line.files };
  const file = line.zip ? { name: line.output, zip: line.zip } : { name: line.output };
  return { inputs: [line], files: line.status === 'written' ? [file] : [] };
}

/** The index of a line's first input: where its work stands in the order of commits. */
export function firstInput(line: JournalLine): number {
  return 'series' in line ? (line.series[0]?.i ?? -1) : line.i;
}

export interface RunIdentity {
  readonly version: string;
  /** Everything that changes outputs besides the key and the inputs. */
  readonly settings: unknown;
  readonly entries: readonly InputEntry[];
}

export function journalHeader(runKey: Uint8Array, run: RunIdentity): JournalHeader {
  // A key of its own, so that these hashes can never equal a value the engine derives.
  const key = createHmac('sha256', runKey).update(KIND).digest();
  const mac = (label: string, text: string): string =>
    createHmac('sha256', key).update(label).update('\0').update(text).digest('hex');
  const list = run.entries
    .map((entry) =>
      [entry.relPath, entry.size, entry.mtimeMs ?? '', entry.decided?.status ?? ''].join('\0'),
    )
    .join('\n');
  return {
    journal: KIND,
    format: 1,
    version: run.version,
    key: mac('key', ''),
    settings: mac('settings', JSON.stringify(run.settings)),
    inputs: run.entries.length,
    list: mac('inputs', list),
  };
}

/** Why an interrupted run with journal `found` cannot be resumed as `now`, if it cannot. */
export function resumeProblem(found: JournalHeader, now: JournalHeader): string | undefined {
  if (found.version !== now.version) {
    return (
      `the interrupted run was made by dicomanon ${found.version}, this is ${now.version}, ` +
      'whose outputs may differ: finish it with that version, or run again into an empty directory'
    );
  }
  if (found.key !== now.key) {
    return "the key is not the interrupted run's: give the --key-file it was run with";
  }
  if (found.settings !== now.settings) {
    return (
      "the settings are not the interrupted run's: give the same profile, options, output " +
      'format, --zip and --mapping as then'
    );
  }
  if (found.list !== now.list) {
    return (
      `the inputs are not those of the interrupted run (${found.inputs} then, ${now.inputs} ` +
      'now, or some were added, removed or changed since): run again into an empty directory'
    );
  }
  return undefined;
}

export interface JournalRead {
  readonly header: JournalHeader;
  /** In the order they were written: the order of commits. */
  readonly lines: JournalLine[];
  /** The run had done every input and was finishing (its zip, its mapping files). */
  readonly finishing: boolean;
}

const FINISHING = { finishing: true } as const;

/**
 * The journal in `dir`, or undefined when there is none. A last line cut short (a power cut
 * while it was written) is dropped: its input is simply done again.
 */
export async function readJournal(dir: string): Promise<JournalRead | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dir, JOURNAL_FILE), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const header = parseLine(lines[0] ?? '') as JournalHeader | undefined;
  if (header?.journal !== KIND || header.format !== 1) return undefined;
  const read: JournalLine[] = [];
  let finishing = false;
  for (const raw of lines.slice(1)) {
    const line = parseLine(raw) as
      Partial<JournalEntry & JournalSeries & typeof FINISHING> | undefined;
    if (line?.finishing === true) finishing = true;
    else if (Number.isInteger(line?.i)) read.push(line as JournalEntry);
    else if (Array.isArray(line?.series) && Array.isArray(line.files) && line.series.length > 0) {
      read.push(line as JournalSeries);
    }
  }
  return { header, lines: read, finishing };
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

export class Journal {
  private constructor(
    private readonly handle: FileHandle,
    private finished: boolean,
  ) {}

  /**
   * Starts the journal of `dir` afresh with `header` and the entries a resumed run keeps,
   * written under a temporary name and renamed, so that a journal is never half there.
   */
  static async create(
    dir: string,
    header: JournalHeader,
    lines: readonly JournalLine[] = [],
    finishing = false,
  ): Promise<Journal> {
    const file = path.join(dir, JOURNAL_FILE);
    const temp = `${file}.tmp`;
    const all = [header, ...lines, ...(finishing ? [FINISHING] : [])];
    const text = all.map((line) => `${JSON.stringify(line)}\n`).join('');
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    await rename(temp, file);
    return new Journal(await open(file, 'a'), finishing);
  }

  /**
   * One line, in one write: a killed process leaves whole lines. Blocking, like the outputs'
   * writes (outputSink.ts): an awaited write per file was a round trip through libuv's thread
   * pool, 22 µs of CPU and two thread wake-ups against 2 µs (docs/performance.md).
   */
  async append(line: JournalLine): Promise<void> {
    writeSync(this.handle.fd, `${JSON.stringify(line)}\n`);
  }

  /** Every input is done: what is written next (the zip's end, mapping files) is finishing. */
  async finishing(): Promise<void> {
    if (this.finished) return;
    await this.handle.write(`${JSON.stringify(FINISHING)}\n`);
    this.finished = true;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  /** The run completed: nothing is left to resume. */
  static async remove(dir: string): Promise<void> {
    await rm(path.join(dir, JOURNAL_FILE), { force: true });
  }
}
