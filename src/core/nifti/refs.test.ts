/**
 * Every reference NIfTI of dcm_qa and dcm_qa_nih is matched by what convertSeries writes from
 * the matching input series: same shape, the same voxel values (stored and scaled) and affines
 * within 1e-3 mm, read back by nibabel, an independent reader.
 *
 * The references were made by Debian's native dcm2niix v1.0.20220720 with upstream's batch
 * script (`-f %p_%s`: protocol name, series number), the outputs by the wasm v1.0.20241231 via
 * the whole pipeline (grouping, de-identification of the names, header scrub, gzip). A series
 * is paired with its reference by that same name, computed from the input's own attributes.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textValues } from '../deid/dataSetPlan';
import { findElement } from '../dicom/dataset';
import { readDicom } from '../dicom/readDicom';
import { SHARED_DATA } from '../testing/corpus';
import { compareNifti, type NiftiComparison } from '../testing/nibabel';
import { convertCorpusSeries } from '../testing/niftiCorpus';

const SETS = ['dcm_qa', 'dcm_qa_nih'];

/** dcm2niix's `%p_%s`: protocol name with spaces as underscores, then the series number. */
function referenceName(file: string): string {
  const dataset = readDicom(readFileSync(file)).dataset;
  const text = (tag: number, vr: string) => {
    const element = findElement(dataset, tag);
    return element ? (textValues(dataset, element, vr)[0] ?? '') : '';
  };
  return `${text(0x00181030, 'LO').replace(/\s+/g, '_')}_${Number(text(0x00200011, 'IS'))}`;
}

describe.each(SETS)('%s: every reference NIfTI is matched', (set) => {
  let work: string;
  let results: NiftiComparison[];
  let refs: string[];
  const pairedRefs: string[] = [];

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), `dicomanon-nifti-${set}-`));
    const refDir = path.join(SHARED_DATA, set, 'Ref');
    refs = readdirSync(refDir)
      .filter((name) => name.endsWith('.nii'))
      .map((name) => path.join(refDir, name));
    const pairs: Array<[string, string]> = [];
    for (const series of await convertCorpusSeries(path.join(SHARED_DATA, set, 'In') + path.sep)) {
      expect(series.outcome.status, series.files[0]).toBe('converted');
      if (series.outcome.status !== 'converted') continue;
      const images = series.outcome.files.filter((file) => file.kind === 'image');
      expect(images, 'one image per series in this corpus').toHaveLength(1);
      const ref = path.join(refDir, `${referenceName(series.files[0]!)}.nii`);
      const ours = path.join(work, `${pairs.length}.nii.gz`);
      writeFileSync(ours, Buffer.concat(images[0]!.chunks));
      pairs.push([ref, ours]);
      pairedRefs.push(ref);
    }
    results = compareNifti(pairs);
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('pairs each input series with a distinct reference, and every reference with a series', () => {
    expect([...pairedRefs].sort()).toEqual([...refs].sort());
  });

  it('same shape, data type, voxel values and affine (within 1e-3 mm) as each reference', () => {
    expect(results.length).toBe(refs.length);
    for (const result of results) {
      const name = path.basename(result.ref);
      expect(result.ourShape, name).toEqual(result.refShape);
      expect(result.sameDtype, name).toBe(true);
      expect(result.sameVoxels, name).toBe(true);
      expect(result.affineDiff, name).toBeLessThanOrEqual(1e-3);
    }
  });
});
