/**
 * --resume of a --nifti run (niftiRun.ts). Its unit of work is a job: a whole series, or one
 * input (skipped, failed, or written as DICOM). Each committed job is one journal line, written
 * once all its files are complete under their final names: a series killed half-written has
 * no line, so its files are removed by the resume (resume.ts) and it is converted again.
 *
 * A resumed run scans every input again (the plan of series and the study values come from
 * it) and records the jobs the journal holds instead of running them: their files' names are
 * claimed in the same order, their rows come back as they were. With --mapping they are run
 * again instead (their files not written again) for their rows of the mapping tables.
 */
import { UsageError } from './args';
import type { Journal, JournalEntry, JournalFile, JournalLine, JournalSeries } from './journal';
import { checkRedone } from './resume';
import type { RunResults } from './results';
import type { InputEntry } from './walk';
import type { ZipFileSink } from './zipFileSink';

/** A job of the plan: the inputs it takes, in order; `series` when it converts a series. */
export interface PlannedJob {
  readonly series: boolean;
  readonly indices: readonly number[];
}

export interface NiftiResume {
  /** Undefined for a run that cannot be resumed (a random key). */
  readonly journal: Journal | undefined;
  /** What the interrupted run did (resume.ts): inputs by index, series by their first input. */
  readonly done: ReadonlyMap<number, JournalEntry>;
  readonly doneSeries: ReadonlyMap<number, JournalSeries>;
  /** With --mapping the tables need every job's rows: done jobs are run again, not restored. */
  readonly restoreDone: boolean;
  /** The zip of a --zip run: each file's entry is journaled, and so are failures. */
  readonly zip: ZipFileSink | undefined;
  /** The files written since the last job was committed (createRunResults' onSaved). */
  readonly saved: SavedFiles;
}

/** Collects the names (and zip entries) of the files one job writes, for its journal line. */
export class SavedFiles {
  private files: JournalFile[] = [];

  constructor(private readonly zip: ZipFileSink | undefined) {}

  readonly record = (name: string): void => {
    const zip = this.zip?.journalEntry(name);
    if (this.zip && !zip) throw new Error('zip entry not recorded');
    this.files.push(zip ? { name, zip } : { name });
  };

  take(): JournalFile[] {
    const files = this.files;
    this.files = [];
    return files;
  }
}

/** The journal line of a job the interrupted run committed, if it did. */
export function lineOf(job: PlannedJob, resume: NiftiResume): JournalLine | undefined {
  const first = job.indices[0]!;
  return job.series ? resume.doneSeries.get(first) : resume.done.get(first);
}

/**
 * Every journaled line must be a job of this run's plan. The plan comes from the scan, which
 * reads the same inputs the same way; should an input read otherwise now (a scan that failed
 * once), a line's files would not match the job that makes them: refused, nothing written.
 */
export function checkPlan(plan: readonly PlannedJob[], resume: NiftiResume): void {
  const jobs = new Map(plan.map((job) => [job.indices[0]!, job]));
  const matches = (first: number, indices: readonly number[], series: boolean): boolean => {
    const job = jobs.get(first);
    return job?.series === series && job.indices.join() === indices.join();
  };
  const lines = [
    ...[...resume.done.values()].map((line) => matches(line.i, [line.i], false)),
    ...[...resume.doneSeries.entries()].map(([first, line]) =>
      matches(
        first,
        line.series.map((entry) => entry.i),
        true,
      ),
    ),
  ];
  if (lines.every(Boolean)) return;
  throw new UsageError(
    '--resume refused: the inputs fall into series otherwise than in the interrupted run ' +
      '(an input that could be read then cannot now, or the other way round): run again into ' +
      'an empty directory',
  );
}

/** Whether a journaled job is recorded again rather than run again. */
export function restores(line: JournalLine | undefined, resume: NiftiResume): boolean {
  if (!line) return false;
  // In a zip, a failure is kept (journal.ts): a retry would put entries before later ones.
  const failed =
    'series' in line
      ? line.series.every((entry) => entry.status === 'failed')
      : line.status === 'failed';
  return resume.restoreDone || failed;
}

/** Records a journaled job again, as the interrupted run committed it. */
export function restoreJob(
  line: JournalLine,
  entries: readonly InputEntry[],
  results: RunResults,
): void {
  const rowOf = (entry: JournalEntry) => {
    const { status, output, reason, actions, warnings, fixes } = entry;
    return { status, output, reason, actions, warnings, afterLeftoverFixes: fixes === true };
  };
  if ('series' in line) {
    const members = line.series.map((entry) => ({
      index: entry.i,
      input: entries[entry.i]!,
      row: rowOf(entry),
    }));
    results.restoreSeries(
      line.files.map((file) => file.name),
      members,
    );
  } else {
    results.restore(line.i, entries[line.i]!, rowOf(line));
  }
}

/**
 * After a job is committed: journals it, or, when the interrupted run had done it (a run with
 * --mapping doing it again), checks it came out the same. `fixes`: the leftover check needed
 * fixes in it.
 */
export async function afterCommit(
  job: PlannedJob,
  resume: NiftiResume,
  entries: readonly InputEntry[],
  results: RunResults,
  fixes: boolean,
): Promise<void> {
  const files = resume.saved.take();
  const rows = job.indices.map((index) => results.rowOf(index)!);
  const line = lineOf(job, resume);
  if (line) {
    const journaled = 'series' in line ? line.series : [line];
    rows.forEach((row, n) => checkRedone(row, journaled[n]!));
    return;
  }
  if (!resume.journal) return;
  // Failures are tried again by a resume, except in a zip (see restores).
  if (!resume.zip && rows.every((row) => row.status === 'failed')) return;
  const lines = job.indices.map((index, n): JournalEntry => {
    const row = rows[n]!;
    const entry = entries[index]!;
    return {
      ...{ i: index, size: entry.size, mtime: entry.mtimeMs ?? 0, status: row.status },
      ...{ output: row.output, reason: row.reason, actions: row.actions },
      warnings: row.warnings,
      ...(fixes && n === 0 ? { fixes: true as const } : {}),
      ...(!job.series && files[0]?.zip ? { zip: files[0].zip } : {}),
    };
  });
  await resume.journal.append(job.series ? { series: lines, files } : lines[0]!);
}
