/**
 * The review screen's search of every series' images for burned-in text, as plain data: how a
 * series' sample makes its result, and the reasons a series is flagged for. The workers do the
 * searching (src/app/pipeline/sampleText.ts picks the first, middle and last file and frame);
 * ui/useTextSampling.ts drives it in the background; the state keeps the results.
 */
import { seriesFlagReasons, type SeriesSampling } from '../core/scan/burnedInPolicy';
import type { PatientNode, SeriesNode } from './pipeline/types';

/**
 * What sampling one series found (src/app/pipeline/sampleText.ts SeriesTextSample), as far as
 * the review screen reads it: where the detector found text, never the text.
 */
export interface SeriesSampleAnswer {
  readonly textFound: boolean;
  /** What the OCR made of the boxes (sampleText.ts TextRead). */
  readonly textRead: 'text' | 'nothing' | 'unread';
  /** One entry per decoded frame; empty when no sampled file could be searched. */
  readonly boxes: readonly unknown[];
}

export interface TextSampling {
  /** By series key; a series not listed has not been sampled yet. */
  readonly series: ReadonlyMap<string, SeriesSampling>;
  /** Series to sample in all, for the "checking" line. */
  readonly total: number;
  readonly finished: boolean;
}

export function startSampling(tree: readonly PatientNode[]): TextSampling {
  const total = tree.reduce(
    (sum, patient) => sum + patient.studies.reduce((n, study) => n + study.series.length, 0),
    0,
  );
  return { series: new Map(), total, finished: total === 0 };
}

export function withSeriesSampled(
  sampling: TextSampling,
  seriesKey: string,
  result: SeriesSampling,
): TextSampling {
  const series = new Map(sampling.series);
  series.set(seriesKey, result);
  return { ...sampling, series, finished: series.size >= sampling.total };
}

/**
 * Text the OCR read in any sampled frame flags the series, and so do boxes it could not read
 * for want of an OCR; clear only when some frame was searched.
 */
export function seriesSamplingOf(answer: SeriesSampleAnswer): SeriesSampling {
  if (answer.textRead === 'text' || (answer.textFound && answer.textRead === 'unread'))
    return 'text';
  if (answer.textFound) return 'unreadable';
  return answer.boxes.length > 0 ? 'clear' : 'unknown';
}

/** Why a series is flagged now, from its header and what sampling found so far. */
export function flagReasonsOf(series: SeriesNode, sampling: TextSampling | undefined): string[] {
  return seriesFlagReasons(series.burnedInReasons, sampling?.series.get(series.key) ?? 'pending');
}
