import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusFiles, relativeToCorpus, SHARED_DATA } from '../../core/testing/corpus';
import { InProcessWorker } from '../../worker/testing/inProcessWorker';
import type { RunDeps } from './runDeps';
import { runFiles } from './runFiles';
import type { OutputSaver } from './saver';
import { zipToStream } from './saveZipFile';
import { scanFiles } from './scanFiles';
import type { InputFile, RunOptions, ScanResult } from './types';

const work = mkdtempSync(path.join(tmpdir(), 'dicomanon-run-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A slice of the corpus: DICOM of several kinds, non-DICOM files and broken files. */
function corpusInputs(): InputFile[] {
  const all = corpusFiles().filter((f) => !f.includes('/dcm_qa'));
  const picked = all.filter((_, i) => i % 9 === 0).slice(0, 80);
  for (const name of ['MR_truncated.dcm', 'README.txt', 'CT_small.dcm']) {
    picked.push(all.find((f) => f.endsWith(`/${name}`))!);
  }
  return picked.map((file) => ({
    file: new File([readFileSync(file)], path.basename(file)),
    path: `Doe, John 1970/${relativeToCorpus(file)}`,
  }));
}

/** A saver that collects the zip in memory, as the file picker's stream would receive it. */
function collectingSaver() {
  const parts: Uint8Array[] = [];
  const stream = new WritableStream<Uint8Array>({
    write: (chunk) => void parts.push(chunk.slice()),
  });
  const saver = zipToStream(stream);
  return { saver, bytes: () => Buffer.concat(parts) };
}

function deps(workers: number, saver: OutputSaver, scanned = new Map<File, ScanResult>()): RunDeps {
  return {
    createWorker: () => new InProcessWorker(5),
    workers,
    hooks: {},
    timeoutMs: () => 60_000,
    scanned,
    version: 'test',
    now: () => new Date(2025, 0, 31, 14, 5),
    openSaver: async () => saver,
    locks: null,
  };
}

const options = (files: InputFile[], include = files.map((_, i) => i)): RunOptions => ({
  spec: { base: 'basic', options: [] },
  format: 'dicom',
  key: new Uint8Array(32).fill(9),
  include,
  save: { kind: 'file-picker' },
  wantMapping: true,
});

const never = new AbortController().signal;

describe('a run', () => {
  it('gives byte-identical archives with 1 or 4 workers finishing in any order', async () => {
    const files = corpusInputs();
    const one = collectingSaver();
    const a = await runFiles(files, options(files), () => {}, never, deps(1, one.saver));
    const four = collectingSaver();
    const b = await runFiles(files, options(files), () => {}, never, deps(4, four.saver));
    expect(b.summary).toEqual(a.summary);
    expect(four.bytes().equals(one.bytes())).toBe(true);

    // Every input is accounted for, once, and the archive is one unzip reads.
    expect(a.summary.results.map((r) => r.index)).toEqual(files.map((_, i) => i));
    expect(a.summary.written + a.summary.skipped + a.summary.failed).toBe(files.length);
    expect(a.summary.results.find((r) => files[r.index]!.path.endsWith('README.txt'))?.status).toBe(
      'skipped',
    );
    expect(
      a.summary.results.find((r) => files[r.index]!.path.endsWith('MR_truncated.dcm'))?.status,
    ).toBe('failed');
    const zip = path.join(work, 'run.zip');
    writeFileSync(zip, one.bytes());
    execFileSync('unzip', ['-tq', zip]);
    const names = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n');
    const written = a.summary.results.filter((r) => r.status === 'written').map((r) => r.output);
    expect(names).toEqual([...written, 'report.json', 'report.csv']);

    // The reports inside say nothing of where the files came from.
    const report = execFileSync('unzip', ['-p', zip, 'report.json', 'report.csv'], {
      encoding: 'utf8',
    });
    for (const leak of ['Doe', 'John', SHARED_DATA, 'pydicom', 'test_files', 'CompressedSamples']) {
      expect(report).not.toContain(leak);
    }
    expect(
      JSON.parse(execFileSync('unzip', ['-p', zip, 'report.json'], { encoding: 'utf8' })).totals
        .inputs,
    ).toBe(files.length);
    // The mapping tables stay out of the archive, and are there for saveMapping().
    expect(names.some((n) => n.includes('mapping'))).toBe(false);
    expect(a.mapping?.mapping.patientIdCsv()).toMatch(/^id_old,id_new\r\n/);
    expect(a.mapping?.baseName).toBe('dicomanon-20250131-1405');
  });

  it('accounts for files left out: as the scan saw them, or as excluded', async () => {
    const files = corpusInputs();
    const scanned = new Map<File, ScanResult>();
    await scanFiles(files, (r) => scanned.set(files[r.index]!.file, r), never, {
      createWorker: () => new InProcessWorker(),
      workers: 2,
      hooks: {},
      timeoutMs: 60_000,
      locks: null,
    });
    expect(scanned.size).toBe(files.length);
    const dicom = [...scanned.values()].filter((r) => r.kind === 'dicom').map((r) => r.index);
    const include = dicom.slice(0, 5);
    const { saver } = collectingSaver();
    const { summary } = await runFiles(
      files,
      options(files, include),
      () => {},
      never,
      deps(2, saver, scanned),
    );
    expect(summary.results).toHaveLength(files.length);
    for (const result of summary.results) {
      const scan = scanned.get(files[result.index]!.file)!;
      if (include.includes(result.index)) expect(result.status).not.toBe('excluded');
      else if (scan.kind === 'dicom') expect(result.status).toBe('excluded');
      else expect([result.status, result.reason]).toEqual([scan.kind, scan.reason]);
    }
    expect(summary.excluded).toBe(dicom.length - 5);
  });

  it('stops at once when cancelled, with every input still accounted for', async () => {
    const files = corpusInputs();
    const controller = new AbortController();
    const { saver } = collectingSaver();
    let aborted = false;
    let saverAborted = false;
    const progress: number[] = [];
    const running = runFiles(
      files,
      options(files),
      (p) => {
        progress.push(p.filesDone);
        if (p.filesDone === 10 && !aborted) {
          aborted = true;
          controller.abort(new DOMException('cancelled', 'AbortError'));
        }
      },
      controller.signal,
      {
        ...deps(2, saver),
        openSaver: async () => ({ ...saver, abort: async () => void (saverAborted = true) }),
      },
    );
    const { summary } = await running;
    expect(summary.cancelled).toBe(true);
    expect(saverAborted).toBe(true);
    expect(Math.max(...progress)).toBeLessThan(files.length);
    expect(summary.mappingAvailable).toBe(false);
    expect(summary.results).toHaveLength(files.length);
    expect(
      summary.results.filter((r) => r.reason === 'not processed: the run was cancelled').length,
    ).toBeGreaterThan(0);
  });

  it('stops with a plain message when the output cannot be saved', async () => {
    const files = corpusInputs();
    const failing: OutputSaver = {
      write: async () => {
        throw new DOMException('quota', 'QuotaExceededError');
      },
      finish: async () => {},
      abort: async () => {},
    };
    await expect(
      runFiles(files, options(files), () => {}, never, deps(2, failing)),
    ).rejects.toThrow('The output could not be saved: the disk is full.');
  });
});
