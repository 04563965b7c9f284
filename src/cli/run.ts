/**
 * One run of the CLI: checks, walk, worker pool, outputs in input order, reports, summary.
 * Returns the exit code: 0 every input written or skipped, 1 some input failed; usage and
 * safety problems throw UsageError (exit 2) before anything is written.
 */
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { leftoverSettings } from '../core/report/leftoverNote';
import type { ReportHeader } from '../core/report/report';
import type { CliArgs } from './args';
import type { DeidResult, DeidTask, DeidWorkerData } from './deidProtocol';
import { describeFsError } from './fsErrors';
import { loadKey } from './key';
import { streamAboveFromEnv } from './largeInput';
import { convertToNifti } from './niftiRun';
import { processInOrder } from '../core/run/inOrder';
import { DirectorySink, type OutputSink } from './outputSink';
import { WorkerPool, type PoolOptions } from './pool';
import { loadProfile } from './profile';
import { Progress, formatMegabytes, type ProgressStream } from './progress';
import { createRunResults, type RunResults } from './results';
import { checkPaths } from './safety';
import { scanStudies, type StudyScan } from './studyScan';
import { leftoverSettingsLine, summaryLines } from './summary';
import { testHooksFromEnv } from './testHooks';
import { walkInput, type InputEntry } from './walk';
import { writeMappingFiles, writeReports } from './writeReports';
import { ZipFileSink } from './zipFileSink';

export interface RunContext {
  readonly stderr: ProgressStream;
  readonly env: NodeJS.ProcessEnv;
  readonly version: string;
  /** The built worker entries, beside the CLI's own file: --dicom's and --nifti's. */
  readonly workerScript: URL;
  readonly niftiWorkerScript: URL;
}

/** Tasks sent ahead to each worker, the running one included. */
const TASKS_PER_WORKER = 2;
/** Results that may wait behind a slow file before no new file is started. */
const WAITING_BUDGET_BYTES = 512 * 1024 * 1024;

export async function runDicomanon(args: CliArgs, context: RunContext): Promise<number> {
  const say = (line: string): void => void context.stderr.write(`${line}\n`);
  const spec = await loadProfile(args.profile, args.options, args);
  const paths = await checkPaths(args);
  const runKey = await loadKey(args.keyFile);
  const excluded = [paths.output, ...(paths.mappingDir ? [paths.mappingDir] : [])];
  const entries = await walkInput(paths.input, excluded);

  const jobs = args.jobs ?? Math.max(1, availableParallelism() - 1);
  const toRead = entries.filter((entry) => !entry.decided).length;
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

  await mkdir(paths.output, { recursive: true });
  const outputDir = new DirectorySink(paths.output);
  const sink: OutputSink = paths.zipFile ? await ZipFileSink.create(paths.zipFile) : outputDir;
  const results = createRunResults(sink, paths.input, paths.mappingDir !== undefined);
  const progress = new Progress(context.stderr, entries.length, totalBytes);

  const workerData: DeidWorkerData = {
    spec,
    key: runKey.key,
    wantMapping: paths.mappingDir !== undefined,
    testHooks: testHooksFromEnv(context.env),
    streamAboveBytes: streamAboveFromEnv(context.env),
    wantCrc: paths.zipFile !== undefined,
  };
  try {
    if (args.format === 'nifti') {
      await convertToNifti({
        entries,
        results,
        progress,
        jobs,
        script: context.niftiWorkerScript,
        workerData: { ...workerData, compress: !args.uncompressedNifti },
        fileTimeoutMs: args.fileTimeoutMs,
        budgetBytes: WAITING_BUDGET_BYTES,
      });
    } else {
      // Every file is de-identified with what its whole study holds, as in the app.
      if (toRead > 0) say(`reading the headers of ${toRead} inputs (for study-wide identifiers)`);
      const studies = await scanStudies(entries);
      await convertToDicom(entries, studies, results, progress, {
        script: context.workerScript,
        workerData,
        size: Math.min(jobs, toRead),
        perWorker: TASKS_PER_WORKER,
        taskTimeoutMs: args.fileTimeoutMs,
      });
    }
  } finally {
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
  let zipProblem: string | undefined;
  if (sink !== outputDir) {
    try {
      await writeReports([sink], header, results);
    } catch (error) {
      zipProblem = describeFsError(error);
    }
    // Closing writes the zip's central directory; without it no unzipper can read the file.
    await sink.close().catch((error: unknown) => (zipProblem ??= describeFsError(error)));
    if (zipProblem) say(`error: the zip file could not be completed: ${zipProblem}`);
  }
  await writeReports([outputDir], header, results);
  if (paths.mappingDir !== undefined) await writeMappingFiles(paths.mappingDir, results);

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
}

/** --dicom: one task per input, committed in input order. */
async function convertToDicom(
  entries: readonly InputEntry[],
  studies: StudyScan,
  results: RunResults,
  progress: Progress,
  poolOptions: PoolOptions,
): Promise<void> {
  const pool =
    poolOptions.size === 0 ? undefined : new WorkerPool<DeidTask, DeidResult>(poolOptions);
  try {
    await processInOrder<DeidResult>({
      count: entries.length,
      window: Math.max(32, poolOptions.size * TASKS_PER_WORKER * 4),
      budgetBytes: WAITING_BUDGET_BYTES,
      start: async (index) => {
        const entry = entries[index]!;
        if (entry.decided) return entry.decided;
        const studyValues = studies.valuesOf(index);
        const outcome = await pool!.run({
          path: entry.absPath,
          ...(studyValues.length ? { studyValues } : {}),
        });
        return outcome.ok ? outcome.value : { status: 'failed', reason: outcome.reason };
      },
      sizeOf: (result) =>
        result.status === 'written'
          ? result.chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0)
          : 0,
      commit: async (index, result) => {
        await results.commit(index, entries[index]!, result);
        const pixels = result.status === 'written' ? result.pixels : undefined;
        progress.advance(
          entries[index]!.size,
          pixels && { searched: pixels.scanned, cleaned: pixels.frames },
        );
      },
    });
  } finally {
    await pool?.close();
  }
}
