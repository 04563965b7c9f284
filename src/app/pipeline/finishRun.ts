/**
 * The end of a page run, the same for DICOM and NIfTI output: wait for the work (or the
 * cancel), complete or abort the saver, close the pool, and sum every input up.
 */
import { settleWithin, untilAborted } from './abortable';
import { CLEANUP_WAIT_MS, type RunOutcome } from './runDeps';
import type { RunRecorder } from './runRecorder';
import type { OutputSaver } from './saver';
import type { FileResult, InputFile, RunSummary } from './types';

export async function finishRun(run: {
  readonly work: Promise<void>;
  readonly signal: AbortSignal;
  readonly saver: OutputSaver;
  readonly pool: { close(reason: string): void } | undefined;
  readonly ticker: ReturnType<typeof setInterval>;
  readonly report: () => void;
  readonly recorder: RunRecorder;
  readonly files: readonly InputFile[];
  readonly baseName: string;
}): Promise<RunOutcome> {
  const { work, signal, saver, pool, recorder, files } = run;
  try {
    await untilAborted(work, signal);
    await saver.finish();
  } catch (error) {
    pool?.close(signal.aborted ? 'the run was cancelled' : 'the run stopped');
    await settleWithin(saver.abort(), CLEANUP_WAIT_MS);
    if (!signal.aborted) throw error;
    return { summary: summarize(files, recorder.results, false, true), mapping: undefined };
  } finally {
    clearInterval(run.ticker);
    pool?.close('the run is over');
  }
  run.report();
  const mapping = recorder.mapping
    ? { baseName: run.baseName, mapping: recorder.mapping, files: recorder.files }
    : undefined;
  return {
    summary: summarize(files, recorder.results, mapping !== undefined, false),
    mapping,
    recorder,
  };
}

/** Every input once: what was committed, and the rest (only after a cancel) as not processed. */
export function summarize(
  files: readonly InputFile[],
  committed: readonly FileResult[],
  mappingAvailable: boolean,
  cancelled: boolean,
): RunSummary {
  const done = new Set(committed.map((result) => result.index));
  const results: FileResult[] = [...committed];
  for (let index = 0; index < files.length; index++) {
    if (done.has(index)) continue;
    results.push({
      index,
      status: 'excluded',
      reason: 'not processed: the run was cancelled',
      output: '',
    });
  }
  results.sort((a, b) => a.index - b.index);
  const count = (status: FileResult['status']) => results.filter((r) => r.status === status).length;
  return {
    written: count('written'),
    skipped: count('skipped'),
    failed: count('failed'),
    quarantined: count('quarantined'),
    excluded: count('excluded'),
    results,
    mappingAvailable,
    cancelled,
  };
}
