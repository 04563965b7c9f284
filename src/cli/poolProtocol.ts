/** Messages between WorkerPool (pool.ts) and the tasks loop in its workers (poolWorker.ts). */
export interface TaskMessage<Q> {
  readonly id: number;
  readonly payload: Q;
  /** A buffer the main thread is done with, moved back for a next output (outputBuffers.ts). */
  readonly spare?: ArrayBuffer;
}

export type WorkerMessage<R> =
  | { readonly kind: 'ready' }
  | { readonly kind: 'done'; readonly id: number; readonly result: R }
  | { readonly kind: 'error'; readonly id: number; readonly message: string };
