/** Which input files the review screen's series stand for, and which are ticked at first. */
import type { PatientNode, SeriesNode } from './pipeline/types';

/**
 * Every DICOM series. Series flagged for burned-in text are included too (issue 16): Clean
 * Pixel Data is on by default and removes the text, where leaving them out cost users whole
 * series (ultrasound, screen captures, derived maps).
 */
export function defaultIncluded(tree: readonly PatientNode[]): Set<number> {
  return allSeriesFiles(tree);
}

export function allSeriesFiles(tree: readonly PatientNode[]): Set<number> {
  const all = new Set<number>();
  forEachSeries(tree, (series) => {
    for (const i of series.fileIndexes) all.add(i);
  });
  return all;
}

export function forEachSeries(
  tree: readonly PatientNode[],
  visit: (series: SeriesNode) => void,
): void {
  for (const patient of tree) for (const study of patient.studies) study.series.forEach(visit);
}

export function allSeries(tree: readonly PatientNode[]): SeriesNode[] {
  const all: SeriesNode[] = [];
  forEachSeries(tree, (series) => all.push(series));
  return all;
}
