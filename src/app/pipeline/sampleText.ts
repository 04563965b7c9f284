/**
 * Samples image series for burned-in text, for the review screen (issue 16): many devices never
 * say in the header that text is burned in, so after the header scan each image series is
 * searched by the detector Clean Pixel Data uses, in workers, in the background.
 *
 * CONTRACT (for src/app):
 *
 *   sampleSeriesForText(files, signal?) → Promise<SeriesTextSample>
 *
 * - `files`: the File handles of ONE series, in series order (the InputFile.file of a
 *   SeriesNode's fileIndexes). The first, middle and last of them are read (one, two or three
 *   files); in each, the first, middle and last frame are decoded (a single-frame file: its
 *   frame) and searched by the text detector (not in frames with a side under 128 px, as in
 *   the run): boxes are where text LOOKS to be, the same boxes the run's detector would start
 *   from (cleanPixels.ts). The OCR then reads those frames, until a word in a box reads as text
 *   (ocr/readsAsText.ts): the detector alone boxes anatomy on CT and MR. Nothing is fetched.
 * - Resolves to a SeriesTextSample (below); it never rejects for a bad file (that file goes to
 *   `problems`). It rejects only with the signal's reason when `signal` aborts (an AbortError
 *   by default); a call aborted before its turn never reads anything.
 * - `textFound` is true when any sampled frame has a box; `textRead` says what the OCR made of
 *   them (TextRead: 'text' when a box of any file read as text, 'unread' when some file's boxes
 *   could not be read, else 'nothing'). `rows`/`columns`/`frames` are those of
 *   the first sampled file that had an image (0 when none had one: a series of reports, say).
 * - Box coordinates are pixels of the frame (x right, y down from the top-left pixel), the
 *   coordinates of a RegionBox in a pixel regions file (src/core/pixels/regions).
 * - Calls may be made for every series at once: they share one small pool of workers (at most
 *   TEXT_SAMPLE_WORKERS), started on the first call and stopped IDLE_MS after the last call ends,
 *   or at once by stopTextSampling() (call it when a run starts: the run needs the memory).
 *   Each sample worker holds the image decoders (a few MB), and the OCR (55–150 MB) once a
 *   sampled frame had a box to read.
 * - No text, header value or file name is ever part of the answer.
 */
import type { WorkerLike } from '../../worker/pool';
import { WorkerPool, type LockManagerLike } from '../../worker/pool';
import type { SampleAssets } from '../../worker/pixelAssets';
import type { FileTextSample, SampledBox, TextRead } from '../../worker/sampleJob';
import { untilAborted } from './abortable';

export type { SampledBox, TextRead } from '../../worker/sampleJob';

/** What the detector found in one sampled frame. */
export interface SampledFrameBoxes {
  /** Index into the `files` given (0 = the series' first file). */
  readonly file: number;
  /** Zero-based frame index within that file. */
  readonly frame: number;
  readonly rows: number;
  readonly columns: number;
  /** Empty when nothing looked like text in this frame. */
  readonly boxes: readonly SampledBox[];
}

export interface SeriesTextSample {
  readonly textFound: boolean;
  readonly textRead: TextRead;
  readonly rows: number;
  readonly columns: number;
  readonly frames: number;
  /** One entry per decoded frame, in file then frame order. */
  readonly boxes: readonly SampledFrameBoxes[];
  /** Sampled files that could not be searched: not DICOM, unreadable, not decodable. */
  readonly problems: readonly { readonly file: number; readonly reason: string }[];
}

/** Two at most: sampling runs beside the user's review and must not take the machine. */
export const TEXT_SAMPLE_WORKERS = 2;

/**
 * Workers for sampling: TEXT_SAMPLE_WORKERS at most, with one processor left to the page and
 * its preview. On two cores, two workers reading frames with the OCR kept Firefox's preview of
 * a file waiting over 30 seconds.
 */
export function sampleWorkerCount(cores = globalThis.navigator?.hardwareConcurrency ?? 2): number {
  return Math.max(1, Math.min(TEXT_SAMPLE_WORKERS, Math.floor(cores) - 1));
}
/** The pool ends this long after the last sample, so that a page left open holds no workers. */
export const IDLE_MS = 30_000;
/** A sample reads up to three files whole and decodes three frames of each. */
const FILE_TIMEOUT_MS = 120_000;

export interface TextSamplerDeps {
  readonly createWorker: () => WorkerLike;
  /** The decoders' and the OCR's bytes (the page's inlined copy, inlinedPixelAssets.ts). */
  readonly assets: () => Promise<SampleAssets>;
  readonly workers: number;
  /** Web Locks for the pool (tests pass null); default navigator.locks. */
  readonly locks?: LockManagerLike | null;
  readonly idleMs?: number;
}

