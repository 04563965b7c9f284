import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../core/testing/corpus';
import { createJobHandler, describeReadError } from './jobs';

const ctSmall = () =>
  new File([readFileSync(corpusFile('pydicom/src/pydicom/data/test_files/CT_small.dcm'))], 'x');

describe('worker jobs', () => {
  it('scans a header from the File itself', async () => {
    const scan = await createJobHandler({ kind: 'scan', hooks: {} });
    const { result, transfer } = await scan(ctSmall());
    expect(result).toMatchObject({ status: 'dicom', summary: { modality: 'CT' } });
    expect(transfer).toEqual([]);
  });

  it('de-identifies a File and hands back movable buffers that hold the output', async () => {
    const deid = await createJobHandler({
      kind: 'deid',
      spec: { base: 'basic', options: [] },
      key: new Uint8Array(32).fill(1),
      wantMapping: false,
      wantCrc: false,
      hooks: {},
    });
    const { result, transfer } = await deid(ctSmall());
    expect(result.status).toBe('written');
    if (result.status !== 'written') return;
    expect(result.mapping).toBeUndefined();
    expect(result.actions.removed).toBeGreaterThan(0);
    // Every chunk lives in a buffer that is moved, so nothing is copied on the way back.
    for (const chunk of result.chunks) expect(transfer).toContain(chunk.buffer);
  });

  it('refuses a profile the engine refuses, before any file', async () => {
    await expect(
      createJobHandler({
        kind: 'deid',
        spec: { base: 'basic', options: ['no-such-option' as never] },
        key: new Uint8Array(32),
        wantMapping: false,
        wantCrc: false,
        hooks: {},
      }),
    ).rejects.toThrow();
  });

  it('says why a file could not be read in words, never with its name', () => {
    expect(describeReadError(new DOMException('x', 'NotFoundError'))).toBe(
      'it was moved or deleted after it was chosen',
    );
    expect(describeReadError(new DOMException('/home/DOE/x.dcm', 'NotReadableError'))).not.toMatch(
      /DOE/,
    );
    expect(describeReadError('?')).toBe('the browser could not read it');
  });
});

describe('worker jobs on unreadable files', () => {
  it('fail the scan of a file the browser cannot read, with a reason', async () => {
    const scan = await createJobHandler({ kind: 'scan', hooks: {} });
    const vanished = {
      size: 1000,
      name: 'x',
      slice: () => ({
        arrayBuffer: () => Promise.reject(new DOMException('gone', 'NotFoundError')),
      }),
    } as unknown as File;
    expect((await scan(vanished)).result).toEqual({
      status: 'failed',
      reason: 'cannot be read: it was moved or deleted after it was chosen',
    });
  });
});
