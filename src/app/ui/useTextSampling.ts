/**
 * Drives the background search of every series' images for burned-in text once the header scan
 * is done (issue 16): each series is handed to the pipeline's sampler (which reads its first,
 * middle and last file in a small pool of workers) and each answer becomes a `seriesSampled`
 * action. Nothing waits for it on screen; `finish()` lets the run wait for what is left, since
 * a run started before the search ends finishes the search first. A restart or a new scan
 * aborts the search.
 */
import { useCallback, useEffect, useRef } from 'react';
import type { PatientNode } from '../pipeline/types';
import type { InputFile } from '../pipeline/types';
import { allSeries } from '../selection';
import type { Action } from '../state';
import { seriesSamplingOf, type SeriesSampleAnswer } from '../textSampling';

/** The pipeline's sample client (src/app/pipeline/sampleText.ts sampleSeriesForText). */
export type SeriesSampler = (
  files: readonly File[],
  signal?: AbortSignal,
) => Promise<SeriesSampleAnswer>;

export function useTextSampling(
  scan: { readonly files: readonly InputFile[]; readonly tree: readonly PatientNode[] } | undefined,
  dispatch: (action: Action) => void,
  sampler: SeriesSampler,
) {
  const pending = useRef<Promise<unknown>>(Promise.resolve());
  useEffect(() => {
    if (!scan) return;
    const controller = new AbortController();
    const jobs = allSeries(scan.tree).map(async (series) => {
      const files = series.fileIndexes.flatMap((i) => {
        const file = scan.files[i]?.file;
        return file ? [file] : [];
      });
      let result: ReturnType<typeof seriesSamplingOf>;
      try {
        result = seriesSamplingOf(await sampler(files, controller.signal));
      } catch {
        // Aborted (nothing to report), or the sampler failed: the header's hints stand.
        if (controller.signal.aborted) return;
        result = 'unknown';
      }
      if (!controller.signal.aborted) {
        dispatch({ type: 'seriesSampled', seriesKey: series.key, result });
      }
    });
    pending.current = Promise.allSettled(jobs);
    return () => controller.abort(new DOMException('The files were closed.', 'AbortError'));
  }, [scan, dispatch, sampler]);

  /** Resolves when every series of the current scan has its answer (or the search stopped). */
  const finish = useCallback(() => pending.current.then(() => undefined), []);
  return { finish };
}
