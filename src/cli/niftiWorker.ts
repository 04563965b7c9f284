/**
 * Worker thread entry for --nifti (built as dist-cli/nifti-worker.mjs): scans files for their
 * series, converts whole series with dcm2niix (wasm, loaded on the first series), and
 * de-identifies as DICOM the files of series that are not images. Files are read here, so
 * input bytes never cross threads; outputs are moved to the main thread.
 */
import { workerData } from 'node:worker_threads';
import { createDeidentifier } from '../core/deid/deidentifier';
import { packOutcome } from '../core/deid/workerResult';
import { convertSeries } from '../core/nifti/convertSeries';
import type { Dcm2niixRunner } from '../core/nifti/dcm2niix';
import { seriesOf } from '../core/nifti/seriesOf';
import type { StudyValue } from '../core/deid/studyValues';
import { scanHeader } from '../core/scan/scanHeader';
import { loadNodeDcm2niix } from '../node/nodeDcm2niix';
import type {
  NiftiResult,
  NiftiTask,
  NiftiWorkerData,
  ScanResult,
  SeriesResult,
} from './niftiProtocol';
import { nodeKeyedHash } from '../node/nodeKeyedHash';
import { nodePixelTools } from './nodePixelTools';
import { lossyBaseName, type InputPath } from './inputPath';
import { serveTasks, type TaskReply } from './poolWorker';
import { readInput } from './readInput';
import { applyTestHooks } from './testHooks';

const data = workerData as NiftiWorkerData;
const hash = nodeKeyedHash(data.key);
const tools = data.spec.pixels?.clean ? await nodePixelTools() : undefined;
const deidentifier = createDeidentifier(data.spec, hash, tools);
const pixels = tools ? { tools, hash } : undefined;
let dcm2niix: Promise<Dcm2niixRunner> | undefined;

serveTasks<NiftiTask, NiftiResult>(async (task): Promise<TaskReply<NiftiResult>> => {
  switch (task.kind) {
    case 'scan': {
      applyTestHooks(data.testHooks, lossyBaseName(task.path));
      const bytes = readInput(task.path);
      if (typeof bytes === 'string')
        return { result: { kind: 'scan', result: { status: 'failed', reason: bytes } } };
      return { result: { kind: 'scan', result: await scan(bytes) } };
    }
    case 'dicom': {
      applyTestHooks(data.testHooks, lossyBaseName(task.path));
      const bytes = readInput(task.path);
      if (typeof bytes === 'string')
        return { result: { kind: 'dicom', result: { status: 'failed', reason: bytes } } };
      const context = task.studyValues?.length ? { studyValues: task.studyValues } : {};
      const outcome = await deidentifier.deidentify(bytes, context);
      const packed = packOutcome(outcome, bytes, data.wantMapping);
      return { result: { kind: 'dicom', result: packed.result }, transfer: packed.transfer };
    }
    case 'series': {
      const result = await convert(task.paths, task.studyValues ?? []);
      const transfer =
        result.status === 'converted'
          ? result.files.flatMap((file) => file.chunks.map((chunk) => chunk.buffer as ArrayBuffer))
          : [];
      return { result: { kind: 'series', result }, transfer: [...new Set(transfer)] };
    }
  }
});

/**
 * The series of a file and, from the bytes already read, the header scan that --dicom and the
 * app make for study values: the same function, so that the same values are collected.
 */
async function scan(bytes: Uint8Array): Promise<ScanResult> {
  const series = seriesOf(bytes);
  if (series.status !== 'dicom') return series;
  const header = await scanHeader(async (length) => bytes.subarray(0, length), bytes.length);
  return header.status === 'dicom'
    ? { ...series, studyKey: header.summary.studyKey, studyValues: header.summary.studyValues }
    : { ...series, studyKey: '', studyValues: [] };
}

async function convert(
  paths: readonly InputPath[],
  studyValues: readonly StudyValue[],
): Promise<SeriesResult> {
  const unreadable: Array<readonly [number, string]> = [];
  const files: Uint8Array[] = [];
  paths.forEach((file, i) => {
    const bytes = readInput(file);
    if (typeof bytes === 'string') unreadable.push([i, bytes]);
    else files.push(bytes);
  });
  if (files.length === 0) return { status: 'failed', reason: 'no file could be read', unreadable };
  dcm2niix ??= loadNodeDcm2niix();
  const outcome = await convertSeries(
    files,
    { dcm2niix: await dcm2niix, deidentifier, spec: data.spec, pixels },
    { compress: data.compress },
    { studyValues },
  );
  if (outcome.status !== 'converted')
    return { status: outcome.status, reason: outcome.reason, unreadable };
  return {
    status: 'converted',
    files: outcome.files,
    usedFiles: outcome.usedFiles,
    givenFiles: files.length,
    notes: outcome.notes,
    mapping: data.wantMapping ? outcome.mapping : undefined,
    unreadable,
  };
}
