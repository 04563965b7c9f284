/**
 * The pipeline behind the UI (the Session contract in types.ts): scans and runs in Web Workers,
 * saving, and the mapping tables of the last run. One session per page. Each scan or run has
 * its own worker pool, made when it starts and stopped when it ends, so that nothing keeps
 * memory or threads between them and a cancel can simply terminate every worker.
 */
import { version } from '../../../package.json';
import { StudyValueIndex, type StudyValue } from '../../core/deid/studyValues';
import { fileMappingCsv } from '../../core/report/mapping';
import { ZipStreamWriter } from '../../core/zip/zipStreamWriter';
import type { PixelAssets } from '../../worker/pixelAssets';
import type { WorkerLike } from '../../worker/pool';
import { spawnDeidWorker, spawnNiftiWorker } from '../../worker/spawn';
import { linkedController } from './abortable';
import { downloadBlob } from './download';
import { rerunFiles, type RerunBase } from './rerunFiles';
import { defaultRunDeps, type RunDeps, type RunMapping } from './runDeps';
import { runFiles } from './runFiles';
import { PreviewRunner } from './previewFiles';
import type { OutputSaver } from './saver';
import { scanFiles } from './scanFiles';
import { defaultWorkerCount } from './workerCount';
import { readTestHooks } from './testHooks';
import type { PreviewResult } from '../../core/deid/previewResult';
import type {
  InputFile,
  PreviewOptions,
  Progress,
  RerunRequest,
  RunOptions,
  RunSummary,
  ScanResult,
  Session,
} from './types';

export interface SessionOptions {
  readonly createWorker?: () => WorkerLike;
  /** Workers with dcm2niix, for NIfTI output. */
  readonly createNiftiWorker?: () => WorkerLike;
  readonly workers?: number;
  /** Clean Pixel Data's bytes for the workers; default the page's inlined copy. */
  readonly pixelAssets?: () => Promise<PixelAssets>;
  readonly openSaver?: RunDeps['openSaver'];
  readonly download?: (blob: Blob, fileName: string) => void;
}

export { defaultWorkerCount } from './workerCount';

/** Two minutes per file, more for large ones (a slow disk at 10 MB/s). */
export function fileTimeoutMs(file: File): number {
  return 120_000 + Math.ceil(file.size / 10_000);
}

const SCAN_TIMEOUT_MS = 60_000;

/**
 * The page's inlined copy, imported when first asked for: a page that never cleans never turns
 * the strings into bytes (inlinedPixelAssets.ts).
 */
const pageAssets = async (): Promise<PixelAssets> =>
  (await import('../../worker/inlinedPixelAssets')).inlinedPixelAssets();

export function createSession(options: SessionOptions = {}): Session {
  return new PipelineSession(options);
}

class PipelineSession implements Session {
  private readonly createWorker: () => WorkerLike;
  private readonly workers: number;
  private readonly pixelAssets: () => Promise<PixelAssets>;
  /** What the last scan said of each file, to account for files left out of a run. */
  private scanned = new Map<File, ScanResult>();
  /** The identifying values of each study the last scan found, for every file of it. */
  private studies = new StudyValueIndex();
  private mapping: RunMapping | undefined;
  /** What a re-run of the last DICOM run's quarantined files goes on from. */
  private lastRun: RerunBase | undefined;
  private readonly operations = new Set<AbortController>();
  private disposed = false;
  private readonly previews: PreviewRunner;

  constructor(private readonly options: SessionOptions) {
    this.createWorker = options.createWorker ?? spawnDeidWorker;
    this.workers = options.workers ?? defaultWorkerCount();
    this.pixelAssets = options.pixelAssets ?? pageAssets;
    this.previews = new PreviewRunner({
      createWorker: this.createWorker,
      timeoutMs: fileTimeoutMs,
      pixelAssets: this.pixelAssets,
    });
  }

  async scan(
    files: readonly InputFile[],
    onResult: (result: ScanResult) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const scanned = new Map<File, ScanResult>();
    const studies = new StudyValueIndex();
    // A re-run needs the study values its run had: a new scan ends that run.
    this.forgetRun();
    this.scanned = scanned;
    this.studies = studies;
    await this.withOperation(signal, (inner) =>
      scanFiles(
        files,
        (result, studyValues) => {
          scanned.set(files[result.index]!.file, result);
          if (result.kind === 'dicom') studies.add(result.studyKey, studyValues);
          onResult(result);
        },
        inner,
        {
          createWorker: this.createWorker,
          workers: this.workers,
          // Test hooks are for runs: the scan lets the test's files through.
          hooks: {},
          timeoutMs: SCAN_TIMEOUT_MS,
        },
      ),
    );
  }

