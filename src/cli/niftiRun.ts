/**
 * The --nifti part of a run, after the walk and before the reports:
 *  1. scan: each input is read once in a worker to learn its series (seriesOf) and, from the
 *     same bytes, its study's identifying values (the header scan --dicom and the app make);
 *  2. group: inputs of one series become one conversion job, placed at its first input;
 *     inputs of series that are not images become one DICOM job each (de-identified DICOM
 *     instead, with a report note saying why); skipped and failed inputs keep their rows;
 *  3. convert: jobs run on the pool, each with its study's values (so it is de-identified and
 *     verified as --dicom would), and are committed strictly in job order, so names, zip
 *     entries and reports are the same whatever the timing (as for --dicom). Each committed
 *     job is journaled for --resume, which records the jobs done instead (niftiResume.ts).
 * The rows are sorted back into input order at the end.
 */
import { StudyValueIndex, type StudyValue } from '../core/deid/studyValues';
import { seriesStudyValues } from '../core/nifti/seriesOf';
import type { DeidResult } from './deidProtocol';
import type { NiftiResult, NiftiTask, NiftiWorkerData, ScanResult } from './niftiProtocol';
import { processInOrder } from '../core/run/inOrder';
import { WorkerPool, type TaskResult } from './pool';
import type { Progress } from './progress';
import { commitSeries, type RunResults } from './results';
import type { InputEntry } from './walk';
import {
  afterCommit,
  checkPlan,
  lineOf,
  restoreJob,
  restores,
  type NiftiResume,
  type PlannedJob,
} from './niftiResume';

export interface NiftiRunSetup {
  readonly entries: readonly InputEntry[];
  readonly results: RunResults;
  readonly progress: Progress;
  readonly jobs: number;
  readonly script: URL;
  readonly workerData: NiftiWorkerData;
  readonly fileTimeoutMs: number;
  readonly budgetBytes: number;
  /** Stops at once (Ctrl-C, a full disk): a series may take long; --resume does the rest. */
  readonly signal?: AbortSignal;
  readonly resume: NiftiResume;
}

type Job =
  | { readonly kind: 'row'; readonly index: number; readonly result: DeidResult }
  | { readonly kind: 'dicom'; readonly index: number; readonly note: string }
  | { readonly kind: 'series'; readonly indices: number[] };

/** Scan tasks are small: many may wait in a worker's queue. */
const SCAN_TASKS_PER_WORKER = 4;
/** A series may take this much longer than one file, per 100 MB of it. */
const SERIES_BYTES_PER_TIMEOUT = 100e6;

export const NOT_AN_IMAGE_NOTE = 'written as de-identified DICOM: ';

export async function convertToNifti(setup: NiftiRunSetup): Promise<void> {
  const { entries, jobs } = setup;
  const toRead = entries.filter((entry) => !entry.decided).length;
  const pool =
    toRead === 0
      ? undefined
      : new WorkerPool<NiftiTask, NiftiResult>({
          script: setup.script,
          workerData: setup.workerData,
          size: Math.min(jobs, toRead),
          perWorker: SCAN_TASKS_PER_WORKER,
          taskTimeoutMs: setup.fileTimeoutMs,
        });
  try {
    const scans = await scanAll(entries, pool, jobs);
    const plan = planJobs(entries, scans);
    const planned = plan.map(plannedJob);
    checkPlan(planned, setup.resume);
    const restored = planned.map((job) => restores(lineOf(job, setup.resume), setup.resume));
    const studyValuesOf = studyValuesByInput(scans);
    await processInOrder<NiftiResult | DeidResult | Restored>({
      count: plan.length,
      window: Math.max(2, jobs + 1),
      budgetBytes: setup.budgetBytes,
      ...(setup.signal ? { signal: setup.signal } : {}),
      start: async (i) =>
        restored[i]
          ? RESTORED
          : startJob(plan[i]!, entries, pool, setup.fileTimeoutMs, studyValuesOf),
      sizeOf: resultBytes,
      commit: async (i, result) => {
        const job = planned[i]!;
        const { results } = setup;
        if (isRestored(result)) {
          restoreJob(lineOf(job, setup.resume)!, entries, results);
        } else {
          const fixesBefore = results.afterLeftoverFixes;
          await commitJob(plan[i]!, result, setup);
          const fixes = results.afterLeftoverFixes > fixesBefore;
          await afterCommit(job, setup.resume, entries, results, fixes);
        }
        for (const index of job.indices) setup.progress.advance(entries[index]!.size);
      },
    });
  } finally {
    await pool?.close();
  }
  setup.results.sortByInput();
}

async function scanAll(
  entries: readonly InputEntry[],
  pool: WorkerPool<NiftiTask, NiftiResult> | undefined,
  jobs: number,
): Promise<Array<ScanResult | DeidResult>> {
  const scans: Array<ScanResult | DeidResult> = [];
  await processInOrder<ScanResult | DeidResult>({
    count: entries.length,
    window: Math.max(32, jobs * SCAN_TASKS_PER_WORKER * 4),
    budgetBytes: Number.MAX_SAFE_INTEGER, // scan results are a few bytes each
    start: async (index) => {
      const entry = entries[index]!;
      if (entry.decided) return entry.decided;
      const outcome = await pool!.run({ kind: 'scan', path: entry.absPath });
      if (!outcome.ok) return { status: 'failed', reason: outcome.reason };
      return outcome.value.kind === 'scan'
        ? outcome.value.result
        : { status: 'failed', reason: 'internal error: wrong reply' };
    },
    sizeOf: () => 0,
    commit: async (index, result) => void (scans[index] = result),
  });
  return scans;
}

