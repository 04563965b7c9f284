/**
 * The preview in workers: what it shows is what the run saves (same profile and key give the
 * same bytes), the buffers move, and previews asked for and dropped do not pile up.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../../core/testing/corpus';
import { createJobHandler } from '../../worker/jobs';
import { InProcessWorker } from '../../worker/testing/inProcessWorker';
import { PreviewRunner } from './previewFiles';
import type { InputFile, PreviewOptions } from './types';

const CT_SMALL = 'pydicom/src/pydicom/data/test_files/CT_small.dcm';
const MR_SMALL = 'pydicom/src/pydicom/data/test_files/MR_small.dcm';
const OPTIONS: PreviewOptions = { spec: { base: 'basic', options: [] }, key: new Uint8Array(32) };

const input = (relative: string, name = relative): InputFile => ({
  file: new File([readFileSync(corpusFile(relative))], name),
  path: name,
});

describe('the preview job', () => {
  it('gives the bytes the de-identification job saves, with the original and the rows', async () => {
    const spec = { base: 'basic' as const, options: ['retain-safe-private' as const] };
    const key = new Uint8Array(32).fill(3);
    const file = input(CT_SMALL).file;
    const preview = await createJobHandler({ kind: 'preview', spec, key, hooks: {} });
    const deid = await createJobHandler({
      kind: 'deid',
      spec,
      key,
      wantMapping: false,
      wantCrc: false,
      hooks: {},
    });
    const shown = await preview(file);
    const saved = await deid(file);
    if (shown.result.status !== 'written' || saved.result.status !== 'written') {
      throw new Error('not written');
    }
    expect(Buffer.from(shown.result.deidentified)).toEqual(Buffer.concat(saved.result.chunks));
    expect(Buffer.from(shown.result.original)).toEqual(readFileSync(corpusFile(CT_SMALL)));
    const name = shown.result.rows.find((r) => r.path === '(0010,0010)');
    expect(name).toMatchObject({ originalText: 'CompressedSamples^CT1', action: 'replaced' });
    // Both files travel by moving their buffers.
    expect(shown.transfer).toContain(shown.result.original.buffer);
    expect(shown.transfer).toContain(shown.result.deidentified.buffer);
  });

  it('says why a file is not written instead of showing it', async () => {
    const preview = await createJobHandler({ kind: 'preview', ...OPTIONS, hooks: {} });
    const text = new File(['not dicom at all'], 'notes.txt');
    const { result } = await preview(text);
    expect(result.status).toBe('skipped');
  });
});

describe('PreviewRunner', () => {
  function runner() {
    let workers = 0;
    const previews = new PreviewRunner({
      createWorker: () => {
        workers += 1;
        return new InProcessWorker();
      },
      timeoutMs: () => 60_000,
      locks: null,
    });
    return { previews, workers: () => workers };
  }

  it('keeps its worker while the options stay, and starts another when they change', async () => {
    const { previews, workers } = runner();
    const signal = new AbortController().signal;
    const first = await previews.preview(input(CT_SMALL), OPTIONS, signal);
    await previews.preview(input(MR_SMALL), OPTIONS, signal);
    expect(workers()).toBe(1);
    const otherKey = { ...OPTIONS, key: new Uint8Array(32).fill(1) };
    const second = await previews.preview(input(CT_SMALL), otherKey, signal);
    expect(workers()).toBe(2);
    if (first.status !== 'written' || second.status !== 'written') throw new Error('not written');
    const uid = (rows: typeof first.rows) => rows.find((r) => r.path === '(0008,0018)')?.newText;
    expect(uid(first.rows)).not.toBe(uid(second.rows));
    previews.close();
  });

  it('never starts a preview whose signal aborted while it waited', async () => {
    const { previews } = runner();
    const started: string[] = [];
    const watched = (relative: string, name: string): InputFile => {
      const { file } = input(relative, name);
      const spy = new Proxy(file, {
        get(target, property) {
          if (property === 'arrayBuffer') started.push(name);
          const value = Reflect.get(target, property, target) as unknown;
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      return { file: spy, path: name };
    };
    const dropped = new AbortController();
    const a = previews.preview(watched(CT_SMALL, 'a'), OPTIONS, new AbortController().signal);
    const b = previews.preview(watched(MR_SMALL, 'b'), OPTIONS, dropped.signal);
    const c = previews.preview(watched(MR_SMALL, 'c'), OPTIONS, new AbortController().signal);
    dropped.abort(new DOMException('replaced', 'AbortError'));
    await expect(b).rejects.toThrow('replaced');
    expect((await a).status).toBe('written');
    expect((await c).status).toBe('written');
    expect(started).toEqual(['a', 'c']);
    previews.close();
  });

  it('fails a file the browser listed but would not open, without a worker', async () => {
    const { previews, workers } = runner();
    const result = await previews.preview(
      { file: new File([], 'x'), path: 'x', unreadable: 'it was moved' },
      OPTIONS,
      new AbortController().signal,
    );
    expect(result).toEqual({ status: 'failed', reason: 'it was moved' });
    expect(workers()).toBe(0);
  });
});
