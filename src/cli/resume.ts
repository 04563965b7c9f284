/**
 * --resume: checks that the output directory holds an interrupted run of the same key,
 * settings and inputs (journal.ts), tidies what the interruption left, and says which inputs
 * are done. Nothing is changed before the checks pass.
 *
 * Tidying leaves the directory holding only what the journal vouches for: files still under
 * temporary names, the stopped run's reports (the resumed run writes its own at the end), and
 * complete outputs that the interrupted run had not yet journaled go. The last are made again
 * if their inputs still succeed; if one now fails, no file outlives its report row.
 */
import { readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './args';
import {
  JOURNAL_FILE,
  Journal,
  readJournal,
  resumeProblem,
  type JournalEntry,
  type JournalHeader,
} from './journal';
import { TEMP_SUFFIX } from './outputSink';
import { REPORT_FILES } from './safety';
import type { InputEntry } from './walk';
import type { RestorableEntry } from '../core/zip/zipStreamWriter';
import { zipPrefix } from './zipResume';

export interface Resumed {
  /** Inputs done by the interrupted run, by index: not done again. */
  readonly done: ReadonlyMap<number, JournalEntry>;
  /** Their output names. */
  readonly written: ReadonlySet<string>;
  readonly journal: Journal;
  /** With --zip: the entries of NAME.zip.partial to keep, or undefined to start a new zip. */
  readonly zipEntries: RestorableEntry[] | undefined;
  /** Complete outputs the interrupted run had not journaled, removed to be made again. */
  readonly removed: number;
}

export async function resumeRun(
  outputDir: string,
  header: JournalHeader,
  entries: readonly InputEntry[],
  zipFile?: string,
): Promise<Resumed> {
  const found = await readJournal(outputDir);
  if (!found) {
    throw new UsageError(
      '--resume: the output directory holds no interrupted run to resume (a completed run ' +
        'leaves none, nor does a run without --key-file)',
    );
  }
  const problem = resumeProblem(found.header, header);
  if (problem) throw new UsageError(`--resume refused: ${problem}`);

  const stands = (entry: JournalEntry): boolean => {
    const input = entries[entry.i];
    // The header's list hash vouches for the inputs already; this guards against a journal
    // edited by hand.
    return input !== undefined && input.size === entry.size && (input.mtimeMs ?? 0) === entry.mtime;
  };
  const done = new Map<number, JournalEntry>();
  let zipEntries: RestorableEntry[] | undefined;
  if (zipFile) {
    const prefix = await zipPrefix(zipFile, found.entries, stands);
    for (const entry of prefix.kept) done.set(entry.i, entry);
    zipEntries = prefix.entries;
  } else {
    for (const entry of found.entries) {
      // An output gone from the directory is made again.
      if (!stands(entry)) continue;
      if (entry.status === 'written' && !(await isFile(path.join(outputDir, entry.output)))) {
        continue;
      }
      done.set(entry.i, entry);
    }
  }
  const kept = [...done.values()].sort((a, b) => a.i - b.i);
  const written = new Set(kept.filter((e) => e.status === 'written').map((e) => e.output));
  // A zip's entries are in the zip, which may lie in the output directory: only tidy there.
  const removed = await tidy(outputDir, zipFile ? undefined : written);
  const journal = await Journal.create(outputDir, header, kept);
  return { done, written, journal, zipEntries, removed };
}

/**
 * Removes what the journal does not vouch for: temporary files, the stopped run's reports,
 * and outputs under final names it never journaled (`keep` names those it did; undefined when
 * outputs are not files here). Returns how many outputs went.
 */
async function tidy(outputDir: string, keep: ReadonlySet<string> | undefined): Promise<number> {
  let removed = 0;
  for (const name of REPORT_FILES) await unlink(path.join(outputDir, name)).catch(() => undefined);
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const dirent of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, dirent.name);
      const name = `${prefix}${dirent.name}`;
      if (dirent.isDirectory()) await walk(full, `${name}/`);
      else if (!dirent.isFile() || (prefix === '' && dirent.name === JOURNAL_FILE)) continue;
      else if (dirent.name.endsWith(TEMP_SUFFIX)) await unlink(full);
      else if (keep && !keep.has(name)) {
        await unlink(full);
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
