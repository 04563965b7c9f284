/**
 * Why a run stopped before its last input, and what it tells the user then. Two causes:
 * - Ctrl-C (SIGINT, or SIGTERM as a service manager sends it): the first stops cleanly, no new
 *   file is started, those already started are finished, and the report and the journal say
 *   what was done; a second one exits at once (the journal still says what is complete);
 * - the output cannot be written any more (results.ts, OutputStopped): a full disk, a disk or
 *   share that went away, a zip spoilt by a failed write.
 * Messages are counts and causes, never a path.
 */
import type { ReportHeader } from '../core/report/report';
import { describeFsError } from './fsErrors';
import type { OutputSink } from './outputSink';
import type { Journal } from './journal';
import type { OutputStopped, RunResults } from './results';
import { writeReports } from './writeReports';

export type StopReason =
  { readonly kind: 'interrupted' } | { readonly kind: 'output'; readonly stopped: OutputStopped };

/** Exit status of a run stopped by Ctrl-C, as shells report a process ended by SIGINT. */
export const INTERRUPTED_EXIT = 130;

export class RunStop {
  private current: StopReason | undefined;
  private readonly controller = new AbortController();
  private readonly interruption = new AbortController();

  /** Aborted when the output failed: nothing more may be committed. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Aborted on either cause: for a run that stops at once on Ctrl-C too (--nifti). */
  get anySignal(): AbortSignal {
    return AbortSignal.any([this.controller.signal, this.interruption.signal]);
  }

  /** Whether `error` is the abort of anySignal by Ctrl-C. */
  isInterruption(error: unknown): boolean {
    return this.interruption.signal.aborted && error === this.interruption.signal.reason;
  }

  get reason(): StopReason | undefined {
    return this.current;
  }

  /** The first cause wins: a full disk met while stopping after Ctrl-C is still a full disk. */
  outputFailed(stopped: OutputStopped): void {
    if (this.current?.kind === 'output') return;
    this.current = { kind: 'output', stopped };
    this.controller.abort(stopped);
  }

  /**
   * Listens for Ctrl-C until the returned function is called. `exitNow` ends the process
   * (process.exit), given as a parameter so that nothing else here touches the process.
   */
  listen(say: (line: string) => void, exitNow: (code: number) => never): () => void {
    const onSignal = (): void => {
      if (this.current) {
        say('stopped at once: files being written were left under temporary names');
        exitNow(INTERRUPTED_EXIT);
      }
      this.current = { kind: 'interrupted' };
      this.interruption.abort(new Error('interrupted'));
      say(
        '\nstopping: no new file is started; then the report is written ' +
          '(press Ctrl-C again to quit at once)',
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    return () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
  }
}

export interface StopCounts {
  readonly total: number;
  readonly done: number;
  readonly written: number;
}

/**
 * What happened, in words, and what to do: "the output disk is full (...): 1,234 of 4,443
 * inputs were done (1,200 files written); free space and run again with --resume".
 * `notResumable`: why this run cannot be resumed, when it cannot.
 */
export function stopLines(
  reason: StopReason,
  counts: StopCounts,
  notResumable: string | undefined,
): string[] {
  const n = (value: number): string => value.toLocaleString('en-US');
  const done =
    `${n(counts.done)} of ${n(counts.total)} inputs were done ` +
    `(${n(counts.written)} file${counts.written === 1 ? '' : 's'} written)`;
  const again = notResumable
    ? `; ${notResumable}`
    : '; run the same command again with --resume to do the rest';
  if (reason.kind === 'interrupted') return [`interrupted: ${done}${again}`];
  const { kind, detail } = reason.stopped;
  const what =
    kind === 'full'
      ? `the output disk is full (${detail})`
      : kind === 'gone'
        ? `the output can no longer be written: the disk or share may have gone away (${detail})`
        : `the zip file could not be written on (${detail})`;
  const fix = kind === 'full' ? 'free space and ' : kind === 'gone' ? 'reconnect it and ' : '';
  return [
    `error: ${what}: ${done}` +
      (notResumable ? `; ${notResumable}` : `; ${fix}run the same command again with --resume`),
  ];
}

export interface StoppedRun {
  readonly header: ReportHeader;
  readonly results: RunResults;
  readonly sink: OutputSink;
  readonly outputDir: OutputSink;
  readonly journal: Journal | undefined;
  readonly total: number;
  readonly wantMapping: boolean;
  /** Why the run cannot be resumed, when it cannot. */
  readonly notResumable: string | undefined;
}

/**
 * Ends a stopped run: the report of the inputs done (if there is room for it), the journal
 * closed, an unfinished zip left under its partial name, and the cause in words.
 * Returns the exit status: 1, or 130 after Ctrl-C.
 */
export async function reportStopped(
  reason: StopReason,
  run: StoppedRun,
  say: (line: string) => void,
): Promise<number> {
  await run.sink.abandon?.();
  await run.journal?.close().catch(() => undefined);
  const rows = run.results.rows;
  const counts = {
    total: run.total,
    done: rows.length,
    written: rows.filter((row) => row.status === 'written').length,
  };
  const cause =
    reason.kind === 'interrupted'
      ? 'interrupted'
      : `${reason.stopped.kind === 'full' ? 'output disk full' : 'output not writable'}: ${reason.stopped.detail}`;
  const header = { ...run.header, unfinished: { inputs: run.total, cause } };
  try {
    await writeReports([run.outputDir], header, run.results);
    say('report.json and report.csv in the output directory list the inputs done so far');
  } catch (error) {
    say(`the report could not be written either: ${describeFsError(error)}`);
  }
  if (run.sink !== run.outputDir) {
    say('the unfinished zip file is left with .partial at the end of its name');
  }
  if (run.wantMapping) say('the mapping files are written when the run completes');
  for (const line of stopLines(reason, counts, run.notResumable)) say(line);
  return reason.kind === 'interrupted' ? INTERRUPTED_EXIT : 1;
}
