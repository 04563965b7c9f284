/**
 * A fixed number of worker threads, each with a short queue of tasks (so a worker never waits
 * for the main thread between files, and memory stays bounded). A worker that crashes or
 * exceeds the per-task timeout or its heap limit is stopped and replaced; the task it was
 * running fails with a reason and the tasks queued behind it go to other workers. Tasks never
 * reject: they resolve to a TaskResult.
 */
import { Worker } from 'node:worker_threads';
import type { SetupMessage, TaskMessage, WorkerMessage } from './poolProtocol';
import { spareForTask } from './outputBuffers';
import { heapLimitReason, isHeapLimitError, workerHeapLimitMb } from './workerMemory';

export interface PoolOptions {
  readonly script: URL;
  readonly workerData: unknown;
  /**
   * Sent to every worker before its first task (poolWorker.ts's `onSetup`), once it resolves:
   * workers can then be started, which takes them about 0.1 s, while it is still being made.
   * A rejection fails every task with its message.
   */
  readonly setup?: Promise<unknown>;
  readonly size: number;
  /** Tasks sent ahead to one worker, the running one included. */
  readonly perWorker: number;
  readonly taskTimeoutMs: number;
  /** Workers that die before they are ready, in a row, before the pool gives up. */
  readonly maxStartFailures?: number;
  /** Each worker's JavaScript heap limit in MB; by default workerHeapLimitMb(size). */
  readonly maxHeapMb?: number;
}

export type TaskResult<R> =
  { readonly ok: true; readonly value: R } | { readonly ok: false; readonly reason: string };

interface Task<Q, R> {
  readonly id: number;
  readonly payload: Q;
  /** This task's own time limit, when it differs from the pool's. */
  readonly timeoutMs: number | undefined;
  readonly resolve: (result: TaskResult<R>) => void;
}

interface Slot<Q, R> {
  readonly worker: Worker;
  ready: boolean;
  /** The setup was sent (or there is none): tasks may follow it. */
  setUp: boolean;
  /** Sent to the worker, oldest (the running one) first. */
  readonly queue: Task<Q, R>[];
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Set when the pool itself stops the worker, so its exit is not taken for a crash. */
  retired: boolean;
  error: Error | undefined;
}

export class WorkerPool<Q, R> {
  private readonly slots = new Set<Slot<Q, R>>();
  private readonly pending: Task<Q, R>[] = [];
  private nextId = 1;
  private startFailures = 0;
  private brokenReason: string | undefined;
  private closed = false;
  private readonly maxHeapMb: number;
  /** What `options.setup` resolved to, once it has. */
  private setupData: { readonly data: unknown } | undefined;

  constructor(private readonly options: PoolOptions) {
    this.maxHeapMb = options.maxHeapMb ?? workerHeapLimitMb(options.size);
    options.setup?.then(
      (data) => {
        this.setupData = { data };
        for (const slot of this.slots) this.sendSetup(slot);
        this.pump();
      },
      (error: unknown) => {
        this.brokenReason = `the workers could not be set up: ${error instanceof Error ? error.message : String(error)}`;
        this.failAll(this.brokenReason);
      },
    );
    for (let i = 0; i < options.size; i++) this.spawn();
  }

  /** `timeoutMs`: for a task that may take longer than one file (a whole series). */
  run(payload: Q, timeoutMs?: number): Promise<TaskResult<R>> {
    if (this.brokenReason !== undefined || this.closed) {
      return Promise.resolve({ ok: false, reason: this.brokenReason ?? 'the pool is closed' });
    }
    return new Promise((resolve) => {
      this.pending.push({ id: this.nextId++, payload, timeoutMs, resolve });
      this.pump();
    });
  }

  /**
   * Starts one more worker (dicomRun.ts, on a long run), which gets the setup and takes its
   * share of the tasks like the others. Nothing happens once the pool is closed or broken.
   */
  grow(): void {
    if (this.closed || this.brokenReason !== undefined) return;
    this.spawn();
  }

  /** Stops every worker; tasks not finished resolve as failed. */
  async close(): Promise<void> {
    this.closed = true;
    this.failAll('the run was stopped');
    await Promise.all([...this.slots].map((slot) => this.retire(slot)));
  }

