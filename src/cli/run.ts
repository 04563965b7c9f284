/**
 * One run of the CLI: checks, walk, worker pool, outputs in input order, reports, summary.
 * Returns the exit code: 0 every input written or skipped, 1 some input failed; usage and
 * safety problems throw UsageError (exit 2) before anything is written.
 */
import { availableParallelism } from 'node:os';
import { leftoverSettings } from '../core/report/leftoverNote';
import type { ReportHeader } from '../core/report/report';
import type { CliArgs } from './args';
import type { DeidResult, DeidSetup, DeidTask, DeidWorkerData } from './deidProtocol';
import { WorkerPool } from './pool';
import { workerHeapLimitMb } from './workerMemory';
import { GROW_AFTER_MS, TASKS_PER_WORKER, convertToDicom } from './dicomRun';
import { describeFsError } from './fsErrors';
import { Journal, journalHeader } from './journal';
import { UsageError } from './args';
import type { PendingKey } from './key';
import { streamAboveFromEnv } from './largeInput';
import { SavedFiles } from './niftiResume';
import { convertToNifti } from './niftiRun';
import { limitOutputForTests, type OutputSink } from './outputSink';
import { loadProfile } from './profile';
import { Progress, formatMegabytes, type ProgressStream } from './progress';
import { createRunResults, stoppedBy, type RunResults } from './results';
import { StartFailed, startOutputs } from './runStart';
import { resumedLines } from './resume';
import { RunStop, reportStopped } from './runStop';
import { checkPaths } from './safety';
import { scanStudies } from './studyScan';
import { leftoverSettingsLine, summaryLines } from './summary';
import {
  testGrowAfterMsFromEnv,
  testHooksFromEnv,
  testKillPoint,
  testOutputLimitFromEnv,
} from './testHooks';
import { walkInput } from './walk';
import { writeMappingFiles, writeReports } from './writeReports';
import { CompletedZipSink } from './zipComplete';
import { ZipFileSink } from './zipFileSink';

export interface RunContext {
  readonly stderr: ProgressStream;
  readonly env: NodeJS.ProcessEnv;
  readonly version: string;
  /** The built worker entries, beside the CLI's own file: --dicom's and --nifti's. */
  readonly workerScript: URL;
  readonly niftiWorkerScript: URL;
  /**
   * The run's key (key.ts's startKey), started by the caller before this module was loaded
   * (dicomanon.ts): the passphrase's stretching overlaps the loading of the rest of the CLI.
   */
  readonly pendingKey: Promise<PendingKey>;
}

/** Results that may wait behind a slow file before no new file is started. */
const WAITING_BUDGET_BYTES = 512 * 1024 * 1024;