/** Which files of a series are read: first, middle, last. */
export function filesToSample(count: number): number[] {
  return count === 0 ? [] : [...new Set([0, Math.floor((count - 1) / 2), count - 1])];
}

/** One pool of sample workers, shared by every call (see the contract above). */
export class TextSampler {
  private pool: Promise<WorkerPool<FileTextSample>> | undefined;
  private running = 0;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: TextSamplerDeps) {}

  async sample(files: readonly File[], signal?: AbortSignal): Promise<SeriesTextSample> {
    signal?.throwIfAborted();
    this.running++;
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    try {
      const work = this.sampleNow(files, signal);
      return await (signal ? untilAborted(work, signal) : work);
    } finally {
      if (--this.running === 0) {
        this.idleTimer = setTimeout(() => this.stop(), this.deps.idleMs ?? IDLE_MS);
      }
    }
  }

  /** Ends the workers now; samples not finished resolve with their files as problems. */
  stop(): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const pool = this.pool;
    this.pool = undefined;
    void pool?.then((p) => p.close('sampling was stopped')).catch(() => {});
  }

  private async sampleNow(files: readonly File[], signal?: AbortSignal) {
    const chosen = filesToSample(files.length);
    const pool = await this.poolNow();
    const answers = await Promise.all(
      chosen.map(async (file) => {
        signal?.throwIfAborted();
        const outcome = await pool.run(files[file]!);
        const result: FileTextSample = outcome.ok
          ? outcome.value
          : { status: 'failed', reason: outcome.reason };
        return { file, result };
      }),
    );
    return summarize(answers);
  }

  private poolNow(): Promise<WorkerPool<FileTextSample>> {
    this.pool ??= this.deps.assets().then(
      (assets) =>
        new WorkerPool<FileTextSample>({
          createWorker: this.deps.createWorker,
          job: { kind: 'sample', assets, hooks: {} },
          size: Math.max(1, this.deps.workers),
          perWorker: 2,
          timeoutMs: () => FILE_TIMEOUT_MS,
          ...(this.deps.locks === undefined ? {} : { locks: this.deps.locks }),
        }),
    );
    const made = this.pool;
    made.catch(() => {
      if (this.pool === made) this.pool = undefined; // the next call tries again
    });
    return made;
  }
}

export function summarize(
  answers: readonly { file: number; result: FileTextSample }[],
): SeriesTextSample {
  const boxes: SampledFrameBoxes[] = [];
  const problems: { file: number; reason: string }[] = [];
  let size: { rows: number; columns: number; frames: number } | undefined;
  const read = new Set<TextRead>();
  for (const { file, result } of answers) {
    if (result.status === 'failed') problems.push({ file, reason: result.reason });
    if (result.status !== 'sampled') continue;
    read.add(result.textRead);
    const { rows, columns, frames } = result;
    size ??= { rows, columns, frames };
    for (const frame of result.sampled)
      boxes.push({ file, frame: frame.frame, rows, columns, boxes: frame.boxes });
  }
  return {
    textFound: boxes.some((frame) => frame.boxes.length > 0),
    textRead: read.has('text') ? 'text' : read.has('unread') ? 'unread' : 'nothing',
    ...(size ?? { rows: 0, columns: 0, frames: 0 }),
    boxes,
    problems,
  };
}

let shared: TextSampler | undefined;

/** The page's sampler: deid workers (spawn.ts) given the page's inlined decoders. */
async function pageSampler(): Promise<TextSampler> {
  if (shared) return shared;
  const [{ spawnDeidWorker }, { inlinedPixelAssets }] = await Promise.all([
    import('../../worker/spawn'),
    import('../../worker/inlinedPixelAssets'),
  ]);
  shared ??= new TextSampler({
    createWorker: spawnDeidWorker,
    // The encoders stay behind: sampling writes nothing.
    assets: async () => {
      const { decoders, ocr } = await inlinedPixelAssets();
      return { decoders, ocr };
    },
    workers: sampleWorkerCount(),
  });
  return shared;
}

/** See the contract at the top of this file. */
export async function sampleSeriesForText(
  files: readonly File[],
  signal?: AbortSignal,
): Promise<SeriesTextSample> {
  return (await pageSampler()).sample(files, signal);
}

/** Stops the page's sample workers now (a run is starting, or the user started again). */
export function stopTextSampling(): void {
  shared?.stop();
}
