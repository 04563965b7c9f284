/**
 * Sampling series for text through the real sample job (InProcessWorker runs jobs.ts): burned-in
 * ultrasounds of deid-data show text the OCR reads, an EPI series without any gets boxes around
 * blobs that it does not read as text, a file that is not DICOM is a problem.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InProcessWorker } from '../../worker/testing/inProcessWorker';
import { nodePixelAssets } from '../../worker/testing/nodePixelAssets';
import { filesToSample, sampleWorkerCount, TextSampler } from './sampleText';

const DATA = '/work/shared/data';
const US = `${DATA}/deid-data/deid_data/data/ultrasounds`;

function file(p: string): File {
  return new File([readFileSync(p)], path.basename(p));
}

function sampler(): TextSampler {
  return new TextSampler({
    createWorker: () => new InProcessWorker(),
    assets: async () => nodePixelAssets(),
    workers: 2,
    locks: null,
    idleMs: 10,
  });
}

describe('sampleSeriesForText', () => {
  it('leaves one processor to the page and its preview, with two workers at most', () => {
    expect([1, 2, 3, 4, 16].map((cores) => sampleWorkerCount(cores))).toEqual([1, 1, 2, 2, 2]);
  });

  it('reads the first, middle and last file of a series', () => {
    expect(filesToSample(0)).toEqual([]);
    expect(filesToSample(1)).toEqual([0]);
    expect(filesToSample(2)).toEqual([0, 1]);
    expect(filesToSample(120)).toEqual([0, 59, 119]);
  });

  it('finds the text burned into ultrasounds, with boxes inside the frame', async () => {
    const text = sampler();
    for (const name of ['GREYSCALE_IMAGE.dcm', 'RGB_IMAGE.dcm']) {
      const sample = await text.sample([file(`${US}/${name}`)]);
      expect(sample.problems).toEqual([]);
      expect(sample.textFound).toBe(true);
      expect(sample.textRead).toBe('text');
      expect(sample.rows).toBeGreaterThan(0);
      for (const frame of sample.boxes) {
        expect(frame.file).toBe(0);
        for (const box of frame.boxes) {
          expect(box.x + box.width).toBeLessThanOrEqual(frame.columns);
          expect(box.y + box.height).toBeLessThanOrEqual(frame.rows);
        }
      }
    }
    text.stop();
  });

  it('reads nothing in the blobs the detector boxes on a text-free MR series', async () => {
    const text = sampler();
    const sample = await text.sample([
      file(`${DATA}/dcm_qa_nih/In/20180918Si/mr_0006/epi_pe_lr-00001.dcm`),
    ]);
    expect(sample.problems).toEqual([]);
    expect(sample.textFound).toBe(true);
    expect(sample.textRead).toBe('nothing');
    text.stop();
  });

  it('says why a file cannot be searched, and aborts when asked', async () => {
    const text = sampler();
    const notDicom = new File([new Uint8Array(300)], 'x.dcm');
    const sample = await text.sample([notDicom]);
    expect(sample.textFound).toBe(false);
    expect(sample.problems).toHaveLength(1);
    expect(sample.rows).toBe(0);
    const aborted = AbortSignal.abort();
    await expect(text.sample([notDicom], aborted)).rejects.toThrow();
    text.stop();
  });
});
