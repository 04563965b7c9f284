/**
 * --dicom: one task per input, committed in input order, with what makes a long run survive
 * faults: inputs an interrupted run did are recorded again from its journal instead of being
 * done again (or, with --mapping, whose tables the journal may not hold, done again without
 * being written, and checked to come out as journaled), every input committed is journaled, a full disk stops the run at once, and
 * Ctrl-C lets the files already started finish.
 */
import type { DeidResult, DeidTask } from './deidProtocol';
import type { Journal, JournalEntry } from './journal';
import { checkRedone } from './resume';
import { processInOrder } from '../core/run/inOrder';
import type { WorkerPool } from './pool';
import type { Progress } from './progress';
import { OutputStopped, stoppedBy, type RunResults } from './results';
import type { RunStop } from './runStop';
import type { StudyScan } from './studyScan';
import type { InputEntry } from './walk';
import type { ZipFileSink } from './zipFileSink';

/** Tasks sent ahead to each worker, the running one included. */
export const TASKS_PER_WORKER = 2;

/**
 * A run with the default workers (processors − 1) gets one more when, this long after its
 * start, fewer than a third of its inputs are done: it has seconds to go. The main thread only
 * writes, and leaves about half a core idle; another worker's start-up and compiler (about
 * 0.4 s of processor time) is paid back on such a run (20,000 small files on 2 cores: 9.4 s
 * with one worker, 8.8 s grown, 7.6 s with two from the start), not on a short one (2,000 small
 * files: 1.71 s with one, 1.78 s with two from the start; the 400-slice series 10 % slower).
 */
export const GROW_AFTER_MS = 2000;

export interface DicomRun {
  readonly entries: readonly InputEntry[];
  readonly studies: StudyScan;
  readonly results: RunResults;
  readonly progress: Progress;
  /**
   * Started by the caller before the key was stretched and the headers scanned (run.ts), so
   * that the workers' start-up overlaps both; closed here. Undefined when there is nothing to
   * read.
   */
  readonly pool: WorkerPool<DeidTask, DeidResult> | undefined;
  /** The pool's number of workers. */
  readonly workers: number;
  /**
   * With the default workers, when to check whether the run is long and add one (GROW_AFTER_MS);
   * undefined with --jobs.
   */
  readonly growAfterMs: number | undefined;
  readonly budgetBytes: number;
  readonly stop: RunStop;
  /** Undefined for a run that cannot be resumed (a random key). */
  readonly journal: Journal | undefined;
  /** What the interrupted run did, by input index (resume.ts). */
  readonly done: ReadonlyMap<number, JournalEntry>;
  /** With --mapping the tables need every input: done inputs are run again, not restored. */
  readonly restoreDone: boolean;
  /** The zip of a --zip run: each output's entry is journaled, and so are failures. */
  readonly zip: ZipFileSink | undefined;
}

type Task =
  | DeidResult
  | { readonly status: 'restore'; readonly entry: JournalEntry }
  /** Not started: Ctrl-C came first. */
  | { readonly status: 'not-started' };

export async function convertToDicom(run: DicomRun): Promise<void> {
  const { entries, studies, results, progress, stop, journal, done, zip } = run;
  // In a zip, a failure is journaled and kept (journal.ts): a retry that succeeded would have
  // to put its entry before those already written.
  const restores = (entry: JournalEntry | undefined): entry is JournalEntry =>
    entry !== undefined && (run.restoreDone || entry.status === 'failed');
  const toRun = entries.filter(
    (entry, index) => !entry.decided && !restores(done.get(index)),
  ).length;
  const size = Math.min(run.workers, toRun);
  const pool = run.pool;
  let committed = 0;
  const growTimer =
    run.growAfterMs !== undefined && pool
      ? setTimeout(() => {
          if (committed < toRun / 3 && toRun - committed > size && !stop.reason) pool.grow();
        }, run.growAfterMs)
      : undefined;
  growTimer?.unref();

  const commit = async (index: number, task: Task): Promise<void> => {
    if (task.status === 'not-started') return;
    const entry = entries[index]!;
    const fixesBefore = results.afterLeftoverFixes;
    if (task.status === 'restore') {
      const { status, output, reason, actions, warnings, fixes } = task.entry;
      const restored = { status, output, reason, actions, warnings };
      results.restore(index, entry, { ...restored, afterLeftoverFixes: fixes === true });
    } else {
      await results.commit(index, entry, task);
    }
    const row = results.rowOf(index)!;
    const journaled = done.get(index);
    if (journaled && task.status !== 'restore') checkRedone(row, journaled);
    if (journal && (row.status !== 'failed' || zip) && !journaled) {
      const zipEntry = row.status === 'written' ? zip?.journalEntry(row.output) : undefined;
      if (zip && row.status === 'written' && !zipEntry) throw new Error('zip entry not recorded');
      await journal.append({
        i: index,
        size: entry.size,
        mtime: entry.mtimeMs ?? 0,
        status: row.status,
        output: row.output,
        reason: row.reason,
        actions: row.actions,
        warnings: row.warnings,
        ...(results.afterLeftoverFixes > fixesBefore ? { fixes: true as const } : {}),
        ...(zipEntry ? { zip: zipEntry } : {}),
      });
    }
    committed++;
    const pixels = task.status === 'written' ? task.pixels : undefined;
    progress.advance(entry.size, pixels && { searched: pixels.scanned, cleaned: pixels.frames });
  };

  try {
    await processInOrder<Task>({
      count: entries.length,
      window: Math.max(32, size * TASKS_PER_WORKER * 4),
      budgetBytes: run.budgetBytes,
      signal: stop.signal,
      start: async (index) => {
        if (stop.reason) return { status: 'not-started' };
        const entry = entries[index]!;
        if (entry.decided) return entry.decided;
        const journaled = done.get(index);
        if (restores(journaled)) return { status: 'restore', entry: journaled };
        const studyValues = studies.valuesOf(index);
        const outcome = await pool!.run({
          path: entry.absPath,
          ...(studyValues.length ? { studyValues } : {}),
        });
        return outcome.ok ? outcome.value : { status: 'failed', reason: outcome.reason };
      },
      sizeOf: (task) =>
        task.status === 'written'
          ? task.chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0)
          : 0,
      commit: async (index, task) => {
        try {
          await commit(index, task);
        } catch (error) {
          // The journal is written where the outputs are: its failing is the output's.
          const stopped = error instanceof OutputStopped ? error : stoppedBy(error, false);
          if (!stopped) throw error;
          stop.outputFailed(stopped);
          throw stopped;
        }
      },
    });
  } catch (error) {
    if (!(stop.reason?.kind === 'output' && error === stop.reason.stopped)) throw error;
  } finally {
    clearTimeout(growTimer);
    await pool?.close();
  }
}
