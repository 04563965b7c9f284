/**
 * The worker side of WorkerPool: announces itself ready, then runs tasks one at a time in the
 * order they arrive (the pool's timeout assumes the oldest unanswered task is the running one).
 */
import { parentPort, type TransferListItem } from 'node:worker_threads';
import type { SetupMessage, TaskMessage, WorkerMessage } from './poolProtocol';

export interface TaskReply<R> {
  readonly result: R;
  /** Buffers to move to the main thread instead of copying them. */
  readonly transfer?: readonly TransferListItem[];
}

/**
 * `onSpare`: takes the buffers the main thread sends back with tasks (outputBuffers.ts); a
 * worker without it lets them go. `onSetup`: takes the pool's setup (PoolOptions.setup), which
 * comes before the first task; a task that finds it failed fails with its reason.
 */
export function serveTasks<Q, R>(
  handle: (payload: Q) => Promise<TaskReply<R>>,
  onSpare?: (buffer: ArrayBuffer) => void,
  onSetup?: (data: unknown) => Promise<void> | void,
): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks must run in a worker thread');
  let queue: Promise<void> = Promise.resolve();
  let setupFailed: unknown;
  port.on('message', (message: TaskMessage<Q> | SetupMessage) => {
    if (message.kind === 'setup') {
      queue = queue.then(async () => {
        try {
          await onSetup?.(message.data);
        } catch (error) {
          setupFailed = error;
        }
      });
      return;
    }
    if (message.spare) onSpare?.(message.spare);
    queue = queue.then(async () => {
      let reply: WorkerMessage<R>;
      let transfer: readonly TransferListItem[] = [];
      try {
        if (setupFailed !== undefined) throw setupFailed;
        const done = await handle(message.payload);
        reply = { kind: 'done', id: message.id, result: done.result };
        transfer = done.transfer ?? [];
      } catch (error) {
        reply = { kind: 'error', id: message.id, message: describe(error) };
      }
      try {
        port.postMessage(reply, transfer);
      } catch {
        // Some buffers cannot be moved (Node's shared Buffer pool): copy them instead.
        port.postMessage(reply);
      }
    });
  });
  port.postMessage({ kind: 'ready' } satisfies WorkerMessage<R>);
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
