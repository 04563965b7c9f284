/**
 * The page's pipeline (session: scan, run, re-run, mapping tables) run in Node with in-process
 * workers on the whole shared corpus, its outputs compared byte for byte (by fingerprint) with
 * the list in outputHashes.json: the zip or folder, what the done screen shows of every file,
 * and the mapping tables. A refactor must leave it passing; a deliberate change of outputs
 * regenerates the list (core/testing/outputHashes.ts says how). Nothing saved holds a time:
 * only the names of downloads do (dicomanon-YYYYMMDD-HHMM), and those are left out.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { LeftoverRule } from '../../core/deid/api';
import { leftoverKey, placeOf } from '../../core/deid/leftovers';
import { corpusFiles, relativeToCorpus } from '../../core/testing/corpus';
import {
  fingerprint,
  fingerprintZip,
  storedHashes,
  type RunHashes,
} from '../../core/testing/outputHashes';
import { loadNodeDcm2niix } from '../../node/nodeDcm2niix';
import { createJobHandler, type JobHandler } from '../../worker/jobs';
import { createNiftiHandler } from '../../worker/niftiJob';
import type { WorkerJob } from '../../worker/protocol';
import { InProcessWorker } from '../../worker/testing/inProcessWorker';
import { directorySaver } from './saveDirectory';
import { zipToStream } from './saveZipFile';
import { createSession } from './session';
import { MemoryFolder } from './testing/memoryFolder';
import type { InputFile, OutputFormat, RunSummary, ScanResult, Session } from './types';

const LIST = fileURLToPath(new URL('./outputHashes.json', import.meta.url));
const never = new AbortController().signal;
const KEY = new Uint8Array(32).fill(7);

let corpus: InputFile[] | undefined;
function inputs(): InputFile[] {
  corpus ??= corpusFiles().map((file) => ({
    file: new File([readFileSync(file)], path.basename(file)),
    path: `corpus/${relativeToCorpus(file)}`,
  }));
  return corpus;
}

function niftiWorker(): () => InProcessWorker {
  let dcm2niix: ReturnType<typeof loadNodeDcm2niix> | undefined;
  const create = (job: WorkerJob): Promise<JobHandler> =>
    job.kind === 'nifti'
      ? (createNiftiHandler(job, () => (dcm2niix ??= loadNodeDcm2niix())) as Promise<JobHandler>)
      : createJobHandler(job);
  return () => new InProcessWorker(0, create);
}

/** A session saving zips and downloads in memory, and folders into `folder`. */
function testSession(folder = new MemoryFolder()) {
  const zip: Uint8Array[] = [];
  const downloads: Array<Promise<Uint8Array>> = [];
  const session = createSession({
    createWorker: () => new InProcessWorker(),
    createNiftiWorker: niftiWorker(),
    workers: 2,
    download: (blob) => void downloads.push(blob.arrayBuffer().then((b) => new Uint8Array(b))),
    openSaver: async (target) =>
      target.kind === 'directory-picker'
        ? directorySaver(folder)
        : zipToStream(new WritableStream({ write: (chunk) => void zip.push(chunk.slice()) })),
  });
  return { session, zip: () => Buffer.concat(zip), downloads, folder };
}

/** Scans every input, then runs every DICOM input of it (every series selected). */
async function scanAndRun(
  session: Session,
  base: 'basic' | 'legacy',
  format: OutputFormat,
  save: 'file-picker' | 'directory-picker',
): Promise<RunSummary> {
  const files = inputs();
  const scanned: ScanResult[] = [];
  await session.scan(files, (result) => scanned.push(result), never);
  const include = scanned.filter((r) => r.kind === 'dicom').map((r) => r.index);
  return session.run(
    files,
    {
      spec: { base, options: [] },
      format,
      key: KEY,
      include: include.sort((a, b) => a - b),
      save: { kind: save },
      wantMapping: true,
    },
    () => {},
    never,
  );
}

/** What the done screen shows of every file, and the mapping tables the session downloads. */
async function summaryAndMapping(
  prefix: string,
  summary: RunSummary,
  { session, downloads }: ReturnType<typeof testSession>,
): Promise<RunHashes> {
  const hashes: RunHashes = {
    [`${prefix}summary`]: fingerprint(JSON.stringify(summary)),
    [`${prefix}(written)`]: String(summary.written),
    [`${prefix}(quarantined)`]: String(summary.quarantined),
  };
  await session.saveMapping();
  const mapping = unzipSync((await Promise.all(downloads)).at(-1)!);
  for (const [name, bytes] of Object.entries(mapping))
    hashes[`${prefix}mapping/${name}`] = fingerprint(bytes);
  return hashes;
}

function folderHashes(folder: MemoryFolder, prefix: string): RunHashes {
  const hashes: RunHashes = {};
  const walk = (at: MemoryFolder, relative: string): void => {
    for (const [name, chunks] of [...at.files].sort(([a], [b]) => (a < b ? -1 : 1)))
      hashes[`${prefix}${relative}${name}`] = fingerprint(Buffer.concat(chunks));
    for (const [name, sub] of [...at.folders].sort(([a], [b]) => (a < b ? -1 : 1)))
      walk(sub, `${relative}${name}/`);
  };
  walk(folder, '');
  return hashes;
}

/** One rule per kind of finding of the summary, each cut out. */
function cutEverything(summary: RunSummary): LeftoverRule[] {
  const rules = new Map<string, LeftoverRule>();
  for (const result of summary.results)
    for (const f of result.findings ?? [])
      rules.set(leftoverKey(f), {
        place: placeOf(f.path),
        kind: f.kind,
        source: f.source,
        fix: 'cut',
      });
  return [...rules.values()];
}

function check(run: string, actual: RunHashes): void {
  expect(Object.keys(actual).length).toBeGreaterThan(3);
  expect(actual).toEqual(storedHashes(LIST, run, actual));
}

describe('the page writes the same bytes as when the list was made', () => {
  it('dicom basic, into a zip', async () => {
    const test = testSession();
    const summary = await scanAndRun(test.session, 'basic', 'dicom', 'file-picker');
    check('dicom basic zip', {
      ...fingerprintZip(test.zip(), 'zip/'),
      ...(await summaryAndMapping('', summary, test)),
    });
    test.session.dispose();
  }, 180_000);

  it('dicom legacy into a folder, then its quarantined files re-run with fixes', async () => {
    const test = testSession();
    const first = await scanAndRun(test.session, 'legacy', 'dicom', 'directory-picker');
    expect(first.quarantined).toBeGreaterThan(0);
    const before = folderHashes(test.folder, 'run/folder/');
    const hashes = { ...before, ...(await summaryAndMapping('run/', first, test)) };
    const include = first.results.filter((r) => r.status === 'quarantined').map((r) => r.index);
    const fixes = cutEverything(first);
    const rerun = await test.session.rerun(inputs(), { fixes, include }, () => {}, never);
    Object.assign(hashes, folderHashes(test.folder, 'rerun/folder/'));
    Object.assign(hashes, await summaryAndMapping('rerun/', rerun, test));
    check('dicom legacy folder and re-run', hashes);
    test.session.dispose();
  }, 180_000);

  it('nifti, into a zip', async () => {
    const test = testSession();
    const summary = await scanAndRun(test.session, 'basic', 'nifti', 'file-picker');
    check('nifti zip', {
      ...fingerprintZip(test.zip(), 'zip/'),
      ...(await summaryAndMapping('', summary, test)),
    });
    test.session.dispose();
  }, 180_000);
});