  private spawn(): void {
    const worker = new Worker(this.options.script, {
      workerData: this.options.workerData,
      resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb },
    });
    const slot: Slot<Q, R> = {
      worker,
      ready: false,
      setUp: this.options.setup === undefined,
      queue: [],
      timer: undefined,
      retired: false,
      error: undefined,
    };
    this.slots.add(slot);
    // A worker started again after a crash gets the setup at once (messages wait for it).
    this.sendSetup(slot);
    worker.on('message', (message: WorkerMessage<R>) => this.onMessage(slot, message));
    worker.on('error', (error) => (slot.error = error));
    worker.on('exit', (code) => this.onExit(slot, code));
  }

  private onMessage(slot: Slot<Q, R>, message: WorkerMessage<R>): void {
    if (slot.retired) return;
    if (message.kind === 'ready') {
      slot.ready = true;
      this.startFailures = 0;
      this.pump();
      return;
    }
    const task = slot.queue[0];
    if (!task || task.id !== message.id) return; // cannot happen: the worker answers in order
    slot.queue.shift();
    this.stopTimer(slot);
    task.resolve(
      message.kind === 'done'
        ? { ok: true, value: message.result }
        : { ok: false, reason: message.message },
    );
    this.startTimer(slot);
    this.pump();
  }

  private onExit(slot: Slot<Q, R>, code: number): void {
    if (slot.retired) return;
    slot.retired = true;
    this.stopTimer(slot);
    this.slots.delete(slot);
    const running = slot.ready ? slot.queue.shift() : undefined;
    const why = slot.error ? `: ${slot.error.name}: ${slot.error.message}` : '';
    running?.resolve({
      ok: false,
      reason: isHeapLimitError(slot.error)
        ? heapLimitReason(this.maxHeapMb)
        : `the worker crashed (exit code ${code})${why}`,
    });
    this.pending.unshift(...slot.queue);
    if (!slot.ready && ++this.startFailures >= (this.options.maxStartFailures ?? 3)) {
      this.brokenReason = `worker threads could not start (exit code ${code})${why}`;
      this.failAll(this.brokenReason);
      return;
    }
    if (!this.closed) this.spawn();
  }

  private pump(): void {
    while (this.pending.length > 0) {
      let best: Slot<Q, R> | undefined;
      for (const slot of this.slots) {
        if (!slot.ready || !slot.setUp || slot.retired) continue;
        if (slot.queue.length >= this.options.perWorker) continue;
        if (!best || slot.queue.length < best.queue.length) best = slot;
      }
      if (!best) return;
      const task = this.pending.shift()!;
      best.queue.push(task);
      this.post(best.worker, { id: task.id, payload: task.payload });
      if (best.queue.length === 1) this.startTimer(best);
    }
  }

  private sendSetup(slot: Slot<Q, R>): void {
    if (slot.setUp || !this.setupData || slot.retired) return;
    slot.worker.postMessage({ kind: 'setup', data: this.setupData.data } satisfies SetupMessage);
    slot.setUp = true;
  }

  /** Sends a task with a spare output buffer when the sinks gave one back (outputBuffers.ts). */
  private post(worker: Worker, message: TaskMessage<Q>): void {
    const spare = spareForTask();
    if (spare) {
      try {
        worker.postMessage({ ...message, spare } satisfies TaskMessage<Q>, [spare]);
        return;
      } catch {
        // The buffer could not be moved after all (detached meanwhile): the task goes without.
      }
    }
    worker.postMessage(message);
  }

  /** Times the task at the head of the queue: the one the worker is running. */
  private startTimer(slot: Slot<Q, R>): void {
    const running = slot.queue[0];
    if (!running || slot.timer !== undefined) return;
    const limit = running.timeoutMs ?? this.options.taskTimeoutMs;
    slot.timer = setTimeout(() => this.onTimeout(slot, limit), limit);
  }

  private stopTimer(slot: Slot<Q, R>): void {
    if (slot.timer !== undefined) clearTimeout(slot.timer);
    slot.timer = undefined;
  }

  private onTimeout(slot: Slot<Q, R>, limit: number): void {
    slot.timer = undefined;
    const running = slot.queue.shift();
    const seconds = Math.round(limit / 100) / 10;
    running?.resolve({ ok: false, reason: `took longer than ${seconds} s and was stopped` });
    this.pending.unshift(...slot.queue.splice(0));
    void this.retire(slot);
    if (!this.closed) this.spawn();
    this.pump();
  }

  private async retire(slot: Slot<Q, R>): Promise<void> {
    slot.retired = true;
    this.stopTimer(slot);
    this.slots.delete(slot);
    await slot.worker.terminate();
  }

  private failAll(reason: string): void {
    const tasks = [...this.pending.splice(0)];
    for (const slot of this.slots) tasks.push(...slot.queue.splice(0));
    for (const task of tasks) task.resolve({ ok: false, reason });
  }
}