  async run(
    files: readonly InputFile[],
    options: RunOptions,
    onProgress: (progress: Progress) => void,
    signal: AbortSignal,
  ): Promise<RunSummary> {
    // The mapping of an earlier run must not outlive the next one, whatever becomes of it.
    this.forgetRun();
    this.previews.close();
    const deps = this.runDeps();
    // The saver the run opens, kept for a re-run into the same folder.
    let opened: { saver: OutputSaver; baseName: string } | undefined;
    const outcome = await this.withOperation(signal, (inner) =>
      runFiles(files, options, onProgress, inner, {
        ...deps,
        openSaver: async (target, baseName) => {
          const saver = await deps.openSaver(target, baseName);
          opened = { saver, baseName };
          return saver;
        },
      }),
    );
    this.mapping = outcome.mapping;
    if (options.format === 'dicom' && outcome.recorder && opened && !outcome.summary.cancelled) {
      this.lastRun = { options, ...opened, recorder: outcome.recorder, fixes: [], archives: [] };
    }
    return outcome.summary;
  }

  async rerun(
    files: readonly InputFile[],
    request: RerunRequest,
    onProgress: (progress: Progress) => void,
    signal: AbortSignal,
  ): Promise<RunSummary> {
    const base = this.lastRun;
    if (!base) throw new Error('There is no run to go on from: start again.');
    this.previews.close();
    const { outcome, base: next } = await this.withOperation(signal, (inner) =>
      rerunFiles(files, base, request, onProgress, inner, this.runDeps()),
    );
    // Only a re-run that finished changes what the run is; a cancelled one leaves it.
    if (this.lastRun === base) this.lastRun = next;
    if (!outcome.summary.cancelled) this.mapping = outcome.mapping;
    return outcome.summary;
  }

  forgetRun(): void {
    this.mapping = undefined;
    this.lastRun = undefined;
  }

  private runDeps(): RunDeps {
    const hooks = readTestHooks();
    return {
      ...defaultRunDeps,
      ...(this.options.openSaver ? { openSaver: this.options.openSaver } : {}),
      createWorker: this.createWorker,
      createNiftiWorker: this.options.createNiftiWorker ?? spawnNiftiWorker,
      workers: this.workers,
      pixelAssets: this.pixelAssets,
      hooks,
      timeoutMs: (file) => hooks.fileTimeoutMs ?? fileTimeoutMs(file),
      scanned: this.scanned,
      studyValuesOf: (file) => this.studyValuesOf(file),
      version,
    };
  }

  preview(file: InputFile, options: PreviewOptions, signal: AbortSignal): Promise<PreviewResult> {
    const studyValues = this.studyValuesOf(file.file);
    return this.withOperation(signal, (inner) =>
      this.previews.preview(file, options, inner, studyValues),
    );
  }

  private studyValuesOf(file: File): StudyValue[] {
    const scanned = this.scanned.get(file);
    return scanned?.kind === 'dicom' ? this.studies.valuesOf(scanned.studyKey) : [];
  }

  /**
   * The mapping tables of the last run as one small zip, downloaded: uid_mapping.csv,
   * patid_mapping.csv (id_old,id_new) and file_mapping.csv (which input file each input id
   * is). Never part of the output: they re-identify it.
   */
  async saveMapping(): Promise<void> {
    const mapping = this.mapping;
    if (!mapping) {
      throw new Error('There are no mapping tables: ask for them before starting the run.');
    }
    const parts: Blob[] = [];
    const zip = new ZipStreamWriter(
      (chunk) => void parts.push(new Blob([chunk as Uint8Array<ArrayBuffer>])),
    );
    const encoder = new TextEncoder();
    await zip.addFile('uid_mapping.csv', encoder.encode(mapping.mapping.uidCsv()));
    await zip.addFile('patid_mapping.csv', encoder.encode(mapping.mapping.patientIdCsv()));
    await zip.addFile('file_mapping.csv', encoder.encode(fileMappingCsv(mapping.files)));
    await zip.finish();
    const download = this.options.download ?? downloadBlob;
    download(new Blob(parts, { type: 'application/zip' }), `${mapping.baseName}-mapping.zip`);
  }

  dispose(): void {
    this.disposed = true;
    for (const operation of this.operations)
      operation.abort(new DOMException('disposed', 'AbortError'));
    this.operations.clear();
    this.previews.close();
    this.forgetRun();
    this.scanned = new Map();
    this.studies = new StudyValueIndex();
  }

  /** Runs `work` under a signal that the caller's signal and dispose() both abort. */
  private async withOperation<T>(signal: AbortSignal, work: (inner: AbortSignal) => Promise<T>) {
    if (this.disposed) throw new Error('This session was closed.');
    const controller = linkedController(signal);
    this.operations.add(controller);
    try {
      return await work(controller.signal);
    } finally {
      this.operations.delete(controller);
    }
  }
}
