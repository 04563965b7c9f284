/**
 * --resume: checks that the output directory holds an interrupted run of the same key,
 * settings and inputs (journal.ts), tidies what the interruption left, and says which inputs
 * are done. Nothing is changed before the checks pass.
 *
 * Tidying leaves the directory holding only what the journal vouches for: files still under
 * temporary names, the stopped run's reports (the resumed run writes its own at the end), and
 * complete outputs that the interrupted run had not yet journaled go. The last are made again
 * if their inputs still succeed; if one now fails, no file outlives its report row. A --nifti
 * series is one line of the journal: its files are kept together, or all made again.
 */
import { readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './args';
import {
  JOURNAL_FILE,
  Journal,
  firstInput,
  readJournal,
  resumeProblem,
  unitOf,
  type JournalEntry,
  type JournalHeader,
  type JournalLine,
  type JournalSeries,
} from './journal';
import { childPath, displayName, fsPath, utf8Name, type InputPath } from './inputPath';
import { TEMP_SUFFIX } from './outputSink';
import { REPORT_FILES, refuseMappingFiles } from './safety';
import type { ReportRow } from '../core/report/report';
import type { InputEntry } from './walk';
import type { RestorableEntry } from '../core/zip/zipStreamWriter';
import { finishedZipEntries } from './zipComplete';
import { PARTIAL_ZIP_SUFFIX } from './zipFileSink';
import { sizeOf, zipPrefix } from './zipResume';

export interface Resumed {
  /** Inputs done by the interrupted run one by one, by index: not done again. */
  readonly done: ReadonlyMap<number, JournalEntry>;
  /** --nifti series it converted, by the index of their first input. */
  readonly doneSeries: ReadonlyMap<number, JournalSeries>;
  /** Their output names. */
  readonly written: ReadonlySet<string>;
  readonly journal: Journal;
  /** With --zip: the entries of NAME.zip.partial to keep, or undefined to start a new zip. */
  readonly zipEntries: RestorableEntry[] | undefined;
  /** With --zip: NAME.zip was finished already (zipComplete.ts); zipEntries are all of it. */
  readonly zipFinished: boolean;
  /** Complete outputs the interrupted run had not journaled, removed to be made again. */
  readonly removed: number;
}

export interface ResumeTarget {
  readonly outputDir: string;
  readonly zipFile: string | undefined;
  readonly mappingDir: string | undefined;
}

export async function resumeRun(
  target: ResumeTarget,
  header: JournalHeader,
  entries: readonly InputEntry[],
): Promise<Resumed> {
  const { outputDir, zipFile } = target;
  const found = await readJournal(outputDir);
  if (!found) {
    throw new UsageError(
      '--resume: the output directory holds no interrupted run to resume (a completed run ' +
        'leaves none, nor does a run without --key-file)',
    );
  }
  const problem = resumeProblem(found.header, header);
  if (problem) throw new UsageError(`--resume refused: ${problem}`);
  // Mapping files there before the run got to writing its own are another run's.
  if (target.mappingDir !== undefined && !found.finishing) {
    await refuseMappingFiles(target.mappingDir);
  }

  const stands = (line: JournalLine): boolean =>
    unitOf(line).inputs.every((entry) => {
      const input = entries[entry.i];
      // The header's list hash vouches for the inputs already; this guards against a journal
      // edited by hand.
      return (
        input !== undefined && input.size === entry.size && (input.mtimeMs ?? 0) === entry.mtime
      );
    });
  let kept: JournalLine[] = [];
  let zipEntries: RestorableEntry[] | undefined;
  let zipFinished = false;
  if (zipFile) {
    const partial = await sizeOf(`${zipFile}${PARTIAL_ZIP_SUFFIX}`);
    if ((await sizeOf(zipFile)) !== undefined) {
      if (!found.finishing || partial !== undefined) {
        throw new UsageError('the zip file already exists; choose another');
      }
      zipEntries = await finishedZipEntries(zipFile, found.lines, stands);
      kept = found.lines;
      zipFinished = true;
    } else {
      const prefix = await zipPrefix(zipFile, found.lines, stands);
      kept = prefix.kept;
      zipEntries = prefix.entries;
    }
  } else {
    for (const line of found.lines) {
      // An output gone from the directory is made again (a series, whole).
      if (!stands(line)) continue;
      const files = unitOf(line).files.map((file) => path.join(outputDir, file.name));
      if ((await Promise.all(files.map(isFile))).every(Boolean)) kept.push(line);
    }
  }
  kept.sort((a, b) => firstInput(a) - firstInput(b));
  const done = new Map<number, JournalEntry>();
  const doneSeries = new Map<number, JournalSeries>();
  for (const line of kept) {
    if ('series' in line) doneSeries.set(firstInput(line), line);
    else done.set(line.i, line);
  }
  const written = new Set(kept.flatMap((line) => unitOf(line).files.map((file) => file.name)));
  // A zip's entries are in the zip, which may lie in the output directory: only tidy there.
  const removed = await tidy(outputDir, zipFile ? undefined : written);
  const journal = await Journal.create(outputDir, header, kept, found.finishing);
  return { done, doneSeries, written, journal, zipEntries, zipFinished, removed };
}

/** What a resume says before it goes on. */
export function resumedLines(resumed: Resumed, total: number): string[] {
  let done = resumed.done.size;
  for (const line of resumed.doneSeries.values()) done += line.series.length;
  const lines = [
    `resuming: ${done} of ${total} inputs were done by the interrupted run` +
      (resumed.removed
        ? `; ${resumed.removed} file(s) it had not recorded as done were removed, to be made again`
        : ''),
  ];
  if (resumed.zipFinished) {
    lines.push(
      'the zip file was finished already (the run was stopped just after): it is checked ' +
        'byte for byte, not written again; the reports and the rest are finished now',
    );
  }
  return lines;
}

/**
 * With --mapping, an input the interrupted run did is de-identified again for its rows of the
 * mapping tables (the journal cannot hold them: they identify). If it now comes out otherwise
 * (a worker that crashed or timed out this time), its rows would be missing from the tables,
 * or its row would not match its file: the run stops rather than finish with tables that are
 * not the uninterrupted run's.
 */
export function checkRedone(row: ReportRow, journaled: JournalEntry): void {
  const same =
    row.status === journaled.status &&
    row.output === journaled.output &&
    row.reason === journaled.reason &&
    row.warnings === journaled.warnings &&
    JSON.stringify(row.actions) === JSON.stringify(journaled.actions);
  if (same) return;
  throw new UsageError(
    `--resume stopped: ${row.input} was ${journaled.status} by the interrupted run, but is ` +
      `${row.status} when de-identified again for the mapping tables` +
      `${row.status === journaled.status ? '' : ` (${row.reason})`}: the tables would not ` +
      'match the outputs; run the same command again with --resume',
  );
}

/**
 * Removes what the journal does not vouch for: temporary files, the stopped run's reports,
 * and outputs under final names it never journaled (`keep` names those it did; undefined when
 * outputs are not files here). Returns how many outputs went.
 */
async function tidy(outputDir: string, keep: ReadonlySet<string> | undefined): Promise<number> {
  let removed = 0;
  for (const name of REPORT_FILES) await unlink(path.join(outputDir, name)).catch(() => undefined);
  // Names as bytes: a file put there whose name is not valid UTF-8 (never one of the run's,
  // which are made of pseudonyms) would otherwise be unlinked under a name that is not its own.
  const walk = async (dir: InputPath, prefix: string): Promise<void> => {
    const dirents = await readdir(fsPath(dir), { withFileTypes: true, encoding: 'buffer' });
    for (const dirent of dirents) {
      const text = utf8Name(dirent.name);
      const full = childPath(dir, dirent.name, text);
      const name = `${prefix}${text ?? displayName(dirent.name)}`;
      if (dirent.isDirectory()) await walk(full, `${name}/`);
      else if (!dirent.isFile() || (prefix === '' && text === JOURNAL_FILE)) continue;
      else if (text?.endsWith(TEMP_SUFFIX)) await unlink(fsPath(full));
      else if (keep && (text === undefined || !keep.has(name))) {
        await unlink(fsPath(full));
        removed++;
      }
    }
  };
  await walk(outputDir, '');
  return removed;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