/** Each input's study values: those every scanned header of its study holds. */
function studyValuesByInput(
  scans: ReadonlyArray<ScanResult | DeidResult>,
): (index: number) => readonly StudyValue[] {
  const index = new StudyValueIndex();
  // Input order: the per-study cap then keeps the same values on every run.
  for (const scan of scans)
    if (scan.status === 'dicom' && 'studyKey' in scan) index.add(scan.studyKey, scan.studyValues);
  const lists = new Map<string, readonly StudyValue[]>();
  return (i) => {
    const scan = scans[i];
    const key = scan && 'studyKey' in scan ? scan.studyKey : '';
    if (key === '') return [];
    let list = lists.get(key);
    if (!list) lists.set(key, (list = index.valuesOf(key)));
    return list;
  };
}

/** A job done by the interrupted run, recorded again instead of run (niftiResume.ts). */
const RESTORED = { kind: 'restored' } as const;
type Restored = typeof RESTORED;
const isRestored = (result: NiftiResult | DeidResult | Restored): result is Restored =>
  result === RESTORED;

function plannedJob(job: Job): PlannedJob {
  return job.kind === 'series'
    ? { series: true, indices: job.indices }
    : { series: false, indices: [job.index] };
}

/** Jobs in the order of their first input. */
function planJobs(
  entries: readonly InputEntry[],
  scans: ReadonlyArray<ScanResult | DeidResult>,
): Job[] {
  const plan: Job[] = [];
  const bySeries = new Map<string, number[]>();
  entries.forEach((_entry, index) => {
    const scan = scans[index]!;
    if (!('seriesKey' in scan)) {
      // Skipped or failed, by the walk or the scan: the reason is the row's.
      plan.push({ kind: 'row', index, result: scan as DeidResult });
    } else if (scan.notConvertible !== undefined) {
      plan.push({ kind: 'dicom', index, note: `${NOT_AN_IMAGE_NOTE}${scan.notConvertible}` });
    } else {
      const indices = bySeries.get(scan.seriesKey);
      if (indices) indices.push(index);
      else {
        const job = { kind: 'series' as const, indices: [index] };
        bySeries.set(scan.seriesKey, job.indices);
        plan.push(job);
      }
    }
  });
  return plan;
}

async function startJob(
  job: Job,
  entries: readonly InputEntry[],
  pool: WorkerPool<NiftiTask, NiftiResult> | undefined,
  fileTimeoutMs: number,
  studyValuesOf: (index: number) => readonly StudyValue[],
): Promise<NiftiResult | DeidResult> {
  if (job.kind === 'row') return job.result;
  let outcome: TaskResult<NiftiResult>;
  if (job.kind === 'dicom') {
    const studyValues = studyValuesOf(job.index);
    outcome = await pool!.run({
      kind: 'dicom',
      path: entries[job.index]!.absPath,
      ...(studyValues.length ? { studyValues } : {}),
    });
  } else {
    const paths = job.indices.map((index) => entries[index]!.absPath);
    const bytes = job.indices.reduce((sum, index) => sum + entries[index]!.size, 0);
    const timeout = fileTimeoutMs * (1 + Math.floor(bytes / SERIES_BYTES_PER_TIMEOUT));
    // As the app does (runNifti.ts): the values of every file's study, merged.
    const studyValues = seriesStudyValues(job.indices.map(studyValuesOf));
    outcome = await pool!.run(
      { kind: 'series', paths, ...(studyValues.length ? { studyValues } : {}) },
      timeout,
    );
  }
  if (outcome.ok) return outcome.value;
  return job.kind === 'dicom'
    ? { kind: 'dicom', result: { status: 'failed', reason: outcome.reason } }
    : { kind: 'series', result: { status: 'failed', reason: outcome.reason, unreadable: [] } };
}

async function commitJob(
  job: Job,
  result: NiftiResult | DeidResult,
  setup: NiftiRunSetup,
): Promise<void> {
  const { entries, results } = setup;
  const reply = 'kind' in result ? result : undefined;
  if (job.kind === 'series') {
    const series =
      reply?.kind === 'series'
        ? reply.result
        : { status: 'failed' as const, reason: 'internal error: wrong reply', unreadable: [] };
    await commitSeries(results, job.indices, entries, series);
    return;
  }
  const file: DeidResult =
    job.kind === 'row'
      ? (result as DeidResult)
      : reply?.kind === 'dicom'
        ? reply.result
        : { status: 'failed', reason: 'internal error: wrong reply' };
  await results.commit(job.index, entries[job.index]!, file, job.kind === 'dicom' ? job.note : '');
}

function resultBytes(result: NiftiResult | DeidResult | Restored): number {
  if (isRestored(result)) return 0;
  const chunks =
    'kind' in result
      ? result.kind === 'series' && result.result.status === 'converted'
        ? result.result.files.flatMap((file) => file.chunks)
        : result.kind === 'dicom' && result.result.status === 'written'
          ? result.result.chunks
          : []
      : [];
  return chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
}
