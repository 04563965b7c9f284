/**
 * The de-identification job on large files, with real Files (Node's, backed by the disk for the
 * multi-GiB ones): read around the image data they give the bytes of reading whole, with the
 * image left in the input and the output's CRC when asked; files over 2 GiB are no longer
 * refused, unless they must be read whole (deflated), nor in a NIfTI run, which reads whole.
 */
import { mkdtempSync, openAsBlob, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DeidResult } from '../core/deid/workerResult';
import { corpusFile } from '../core/testing/corpus';
import { crc32 } from '../core/zip/crc32';
import { createJobHandler } from './jobs';
import { createNiftiHandler } from './niftiJob';
import type { TestHooks } from './protocol';
import { CT_SMALL, DEFLATED, makeLargeDeflated, makeLargeDicom } from '../core/testing/largeFiles';

const work = mkdtempSync(path.join(tmpdir(), 'dicomanon-large-worker-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SPEC = { base: 'basic' as const, options: [] };
const KEY = new Uint8Array(32).fill(7);
const GIB = 2 ** 30;
const TOO_LARGE = 'larger than 2 GiB, the most this version can read';

const deidJob = (hooks: TestHooks, wantCrc: boolean) =>
  createJobHandler({ kind: 'deid', spec: SPEC, key: KEY, wantMapping: true, wantCrc, hooks });

type Written = Extract<DeidResult, { status: 'written' }>;
function written(result: DeidResult): Written {
  if (result.status !== 'written') throw new Error(`${result.status}: ${result.reason}`);
  return result;
}

const total = (chunks: readonly Uint8Array[]) => chunks.reduce((sum, c) => sum + c.byteLength, 0);

describe('the de-identification job on files read around their image data', () => {
  const files = [
    CT_SMALL,
    'pydicom/src/pydicom/data/test_files/JPEG2000.dcm',
    'pydicom/src/pydicom/data/test_files/MR_small_bigendian.dcm',
    'pydicom/src/pydicom/data/test_files/MR_small_implicit.dcm',
  ];

  it.each(files)('gives the bytes of reading whole: %s', async (name) => {
    const input = readFileSync(corpusFile(name));
    const file = new File([input], 'x.dcm');
    const whole = written((await (await deidJob({}, true))(file)).result);
    const reply = await (await deidJob({ streamAboveBytes: 0 }, true))(file);
    const streamed = written(reply.result);
    expect(whole.splice).toBeUndefined();
    const splice = streamed.splice!;
    expect(splice.sourceSize).toBe(input.length);
    // The worker's chunks hold everything but the image, which stays in the input.
    expect(total(streamed.chunks)).toBe(total(whole.chunks) - (splice.end - splice.start));
    const output = Buffer.concat(streamed.chunks);
    const spliced = Buffer.concat([
      output.subarray(0, splice.at),
      input.subarray(splice.start, splice.end),
      output.subarray(splice.at),
    ]);
    expect(spliced.equals(Buffer.concat(whole.chunks))).toBe(true);
    expect(splice.crc32).toBe(crc32(spliced));
    expect(streamed.actions).toEqual(whole.actions);
    expect(streamed.mapping).toEqual(whole.mapping);
    for (const chunk of streamed.chunks) expect(reply.transfer).toContain(chunk.buffer);
  });

  it('computes no CRC unless asked (a folder needs none)', async () => {
    const file = new File([readFileSync(corpusFile(CT_SMALL))], 'x.dcm');
    const streamed = written((await (await deidJob({ streamAboveBytes: 0 }, false))(file)).result);
    expect(streamed.splice).toBeDefined();
    expect(streamed.splice!.crc32).toBeUndefined();
  });

  it('reads a deflated file whole, whatever its size', async () => {
    const file = new File([readFileSync(corpusFile(DEFLATED))], 'x.dcm');
    const whole = written((await (await deidJob({}, true))(file)).result);
    const streamed = written((await (await deidJob({ streamAboveBytes: 0 }, true))(file)).result);
    expect(streamed.splice).toBeUndefined();
    expect(Buffer.concat(streamed.chunks).equals(Buffer.concat(whole.chunks))).toBe(true);
  });
});

describe('files over 2 GiB', () => {
  it('are de-identified with the memory of their header, not refused', async () => {
    const big = path.join(work, 'big.dcm');
    const imageStart = makeLargeDicom(big, 2.5 * GIB, [0, 2 * GIB]);
    const file = new File([await openAsBlob(big)], 'big.dcm');
    const before = process.memoryUsage().arrayBuffers;
    const result = written((await (await deidJob({}, false))(file)).result);
    // The element starts 12 bytes (tag, VR, length) before its value.
    expect(result.splice).toMatchObject({ start: imageStart - 12, end: file.size });
    expect(total(result.chunks)).toBeLessThan(64 * 1024);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
    expect(Buffer.concat(result.chunks).includes('CompressedSamples')).toBe(false);
  });

  it('are refused with a reason when they must be read whole (deflated)', async () => {
    const big = path.join(work, 'deflated.dcm');
    makeLargeDeflated(big, 2.5 * GIB);
    const file = new File([await openAsBlob(big)], 'deflated.dcm');
    expect((await (await deidJob({}, true))(file)).result).toEqual({
      status: 'failed',
      reason: TOO_LARGE,
    });
  });

  it('are refused with a reason in a NIfTI run, which reads every file whole', async () => {
    const big = path.join(work, 'nifti.dcm');
    makeLargeDicom(big, 2.5 * GIB, []);
    const file = new File([await openAsBlob(big)], 'nifti.dcm');
    const nifti = await createNiftiHandler(
      { spec: SPEC, key: KEY, wantMapping: false, compress: true },
      () => Promise.reject(new Error('dcm2niix is not needed for a file that cannot be read')),
    );
    const { result } = await nifti(file);
    expect(result.entries).toEqual([
      { kind: 'own', result: { status: 'failed', reason: TOO_LARGE }, note: '' },
    ]);
  });
});
