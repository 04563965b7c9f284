/**
 * Passes on at most one value per `ms`, always the latest, and never drops the last one: a
 * hundred thousand scan results or progress reports become about ten renders a second.
 */
export function throttle<T>(
  deliver: (value: T) => void,
  ms: number,
): { push(value: T): void; cancel(): void } {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: { value: T } | undefined;
  const flush = () => {
    timer = undefined;
    if (!pending) return;
    const { value } = pending;
    pending = undefined;
    last = Date.now();
    deliver(value);
  };
  return {
    push(value) {
      pending = { value };
      if (timer !== undefined) return;
      const wait = last + ms - Date.now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      pending = undefined;
    },
  };
}
