/**
 * Runs tasks concurrently but hands their results over strictly in index order. In-order commit
 * is what makes a run deterministic even though workers finish out of order: duplicate output
 * names get their `_2`, `_3` by input order, and a zip's entries come in input order, so the
 * same inputs and key give the same output bytes whatever the timing.
 *
 * Memory stays bounded: at most `window` tasks are started but not yet committed, and once the
 * results waiting behind a slow task hold `budgetBytes`, nothing new starts until it is done.
 */
export interface OrderedOptions<T> {
  readonly count: number;
  readonly window: number;
  readonly budgetBytes: number;
  readonly start: (index: number) => Promise<T>;
  readonly sizeOf: (result: T) => number;
  readonly commit: (index: number, result: T) => Promise<void>;
}

export async function processInOrder<T>(options: OrderedOptions<T>): Promise<void> {
  const { count, window, budgetBytes } = options;
  const running = new Map<number, Promise<T>>();
  let next = 0;
  let waitingBytes = 0;

  const startNext = (): void => {
    const index = next++;
    running.set(
      index,
      options.start(index).then((result) => {
        waitingBytes += options.sizeOf(result);
        return result;
      }),
    );
  };

  for (let index = 0; index < count; index++) {
    if (next === index) startNext(); // the task to commit next always runs, whatever the budget
    while (next < count && next < index + window && waitingBytes < budgetBytes) startNext();
    const result = await running.get(index)!;
    running.delete(index);
    waitingBytes -= options.sizeOf(result);
    await options.commit(index, result);
  }
}
