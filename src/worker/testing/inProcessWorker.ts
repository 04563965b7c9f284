/**
 * Test-only: a WorkerLike that runs the real job handlers (jobs.ts) in the same thread, with
 * answers delivered asynchronously like a worker's, and optional random delays so that files
 * finish out of order. Lets the pipeline run end to end under Node.
 */
import { createJobHandler, type JobHandler } from '../jobs';
import type { WorkerLike } from '../pool';
import type { FromWorker, ToWorker, WorkerJob } from '../protocol';

export class InProcessWorker implements WorkerLike {
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onmessageerror: ((event: MessageEvent) => void) | null = null;
  terminated = false;
  private handler: Promise<JobHandler> | undefined;
  private queue: Promise<void> = Promise.resolve();

  /**
   * `jitterMs`: each answer waits a random time up to this, to shuffle finishing order.
   * `create`: builds the handler for the job (default jobs.ts's; NIfTI tests pass their own).
   */
  constructor(
    private readonly jitterMs = 0,
    private readonly create: (job: WorkerJob) => Promise<JobHandler> = createJobHandler,
  ) {}

  postMessage(message: ToWorker): void {
    if (this.terminated) return;
    if (message.type === 'init') {
      this.handler = this.create(message.job);
      this.handler.then(
        () => this.send({ type: 'ready' }),
        (error: Error) => this.send({ type: 'init-failed', reason: error.message }),
      );
      return;
    }
    const { id, file, group, studyValues } = message;
    this.queue = this.queue.then(async () => {
      if (this.terminated) return;
      if (this.jitterMs) await new Promise((r) => setTimeout(r, Math.random() * this.jitterMs));
      try {
        const { result } = await (
          await this.handler!
        )(file, { ...(group ? { group } : {}), ...(studyValues ? { studyValues } : {}) });
        this.send({ type: 'done', id, result });
      } catch (error) {
        this.send({ type: 'error', id, reason: String(error) });
      }
    });
  }

  terminate(): void {
    this.terminated = true;
  }

  private send(message: FromWorker): void {
    setTimeout(() => {
      if (!this.terminated) this.onmessage?.({ data: message } as MessageEvent);
    });
  }
}
