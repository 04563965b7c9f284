/**
 * The review screen's preview: one file at a time de-identified in a worker of its own, with
 * the profile and key the run would use, and handed back before and after. The worker stays
 * while the profile and key stay the same (paging through a series is quick), and is stopped
 * when they change, when a run starts and when the session ends.
 */
import type { StudyValue } from '../../core/deid/studyValues';
import type { PreviewResult } from '../../core/deid/previewResult';
import type { PixelAssets } from '../../worker/pixelAssets';
import { WorkerPool, type LockManagerLike, type WorkerLike } from '../../worker/pool';
import { untilAborted } from './abortable';
import type { InputFile, PreviewOptions } from './types';

export interface PreviewDeps {
  readonly createWorker: () => WorkerLike;
  readonly timeoutMs: (file: File) => number;
  /** Clean Pixel Data's bytes, asked for when the previewed profile cleans pixels. */
  readonly pixelAssets?: () => Promise<PixelAssets>;
  /** Web Locks for the pool (tests pass null); default navigator.locks. */
  readonly locks?: LockManagerLike | null;
}

export class PreviewRunner {
  private pool: WorkerPool<PreviewResult> | undefined;
  private poolFor = '';
  /** Previews run one after another; one asked for and then dropped never starts. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: PreviewDeps) {}

  /** `studyValues`: as for the run, so that the preview shows what the run would save. */
  preview(
    input: InputFile,
    options: PreviewOptions,
    signal: AbortSignal,
    studyValues: readonly StudyValue[] = [],
  ): Promise<PreviewResult> {
    if (input.unreadable !== undefined) {
      return Promise.resolve({ status: 'failed', reason: input.unreadable });
    }
    const work = this.queue.then(async (): Promise<PreviewResult> => {
      signal.throwIfAborted();
      const pool = await this.poolWith(options);
      const outcome = await pool.run(input.file, studyValues.length ? { studyValues } : {});
      return outcome.ok ? outcome.value : { status: 'failed', reason: outcome.reason };
    });
    this.queue = work.catch(() => undefined);
    return untilAborted(work, signal);
  }

  /** Stops the worker (a run needs the memory; the next preview starts another). */
  close(): void {
    this.pool?.close('the preview was closed');
    this.pool = undefined;
    this.poolFor = '';
  }

  private async poolWith(options: PreviewOptions): Promise<WorkerPool<PreviewResult>> {
    const key = `${JSON.stringify(options.spec)}|${Array.from(options.key).join(',')}`;
    if (this.pool && this.poolFor === key) return this.pool;
    this.close();
    // The preview shows what the run would save: with cleaning on, the image cleaned too.
    const pixelAssets = options.spec.pixels?.clean ? await this.deps.pixelAssets?.() : undefined;
    this.pool = new WorkerPool<PreviewResult>({
      createWorker: this.deps.createWorker,
      job: {
        kind: 'preview',
        spec: options.spec,
        key: options.key,
        hooks: {},
        ...(pixelAssets ? { pixelAssets } : {}),
      },
      size: 1,
      perWorker: 1,
      timeoutMs: this.deps.timeoutMs,
      ...(this.deps.locks === undefined ? {} : { locks: this.deps.locks }),
    });
    this.poolFor = key;
    return this.pool;
  }
}
