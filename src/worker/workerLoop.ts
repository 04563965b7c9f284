/**
 * The message loop of every Web Worker of the page (deidWorker.ts, niftiWorker.ts). It waits
 * for its job, then answers files: for de-identification one at a time, in the order they
 * arrive (the pool times the oldest unanswered file as the one running); for the scan, all the
 * files the pool sent at once, since a header read is mostly waiting for the disk. Every
 * failure of a file becomes an answer; only a real crash (or a test hook) ends it.
 */
import type { FromWorker, TaskExtras, TestHooks, ToWorker, WorkerJob } from './protocol';
import type { JobHandler } from './jobs';

interface Scope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  close(): void;
  navigator: { locks?: { request(name: string, callback: () => Promise<void>): Promise<void> } };
}
const scope = self as unknown as Scope;

let handler: Promise<JobHandler> | undefined;
let hooks: TestHooks = {};
/** Scans are mostly waiting for reads: they run side by side; de-identification in turn. */
let concurrent = false;
let queue: Promise<void> = Promise.resolve();

/** Starts answering the page: `create` builds the handler for the job the pool sends. */
export function serveJobs(create: (job: WorkerJob) => Promise<JobHandler>): void {
  scope.onmessage = (event) => {
    const message = event.data;
    if (message.type === 'init') {
      hooks = message.job.hooks;
      concurrent = message.job.kind === 'scan';
      handler = create(message.job);
      void start(handler, message.lockName);
      return;
    }
    const { id, file, group, studyValues } = message;
    const extras: TaskExtras = {
      ...(group ? { group } : {}),
      ...(studyValues ? { studyValues } : {}),
    };
    if (concurrent) void answer(id, file, extras);
    else queue = queue.then(() => answer(id, file, extras));
  };
}

async function start(ready: Promise<JobHandler>, lockName: string | undefined): Promise<void> {
  try {
    await ready;
  } catch (error) {
    scope.postMessage({ type: 'init-failed', reason: describe(error) });
    return;
  }
  const locks = scope.navigator.locks;
  if (lockName !== undefined && locks) {
    // Held until the worker ends: its release tells the pool, however the worker ended.
    await new Promise<void>((held) => {
      void locks.request(lockName, () => {
        held();
        return new Promise<void>(() => {});
      });
    });
  }
  scope.postMessage({ type: 'ready' });
}

async function answer(id: number, file: File, extras: TaskExtras): Promise<void> {
  let reply: FromWorker;
  let transfer: Transferable[] = [];
  try {
    await applyTestHooks(file.name);
    const done = await (await handler!)(file, extras);
    reply = { type: 'done', id, result: done.result };
    transfer = done.transfer;
  } catch (error) {
    reply = { type: 'error', id, reason: `internal error (${describe(error)})` };
  }
  scope.postMessage(reply, transfer);
}

/** Test hooks (see protocol.ts): each one ends this file's answer in its own way. */
async function applyTestHooks(name: string): Promise<void> {
  const never = new Promise<never>(() => {});
  if (hooks.crashOn && name.includes(hooks.crashOn)) {
    // Thrown outside any promise, so that it becomes an error event, like a real crash.
    setTimeout(() => {
      throw new Error('test hook: crash');
    });
    await never;
  }
  if (hooks.killOn && name.includes(hooks.killOn)) {
    scope.close();
    await never;
  }
  if (hooks.hangOn && name.includes(hooks.hangOn)) for (;;) if (Date.now() < 0) break;
  if (hooks.bufferFailOn && name.includes(hooks.bufferFailOn)) {
    // A real allocation, used so that no bundler drops it: V8 refuses it with a RangeError.
    const huge = new ArrayBuffer(2 ** 50);
    if (huge.byteLength > 0) new Uint8Array(huge)[0] = 1;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