export async function runDicomanon(args: CliArgs, context: RunContext): Promise<number> {
  const say = (line: string): void => void context.stderr.write(`${line}\n`);
  const spec = await loadProfile(args.profile, args.options, args);
  const paths = await checkPaths(args);
  // Key file problems are reported here, after the profile's and the paths'.
  const pendingKey = await context.pendingKey;
  const excluded = [paths.output, ...(paths.mappingDir ? [paths.mappingDir] : [])];
  const entries = await walkInput(paths.input, excluded);
  const jobs = args.jobs ?? Math.max(1, availableParallelism() - 1);
  const toRead = entries.filter((entry) => !entry.decided).length;
  const workers = Math.min(jobs, toRead);
  // With the default workers a long run gets one more (dicomRun.ts's GROW_AFTER_MS).
  const mayGrow = args.jobs === undefined;
  const workerData: DeidWorkerData = {
    spec,
    wantMapping: paths.mappingDir !== undefined,
    testHooks: testHooksFromEnv(context.env),
    streamAboveBytes: streamAboveFromEnv(context.env),
    wantCrc: paths.zipFile !== undefined,
  };
  // --dicom's workers start now and get the key when it is ready: each takes about 0.1 s to
  // start, as long as the stretching of the passphrase, which used to come first.
  const pool =
    args.format === 'dicom' && toRead > 0
      ? new WorkerPool<DeidTask, DeidResult>({
          script: context.workerScript,
          workerData,
          setup: pendingKey.key.then((key): DeidSetup => ({ key })),
          size: workers,
          maxHeapMb: workerHeapLimitMb(workers + (mayGrow ? 1 : 0)),
          perWorker: TASKS_PER_WORKER,
          taskTimeoutMs: args.fileTimeoutMs,
        })
      : undefined;
  // The headers are read meanwhile too (the key's stretching runs on another thread); stopped
  // when the output cannot be started.
  const scanStop = new AbortController();
  const scanning = pool ? scanStudies(entries, scanStop.signal) : undefined;
  scanning?.catch(() => undefined); // awaited later, or given up
  const giveUpEarly = async (): Promise<void> => {
    scanStop.abort();
    await scanning?.catch(() => undefined);
    await pool?.close();
  };
  let runKey;
  try {
    runKey = { key: await pendingKey.key, reproducible: pendingKey.reproducible };
  } catch (error) {
    await giveUpEarly();
    throw error;
  }

  const totalBytes = entries.reduce((sum, entry) => sum + entry.size, 0);
  say(
    `dicomanon ${context.version}: ${entries.length} inputs (${formatMegabytes(totalBytes)} MB), ` +
      `profile ${spec.name ?? spec.base}${spec.options.length ? ` + ${spec.options.join(', ')}` : ''}, ` +
      `${Math.min(jobs, Math.max(toRead, 1))} worker thread(s)`,
  );
  const settings = leftoverSettings(spec);
  const settingsLine = leftoverSettingsLine(settings);
  if (settingsLine) say(settingsLine);
  if (!runKey.reproducible) {
    say(
      'note: no --key-file, so a random key is used: pseudonyms, UIDs and date shifts of this ' +
        'run cannot be reproduced by a later run',
    );
  }

  const resumable = runKey.reproducible;
  const notResumable = resumable
    ? undefined
    : 'this run used a random key (no --key-file), so it cannot be resumed: run it again into an empty directory';
  const identity = journalHeader(runKey.key, {
    version: context.version,
    settings: {
      format: args.format,
      nii: args.uncompressedNifti,
      zip: paths.zipFile !== undefined,
      mapping: paths.mappingDir !== undefined,
      spec,
    },
    entries,
  });
  limitOutputForTests(testOutputLimitFromEnv(context.env));
  // Listening before anything is made in the output: a Ctrl-C while it is set up stops the run
  // as cleanly as one later (no file started, the report written, how to go on said).
  const stop = new RunStop();
  const stopListening = stop.listen(say, (code) => process.exit(code));
  let started;
  try {
    started = await startOutputs({
      ...{ output: paths.output, zipFile: paths.zipFile, mappingDir: paths.mappingDir },
      ...{ identity, entries },
      ...{ resume: args.resume, resumable },
    });
  } catch (error) {
    stopListening();
    await giveUpEarly();
    if (!(error instanceof StartFailed)) throw error;
    for (const line of error.lines) say(line);
    return 1;
  }
  const { resumed, journal, reserve, outputDir, sink } = started;
  if (resumed) for (const line of resumedLines(resumed, entries.length)) say(line);
  const wantMapping = paths.mappingDir !== undefined;
  const saved = new SavedFiles(sink instanceof ZipFileSink ? sink : undefined);
  const results = createRunResults(
    sink,
    paths.input,
    wantMapping,
    resumed?.written,
    args.format === 'nifti' ? saved.record : undefined,
  );
  const progress = new Progress(context.stderr, entries.length, totalBytes);

  try {
    if (args.format === 'nifti') {
      await convertToNifti({
        entries,
        results,
        progress,
        jobs,
        script: context.niftiWorkerScript,
        workerData: { ...workerData, key: runKey.key, compress: !args.uncompressedNifti },
        fileTimeoutMs: args.fileTimeoutMs,
        budgetBytes: WAITING_BUDGET_BYTES,
        signal: stop.anySignal,
        resume: {
          ...{ journal, done: resumed?.done ?? new Map(), restoreDone: !wantMapping },
          ...{ doneSeries: resumed?.doneSeries ?? new Map(), saved },
          zip: sink instanceof ZipFileSink ? sink : undefined,
        },
      }).catch((error: unknown) => {
        if (error instanceof UsageError) throw error;
        // Ctrl-C's abort is no failure of the output, though in a zip any error would be.
        if (!stop.isInterruption(error)) {
          const stopped = stoppedBy(error, sink.oneStream);
          if (!stopped) throw error;
          stop.outputFailed(stopped);
        }
        results.sortByInput();
      });
    } else {
      // Every file is de-identified with what its whole study holds, as in the app.
      if (toRead > 0) say(`reading the headers of ${toRead} inputs (for study-wide identifiers)`);
      const studies = await (scanning ?? scanStudies(entries));
      await convertToDicom({
        entries,
        studies,
        results,
        progress,
        pool,
        workers,
        growAfterMs: mayGrow ? (testGrowAfterMsFromEnv(context.env) ?? GROW_AFTER_MS) : undefined,
        budgetBytes: WAITING_BUDGET_BYTES,
        stop,
        journal,
        done: resumed?.done ?? new Map(),
        restoreDone: !wantMapping,
        zip: sink instanceof ZipFileSink ? sink : undefined,
      });
    }
  } catch (error) {
    stopListening();
    throw error;
  } finally {
    // Done with by convertToDicom, unless something threw before it.
    scanStop.abort();
    await pool?.close();
    progress.done();
  }

  const header: ReportHeader = {
    tool: 'dicomanon',
    version: context.version,
    output: args.format,
    profile: {
      base: spec.base,
      ...(spec.name === undefined ? {} : { name: spec.name }),
      options: spec.options,
      customRules: spec.overrides?.length ?? 0,
    },
    reproducible: runKey.reproducible,
    leftovers: settings,
  };
  try {
    await reserve.release();
    if (stop.reason) {
      const stopped = { header, results, sink, outputDir, journal, notResumable };
      return await reportStopped(
        stop.reason,
        { ...stopped, total: entries.length, wantMapping },
        say,
      );
    }
    // Every input is done: mapping files a resume finds from now on are this run's own.
    await journal?.finishing();
    let zipProblem: string | undefined;
    if (sink !== outputDir) {
      zipProblem = await finishZip(sink, header, results);
      testKillPoint(context.env, 'zip-finished');
      if (zipProblem && sink instanceof CompletedZipSink) {
        // Taken for this run's by mistake, it would be shared as such: nothing more is done.
        say(
          `error: ${zipProblem}; it is left as it is: run again into an empty directory, with ` +
            'another --zip name',
        );
        await journal?.close();
        return 1;
      }
      if (zipProblem) {
        say(
          `error: the zip file could not be completed: ${zipProblem}; what was written of it ` +
            'is left beside it, its name ending in .partial' +
            (journal ? '; run the same command again with --resume to finish it' : ''),
        );
      }
    }
    await writeReports([outputDir], header, results);
    testKillPoint(context.env, 'reports-written');
    if (paths.mappingDir !== undefined) await writeMappingFiles(paths.mappingDir, results);
    testKillPoint(context.env, 'mapping-written');
    await journal?.close();
    // Complete: nothing is left to resume, and the directory is what an uninterrupted run makes.
    // Not when the zip is unfinished: a resume finishes it (zipResume.ts).
    if (journal && !zipProblem) await Journal.remove(paths.output);

    const leftovers = { settings, afterFixes: results.afterLeftoverFixes };
    for (const line of summaryLines(results.rows, progress.elapsedSeconds(), leftovers)) say(line);
    say(
      `report.json and report.csv are in the output directory${paths.zipFile ? ' and in the zip file' : ''}` +
        (paths.mappingDir ? '; mapping files in the mapping directory' : ''),
    );
    // A quarantined file was not saved: the run needs the user's attention like a failure.
    const anyFailed = results.rows.some(
      (row) => row.status === 'failed' || row.status === 'quarantined',
    );
    return anyFailed || zipProblem !== undefined ? 1 : 0;
  } finally {
    stopListening();
  }
}

/**
 * Writes the reports into the zip and closes it (its central directory; the rename to its
 * final name); for a zip a resume found finished, checks them against it. The problem in
 * words, if any.
 */
async function finishZip(
  sink: OutputSink,
  header: ReportHeader,
  results: RunResults,
): Promise<string | undefined> {
  let problem: string | undefined;
  try {
    await writeReports([sink], header, results);
  } catch (error) {
    problem = describeFsError(error);
  }
  // Closing writes the zip's central directory; without it no unzipper can read the file.
  await sink.close().catch((error: unknown) => (problem ??= describeFsError(error)));
  return problem;
}
