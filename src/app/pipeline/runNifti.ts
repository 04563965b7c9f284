/**
 * A run with NIfTI output: the included files are grouped by series (niftiPlan.ts), each group
 * goes to a NIfTI worker (niftiJob.ts: dcm2niix on the original bytes for the images of the
 * series, de-identified DICOM for files that are not images), groups are committed strictly in
 * plan order into the same zip, folder or parts as a DICOM run, and report.json/report.csv
 * account for every input, in input order.
 *
 * Memory: a worker holds its whole series (dcm2niix needs it, about 4× the series' size while
 * it runs), so each worker gets one group at a time, and groups start only while the bytes of
 * the series being converted and of the outputs waiting to be saved stay within a budget (the
 * next group to commit always runs, so a series larger than the budget still gets through,
 * alone).
 */
import { seriesStudyValues } from '../../core/nifti/seriesOf';
import { processInOrder } from '../../core/run/inOrder';
import { ProgressTracker } from '../../core/run/progress';
import type { NiftiGroupResult } from '../../worker/niftiJob';
import { WorkerPool } from '../../worker/pool';
import { CLEANING_IN_FLIGHT_BYTES, runWorkers } from './cleaningBudget';
import { planNifti, type NiftiPlanItem } from './niftiPlan';
import { releaseChunks } from './releaseChunks';
import { finishRun } from './finishRun';
import { reportHeader } from './reportHeader';
import { PROGRESS_TICK_MS, type RunDeps, type RunOutcome } from './runDeps';
import { commitGroup, createRunRecorder, leftOut, writeReports } from './runRecorder';
import { archiveBaseName } from './saver';
import type { InputFile, Progress, RunOptions } from './types';

/** Bytes of series being converted plus outputs waiting to be saved, at most (see above). */
const IN_FLIGHT_BYTES = 512 * 1024 * 1024;
/** A series may take this much longer than one file, per 100 MB of it (as in the CLI). */
const SERIES_BYTES_PER_TIMEOUT = 100e6;

type GroupOutcome = { ok: true; value: NiftiGroupResult } | { ok: false; reason: string } | null;

export async function runNifti(
  files: readonly InputFile[],
  options: RunOptions,
  onProgress: (progress: Progress) => void,
  signal: AbortSignal,
  deps: RunDeps,
): Promise<RunOutcome> {
  const baseName = archiveBaseName(deps.now());
  // First, before anything else is awaited: the save dialogs need the user's click.
  const saver = await deps.openSaver(options.save, baseName);
  const included = new Set(options.include.filter((i) => Number.isInteger(i) && files[i]));
  const recorder = createRunRecorder(saver, options.wantMapping);
  const plan = planNifti(files, included, deps.scanned);
  const groups = plan.filter((item) => item.kind === 'group').length;
  const groupBytes = (item: NiftiPlanItem) =>
    item.kind === 'group' ? item.indices.reduce((sum, i) => sum + files[i]!.file.size, 0) : 0;
  const createWorker = deps.createNiftiWorker;
  // Clean Pixel Data (for the files written as DICOM): fewer workers, cleaningBudget.ts.
  const cleaning = options.spec.pixels?.clean === true;
  const workers = runWorkers(deps.workers, cleaning);
  const pixelAssets = cleaning && groups > 0 ? await deps.pixelAssets?.() : undefined;
  if (groups > 0 && !createWorker) throw new Error('This page cannot make NIfTI files.');
  const pool =
    groups === 0
      ? undefined
      : new WorkerPool<NiftiGroupResult>({
          createWorker: createWorker!,
          job: {
            kind: 'nifti',
            spec: options.spec,
            key: options.key,
            wantMapping: options.wantMapping,
            compress: true,
            hooks: deps.hooks,
            ...(pixelAssets ? { pixelAssets } : {}),
          },
          size: Math.max(1, Math.min(workers, groups)),
          // One series per worker at a time: it is held whole while dcm2niix runs.
          perWorker: 1,
          timeoutMs: (file, group) => {
            const bytes = (group ?? [file]).reduce((sum, f) => sum + f.size, 0);
            return deps.timeoutMs(file) * (1 + Math.floor(bytes / SERIES_BYTES_PER_TIMEOUT));
          },
          ...(deps.locks === undefined ? {} : { locks: deps.locks }),
        });
  const bytesTotal = [...included].reduce((sum, i) => sum + files[i]!.file.size, 0);
  const progress = new ProgressTracker(included.size, bytesTotal);
  const report = () => onProgress(progress.snapshot());
  const ticker = setInterval(report, PROGRESS_TICK_MS);
  report();

  const start = async (at: number): Promise<GroupOutcome> => {
    const item = plan[at]!;
    if (item.kind === 'decided') return null;
    const group = item.indices.map((i) => files[i]!.file);
    // Its study's values from the scan, merged as the CLI merges them (same engine input).
    const studyValues = seriesStudyValues(group.map((file) => deps.studyValuesOf?.(file) ?? []));
    return pool!.run(group[0]!, { group, ...(studyValues.length ? { studyValues } : {}) });
  };

  const work = processInOrder<GroupOutcome>({
    count: plan.length,
    window: Math.max(8, workers * 4),
    budgetBytes: cleaning ? CLEANING_IN_FLIGHT_BYTES : IN_FLIGHT_BYTES,
    costOf: (at) => groupBytes(plan[at]!),
    start,
    sizeOf: outputBytes,
    commit: async (at, outcome) => {
      const item = plan[at]!;
      if (item.kind === 'decided') {
        const input = files[item.index]!;
        await recorder.commit(
          item.index,
          input,
          item.status === 'left-out'
            ? leftOut(deps.scanned.get(input.file))
            : { status: 'failed', reason: input.unreadable ?? 'cannot be read' },
        );
        if (included.has(item.index)) progress.advance(input.file.size);
      } else {
        if (outcome?.ok) {
          await commitGroup(recorder, item.indices, files, outcome.value);
          releaseGroup(outcome);
        } else {
          const reason = outcome ? outcome.reason : 'internal error: no answer';
          for (const index of item.indices)
            await recorder.commit(index, files[index]!, { status: 'failed', reason });
        }
        for (const index of item.indices) progress.advance(files[index]!.file.size);
      }
      report();
    },
    signal,
  }).then(() => {
    recorder.sortByInput();
    return writeReports(recorder, saver, reportHeader(options, deps.version));
  });

  return finishRun({ work, signal, saver, pool, ticker, report, recorder, files, baseName });
}

function outputBytes(outcome: GroupOutcome): number {
  let bytes = 0;
  for (const chunks of outputChunks(outcome)) for (const chunk of chunks) bytes += chunk.byteLength;
  return bytes;
}

/** A group's saved outputs, freed now rather than at Firefox's next collection (releaseChunks.ts). */
function releaseGroup(outcome: GroupOutcome): void {
  for (const chunks of outputChunks(outcome)) releaseChunks(chunks);
}

function outputChunks(outcome: GroupOutcome): Array<readonly Uint8Array[]> {
  if (!outcome?.ok) return [];
  const { series, entries } = outcome.value;
  const all: Array<readonly Uint8Array[]> = [];
  if (series?.status === 'converted') for (const file of series.files) all.push(file.chunks);
  for (const entry of entries)
    if (entry.kind === 'own' && entry.result.status === 'written') all.push(entry.result.chunks);
  return all;
}
