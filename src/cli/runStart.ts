/**
 * The start of a run's writing: the output directory, the journal (resume.ts, journal.ts), the
 * room kept for the reports (reportReserve.ts) and the output sink, a new zip, the unfinished
 * one a resume goes on with, or the finished one it only checks (zipComplete.ts). A disk that is full, gone or refuses writes already here stops the
 * run before any output, said in words as a stop later on is (runStop.ts), and what this start
 * made is taken away again, so that the same command can simply be run again.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './args';
import { codeOf, describeFsError } from './fsErrors';
import { JOURNAL_FILE, Journal, type JournalHeader } from './journal';
import { DirectorySink, type OutputSink } from './outputSink';
import { RESERVE_FILE, ReportReserve } from './reportReserve';
import { resumeRun, type Resumed } from './resume';
import { stoppedBy } from './results';
import type { InputEntry } from './walk';
import { CompletedZipSink } from './zipComplete';
import { PARTIAL_ZIP_SUFFIX, ZipFileSink } from './zipFileSink';

export interface StartedOutputs {
  readonly resumed: Resumed | undefined;
  readonly journal: Journal | undefined;
  readonly reserve: ReportReserve;
  readonly outputDir: DirectorySink;
  readonly sink: OutputSink;
}

export interface OutputsToStart {
  readonly output: string;
  readonly zipFile: string | undefined;
  readonly mappingDir: string | undefined;
  readonly identity: JournalHeader;
  readonly entries: readonly InputEntry[];
  readonly resume: boolean;
  /** Keeps a journal: a run with the key given (a random key cannot be resumed). */
  readonly resumable: boolean;
}

/** Thrown when the outputs could not be started; `lines` say why and what to do. */
export class StartFailed extends Error {
  override readonly name = 'StartFailed';
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
  }
}

export async function startOutputs(start: OutputsToStart): Promise<StartedOutputs> {
  const made: string[] = [];
  try {
    // Checked before anything is written: a refused resume leaves the directory as it was.
    const resumed = start.resume
      ? await resumeRun(
          { outputDir: start.output, zipFile: start.zipFile, mappingDir: start.mappingDir },
          start.identity,
          start.entries,
        )
      : undefined;
    await mkdir(start.output, { recursive: true });
    let journal = resumed?.journal;
    if (!resumed && start.resumable) {
      made.push(path.join(start.output, JOURNAL_FILE));
      journal = await Journal.create(start.output, start.identity);
    }
    made.push(path.join(start.output, RESERVE_FILE));
    const reserve = await ReportReserve.create(start.output, start.entries.length);
    // A resumed run writes over files of the interrupted one that its journal does not vouch for.
    const outputDir = new DirectorySink(start.output, resumed !== undefined);
    let sink: OutputSink = outputDir;
    if (start.zipFile && resumed?.zipFinished) {
      sink = await CompletedZipSink.open(start.zipFile, resumed.zipEntries ?? []);
    } else if (start.zipFile && resumed?.zipEntries) {
      sink = await ZipFileSink.resume(start.zipFile, resumed.zipEntries);
    } else if (start.zipFile) {
      made.push(`${start.zipFile}${PARTIAL_ZIP_SUFFIX}`);
      sink = await ZipFileSink.create(start.zipFile);
    }
    return { resumed, journal, reserve, outputDir, sink };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // Journal.create's temporary file too; a resumed run's journal itself stays, still whole.
    made.push(path.join(start.output, `${JOURNAL_FILE}.tmp`));
    for (const file of made) await rm(file, { force: true }).catch(() => undefined);
    throw new StartFailed(startFailedLines(error, start.resume));
  }
}

function startFailedLines(error: unknown, resume: boolean): string[] {
  const detail = describeFsError(error);
  const stopped = stoppedBy(error, false);
  const again = `run the same command again${resume ? ' (with --resume)' : ''}`;
  if (stopped?.kind === 'full') {
    return [
      `error: the output disk is full (${detail}): the run could not start; free space and ${again}`,
    ];
  }
  if (stopped?.kind === 'gone') {
    return [
      `error: the output cannot be written: the disk or share may have gone away (${detail}): ` +
        `the run could not start; reconnect it and ${again}`,
    ];
  }
  if (/^E[A-Z0-9]+$/.test(codeOf(error))) {
    return [`error: the output cannot be written (${detail}): the run could not start`];
  }
  throw error;
}
