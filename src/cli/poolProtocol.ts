/** Messages between WorkerPool (pool.ts) and the tasks loop in its workers (poolWorker.ts). */
export interface TaskMessage<Q> {
  readonly kind?: undefined;
  readonly id: number;
  readonly payload: Q;
  /** A buffer the main thread is done with, moved back for a next output (outputBuffers.ts). */
  readonly spare?: ArrayBuffer;
}

/**
 * What a worker needs before its first task but the main thread has only after the worker was
 * started (the key, stretched while the workers start up): sent once, ahead of every task.
 */
export interface SetupMessage {
  readonly kind: 'setup';
  readonly data: unknown;
}

export type WorkerMessage<R> =
  | { readonly kind: 'ready' }
  | { readonly kind: 'done'; readonly id: number; readonly result: R }
  | { readonly kind: 'error'; readonly id: number; readonly message: string };
