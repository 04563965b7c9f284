/**
 * A NIfTI run's jobs, from the scan: the included files of one series (Study + Series Instance
 * UID, as the CLI groups them) become one job, placed at the series' first file, so that jobs
 * commit in a fixed order and names, zip entries and reports do not depend on timing. Included
 * files the scan could not place go alone (their worker decides: skipped, failed or DICOM);
 * files left out or unreadable are decided here, without a worker.
 */
import type { InputFile, ScanResult } from './types';

export type NiftiPlanItem =
  | { readonly kind: 'decided'; readonly index: number; readonly status: 'failed' | 'left-out' }
  | { readonly kind: 'group'; readonly indices: readonly number[] };

export function planNifti(
  files: readonly InputFile[],
  included: ReadonlySet<number>,
  scanned: ReadonlyMap<File, ScanResult>,
): NiftiPlanItem[] {
  const plan: NiftiPlanItem[] = [];
  const bySeries = new Map<string, number[]>();
  files.forEach((input, index) => {
    if (!included.has(index)) {
      plan.push({ kind: 'decided', index, status: 'left-out' });
      return;
    }
    if (input.unreadable !== undefined) {
      plan.push({ kind: 'decided', index, status: 'failed' });
      return;
    }
    const scan = scanned.get(input.file);
    if (scan?.kind !== 'dicom') {
      plan.push({ kind: 'group', indices: [index] });
      return;
    }
    const key = `${scan.studyInstanceUid}|${scan.seriesInstanceUid}`;
    const indices = bySeries.get(key);
    if (indices) indices.push(index);
    else {
      const group = [index];
      bySeries.set(key, group);
      plan.push({ kind: 'group', indices: group });
    }
  });
  return plan;
}
