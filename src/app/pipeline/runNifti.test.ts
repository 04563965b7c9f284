import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNodeDcm2niix } from '../../node/nodeDcm2niix';
import { SHARED_DATA } from '../../core/testing/corpus';
import { createJobHandler, type JobHandler } from '../../worker/jobs';
import { createNiftiHandler, NOT_AN_IMAGE_NOTE } from '../../worker/niftiJob';
import type { WorkerJob } from '../../worker/protocol';
import { InProcessWorker } from '../../worker/testing/inProcessWorker';
import { planNifti } from './niftiPlan';
import type { RunDeps } from './runDeps';
import { runFiles } from './runFiles';
import { zipToStream } from './saveZipFile';
import { scanFiles } from './scanFiles';
import type { InputFile, RunOptions, ScanResult } from './types';

const work = mkdtempSync(path.join(tmpdir(), 'dicomanon-run-nifti-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const never = new AbortController().signal;

describe('planNifti', () => {
  const file = (name: string) => new File([name], name);
  const dicom = (index: number, study: string, series: string): ScanResult =>
    ({
      kind: 'dicom',
      index,
      size: 1,
      studyInstanceUid: study,
      seriesInstanceUid: series,
    }) as ScanResult;

  it('groups included files by study and series at the first file; decides the rest', () => {
    const files: InputFile[] = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => ({
      file: file(n),
      path: n,
    }));
    files[4] = { ...files[4]!, unreadable: 'gone' };
    const scanned = new Map<File, ScanResult>([
      [files[0]!.file, dicom(0, '1', '1')],
      [files[1]!.file, dicom(1, '1', '2')],
      [files[2]!.file, dicom(2, '1', '1')],
      [files[3]!.file, dicom(3, '2', '1')],
      [files[5]!.file, { kind: 'skipped', index: 5, size: 1, reason: 'not DICOM' }],
    ]);
    const plan = planNifti(files, new Set([0, 1, 2, 3, 4]), scanned);
    expect(plan).toEqual([
      { kind: 'group', indices: [0, 2] },
      { kind: 'group', indices: [1] },
      { kind: 'group', indices: [3] },
      { kind: 'decided', index: 4, status: 'failed' },
      { kind: 'decided', index: 5, status: 'left-out' },
    ]);
  });
});

function niftiWorker(jitterMs: number) {
  let dcm2niix: ReturnType<typeof loadNodeDcm2niix> | undefined;
  const create = (job: WorkerJob): Promise<JobHandler> =>
    job.kind === 'nifti'
      ? (createNiftiHandler(job, () => (dcm2niix ??= loadNodeDcm2niix())) as Promise<JobHandler>)
      : createJobHandler(job);
  return () => new InProcessWorker(jitterMs, create);
}

function inputs(): InputFile[] {
  const ge = path.join(SHARED_DATA, 'dcm_qa_nih/In/20180918GE');
  const picked: string[] = [path.join(ge, 'README-Study.txt')];
  for (const series of ['mr_0004', 'mr_0005'])
    picked.push(...readdirSync(path.join(ge, series)).map((n) => path.join(ge, series, n)));
  picked.splice(5, 0, path.join(SHARED_DATA, 'pydicom/src/pydicom/data/test_files/test-SR.dcm'));
  return picked.map((file) => ({
    file: new File([readFileSync(file)], path.basename(file)),
    path: `Doe^John/${path.relative(SHARED_DATA, file)}`,
  }));
}

async function run(files: InputFile[], workers: number) {
  const scanned = new Map<File, ScanResult>();
  await scanFiles(files, (r) => scanned.set(files[r.index]!.file, r), never, {
    createWorker: () => new InProcessWorker(),
    workers: 2,
    hooks: {},
    timeoutMs: 60_000,
    locks: null,
  });
  const parts: Uint8Array[] = [];
  const saver = zipToStream(
    new WritableStream<Uint8Array>({ write: (chunk) => void parts.push(chunk.slice()) }),
  );
  const deps: RunDeps = {
    createWorker: () => new InProcessWorker(),
    createNiftiWorker: niftiWorker(20),
    workers,
    hooks: {},
    timeoutMs: () => 120_000,
    scanned,
    version: 'test',
    now: () => new Date(2025, 0, 31, 14, 5),
    openSaver: async () => saver,
    locks: null,
  };
  const include = [...scanned.values()].filter((r) => r.kind === 'dicom').map((r) => r.index);
  const options: RunOptions = {
    spec: { base: 'basic', options: [] },
    format: 'nifti',
    key: new Uint8Array(32).fill(9),
    include,
    save: { kind: 'file-picker' },
    wantMapping: true,
  };
  const outcome = await runFiles(files, options, () => {}, never, deps);
  return { outcome, zip: Buffer.concat(parts) };
}

describe('a NIfTI run', () => {
  it('converts each series once, writes non-images as DICOM, same bytes with 1 or 3 workers', async () => {
    const files = inputs();
    const a = await run(files, 1);
    const b = await run(files, 3);
    expect(b.outcome.summary).toEqual(a.outcome.summary);
    expect(b.zip.equals(a.zip)).toBe(true);

    const { results } = a.outcome.summary;
    expect(results.map((r) => r.index)).toEqual(files.map((_, i) => i));
    const text = results.filter((r) => files[r.index]!.path.endsWith('.txt'));
    expect(text).toHaveLength(3); // the READMEs: skipped, as the scan said
    expect(text.every((r) => r.status === 'skipped')).toBe(true);
    const sr = results[5]!;
    expect(sr.status).toBe('written');
    expect(sr.output).toMatch(/\.dcm$/);
    expect(sr.reason.startsWith(NOT_AN_IMAGE_NOTE)).toBe(true);
    const images = results.filter((r) => r.index !== 5 && !text.includes(r));
    expect(images.every((r) => r.status === 'written' && r.output.endsWith('.nii.gz'))).toBe(true);
    expect(new Set(images.map((r) => r.output)).size).toBe(2);

    const zip = path.join(work, 'nifti.zip');
    writeFileSync(zip, a.zip);
    execFileSync('unzip', ['-tq', zip]);
    const names = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n');
    expect(names.filter((n) => n.endsWith('.nii.gz'))).toHaveLength(2);
    expect(names.filter((n) => n.endsWith('.json'))).toHaveLength(3); // two sidecars, report
    expect(names.slice(-2)).toEqual(['report.json', 'report.csv']);
    const report = JSON.parse(
      execFileSync('unzip', ['-p', zip, 'report.json'], { encoding: 'utf8' }),
    );
    expect(report.output).toBe('nifti');
    expect(report.totals.inputs).toBe(files.length);
    expect(report.files.map((r: { input: string }) => r.input)).toEqual(
      files.map((_, i) => `input-${String(i + 1).padStart(6, '0')}`),
    );
    expect(a.outcome.mapping?.files).toHaveLength(files.length);
  });
});
