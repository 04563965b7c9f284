/**
 * Runs tasks concurrently but hands their results over strictly in index order. In-order commit
 * is what makes a run deterministic even though workers finish out of order: duplicate output
 * names get their `_2`, `_3` by input order, and a zip's entries come in input order, so the
 * same inputs and key give the same output bytes whatever the timing. Shared by the CLI and
 * the browser app.
 *
 * Memory stays bounded: at most `window` tasks are started but not yet committed, and once the
 * bytes they hold would pass `budgetBytes` nothing new starts until the next commit. A running task
 * holds `costOf(index)` (its input, being read and rewritten), a finished one `sizeOf(result)`
 * (its output, waiting behind a slower one). The task to commit next always runs, whatever the
 * budget, so a file larger than the budget still gets through, alone.
 */
export interface OrderedOptions<T> {
  readonly count: number;
  readonly window: number;
  readonly budgetBytes: number;
  readonly start: (index: number) => Promise<T>;
  readonly sizeOf: (result: T) => number;
  /** Bytes a task holds while it runs; 0 when not given. */
  readonly costOf?: (index: number) => number;
  readonly commit: (index: number, result: T) => Promise<void>;
  /**
   * Stops at once: nothing more starts or is committed, and the call rejects with the signal's
   * reason. Tasks already started are the caller's to stop (they are left to settle unobserved).
   */
  readonly signal?: AbortSignal;
}

export async function processInOrder<T>(options: OrderedOptions<T>): Promise<void> {
  const { count, window, budgetBytes, signal } = options;
  const costOf = options.costOf ?? (() => 0);
  const running = new Map<number, Promise<T>>();
  let next = 0;
  let heldBytes = 0;

  // Strictly below the budget, and the task's own cost within it: a big task waits to be next.
  const fits = (cost: number): boolean =>
    heldBytes < budgetBytes && heldBytes + cost <= budgetBytes;

  const startNext = (): void => {
    const index = next++;
    const cost = costOf(index);
    heldBytes += cost;
    const task = options.start(index).then((result) => {
      heldBytes += options.sizeOf(result) - cost;
      return result;
    });
    // After an abort nobody awaits the tasks still running: their failures must not surface.
    task.catch(() => {});
    running.set(index, task);
  };

  for (let index = 0; index < count; index++) {
    signal?.throwIfAborted();
    if (next === index) startNext();
    while (next < count && next < index + window && fits(costOf(next))) startNext();
    const task = running.get(index)!;
    const result = await (signal ? untilAborted(task, signal) : task);
    signal?.throwIfAborted();
    running.delete(index);
    heldBytes -= options.sizeOf(result);
    await options.commit(index, result);
  }
}

/**
 * The task's result, or a rejection as soon as the signal aborts. The listener goes when the
 * task settles: racing every task against one long-lived abort promise would leave a reaction
 * on it per task, each holding its result, for the whole run (2–3 KB a file over 100,000).
 */
function untilAborted<T>(task: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    task.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
