/**
 * --resume: checks that the output directory holds an interrupted run of the same key,
 * settings and inputs (journal.ts), tidies what the interruption left, and says which inputs
 * are done. Everything here happens before anything is written.
 */
import { readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './args';
import {
  Journal,
  readJournal,
  resumeProblem,
  type JournalEntry,
  type JournalHeader,
} from './journal';
import { TEMP_SUFFIX } from './outputSink';
import type { InputEntry } from './walk';

export interface Resumed {
  /** Inputs done by the interrupted run, by index: not done again. */
  readonly done: ReadonlyMap<number, JournalEntry>;
  /** Their output names. */
  readonly written: ReadonlySet<string>;
  readonly journal: Journal;
}

export async function resumeRun(
  outputDir: string,
  header: JournalHeader,
  entries: readonly InputEntry[],
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

  await removeTemporaryFiles(outputDir);
  const done = new Map<number, JournalEntry>();
  for (const entry of found.entries) {
    const input = entries[entry.i];
    // The header's list hash vouches for the inputs already; this guards against a journal
    // edited by hand. An output gone from the directory is made again.
    if (!input || input.size !== entry.size || (input.mtimeMs ?? 0) !== entry.mtime) continue;
    if (entry.status === 'written' && !(await isFile(path.join(outputDir, entry.output)))) continue;
    done.set(entry.i, entry);
  }
  const kept = [...done.values()].sort((a, b) => a.i - b.i);
  const journal = await Journal.create(outputDir, header, kept);
  const written = new Set(kept.filter((e) => e.status === 'written').map((e) => e.output));
  return { done, written, journal };
}

/** Outputs a killed run was still writing: never complete, never under a final name. */
async function removeTemporaryFiles(dir: string): Promise<void> {
  for (const dirent of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, dirent.name);
    if (dirent.isDirectory()) await removeTemporaryFiles(full);
    else if (dirent.isFile() && dirent.name.endsWith(TEMP_SUFFIX)) await unlink(full);
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
