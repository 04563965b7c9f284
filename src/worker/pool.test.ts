import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkerPool, type LockManagerLike, type WorkerLike } from './pool';
import type { FromWorker, ToWorker } from './protocol';

/** What a fake worker does with a file, by the file's name. */
type Behaviour = 'answer' | 'slow' | 'crash' | 'silent-death' | 'hang' | 'answer-error';

class FakeWorker implements WorkerLike {
  static all: FakeWorker[] = [];
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onmessageerror: ((event: MessageEvent) => void) | null = null;
  terminated = false;
  lockName: string | undefined;
  readonly seen: string[] = [];
  private busy: Promise<void> = Promise.resolve();

  constructor(private readonly startup: 'ready' | 'fail' | 'never' = 'ready') {
    FakeWorker.all.push(this);
  }

  postMessage(message: ToWorker): void {
    if (message.type === 'init') {
      this.lockName = message.lockName;
      if (this.startup === 'ready') setTimeout(() => this.send({ type: 'ready' }));
      if (this.startup === 'fail') setTimeout(() => this.fireError('cannot start'));
      return;
    }
    const { id, file } = message;
    this.busy = this.busy.then(() => this.work(id, file.name));
  }

  terminate(): void {
    this.terminated = true;
    if (this.lockName) locks.release(this.lockName);
  }

  private async work(id: number, name: string): Promise<void> {
    if (this.terminated) return;
    this.seen.push(name);
    const behaviour = name.split('.')[0] as Behaviour;
    await new Promise((resolve) => setTimeout(resolve, behaviour === 'slow' ? 30 : 1));
    if (this.terminated) return;
    switch (behaviour) {
      case 'crash':
        this.fireError('boom');
        return new Promise(() => {});
      case 'silent-death':
        this.terminated = true;
        if (this.lockName) locks.release(this.lockName);
        return;
      case 'hang':
        return new Promise(() => {});
      case 'answer-error':
        this.send({ type: 'error', id, reason: 'internal error (x)' });
        return;
      default:
        this.send({ type: 'done', id, result: `${name} by ${FakeWorker.all.indexOf(this)}` });
    }
  }

  private send(message: FromWorker<string>): void {
    if (!this.terminated) this.onmessage?.({ data: message } as MessageEvent);
  }

  private fireError(message: string): void {
    const event = { message, preventDefault: () => {} } as unknown as Event;
    if (!this.terminated) this.onerror?.(event);
  }
}

/** Web Locks as far as the pool uses them: a request is granted once the holder releases. */
class FakeLocks implements LockManagerLike {
  private readonly waiting = new Map<string, () => void>();
  async request(name: string, options: { signal?: AbortSignal }, callback: () => unknown) {
    await new Promise<void>((granted, refused) => {
      this.waiting.set(name, granted);
      options.signal?.addEventListener('abort', () => {
        this.waiting.delete(name);
        refused(new DOMException('withdrawn', 'AbortError'));
      });
    });
    return callback();
  }
  release(name: string): void {
    this.waiting.get(name)?.();
    this.waiting.delete(name);
  }
}
let locks = new FakeLocks();

const file = (name: string) => new File([new Uint8Array(4)], name);

function makePool(
  size: number,
  options: {
    timeoutMs?: number;
    startup?: () => 'ready' | 'fail' | 'never';
    recycleAfter?: number;
  } = {},
) {
  return new WorkerPool<string>({
    createWorker: () => new FakeWorker(options.startup?.() ?? 'ready'),
    job: { kind: 'scan', hooks: {} },
    size,
    perWorker: 2,
    timeoutMs: () => options.timeoutMs ?? 1000,
    startTimeoutMs: 200,
    locks,
    ...(options.recycleAfter === undefined ? {} : { recycleAfter: options.recycleAfter }),
  });
}

afterEach(() => {
  FakeWorker.all = [];
  locks = new FakeLocks();
  vi.useRealTimers();
});

describe('WorkerPool', () => {
  it('answers every file, spreading them over the workers', async () => {
    const pool = makePool(3);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => pool.run(file(`answer.${i}`))),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(FakeWorker.all.filter((w) => w.seen.length > 0)).toHaveLength(3);
    pool.close('done');
    expect(FakeWorker.all.every((w) => w.terminated)).toBe(true);
  });

  it('replaces a worker that throws; only its file fails, the queued one goes elsewhere', async () => {
    const pool = makePool(1);
    const [crashed, after] = await Promise.all([
      pool.run(file('crash.1')),
      pool.run(file('answer.2')),
    ]);
    expect(crashed).toEqual({
      ok: false,
      reason: 'the worker stopped while on this file (an error in the worker: boom)',
    });
    expect(after).toEqual({ ok: true, value: 'answer.2 by 1' });
    expect(FakeWorker.all[0]!.terminated).toBe(true);
    pool.close('done');
  });

  it('notices a worker that ends without a word, through its lock', async () => {
    const pool = makePool(1);
    const started = Date.now();
    const [dead, after] = await Promise.all([
      pool.run(file('silent-death.1')),
      pool.run(file('answer.2')),
    ]);
    expect(dead).toEqual({
      ok: false,
      reason: 'the worker stopped while on this file (it ended unexpectedly)',
    });
    expect(after.ok).toBe(true);
    expect(Date.now() - started).toBeLessThan(500); // not the 1 s file timeout
    pool.close('done');
  });

  it('stops a file that takes too long and goes on with a new worker', async () => {
    const pool = makePool(1, { timeoutMs: 100 });
    const [hung, after] = await Promise.all([pool.run(file('hang.1')), pool.run(file('answer.2'))]);
    expect(hung).toEqual({ ok: false, reason: 'took longer than 0.1 s and was stopped' });
    expect(after).toEqual({ ok: true, value: 'answer.2 by 1' });
    pool.close('done');
  });

  it('passes a worker’s own error answer through as the file’s reason', async () => {
    const pool = makePool(1);
    expect(await pool.run(file('answer-error.1'))).toEqual({
      ok: false,
      reason: 'internal error (x)',
    });
    pool.close('done');
  });

  it('fails every file with the reason when workers cannot start, instead of waiting', async () => {
    const pool = makePool(2, { startup: () => 'fail' });
    const result = await pool.run(file('answer.1'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/could not start its workers/);
    expect(await pool.run(file('answer.2'))).toEqual(result);
  });

  it('treats a worker that never says it is ready as failed to start', async () => {
    const pool = makePool(1, { startup: () => 'never' });
    const result = await pool.run(file('answer.1'));
    expect(!result.ok && result.reason).toMatch(/did not start in time/);
  });

  it('close() fails what is queued or running at once and refuses later files', async () => {
    const pool = makePool(2);
    const running = Array.from({ length: 6 }, (_, i) => pool.run(file(`slow.${i}`)));
    await new Promise((resolve) => setTimeout(resolve, 10));
    pool.close('cancelled');
    const results = await Promise.all(running);
    expect(results.every((r) => !r.ok && r.reason === 'cancelled')).toBe(true);
    expect(await pool.run(file('answer.9'))).toEqual({ ok: false, reason: 'cancelled' });
    expect(FakeWorker.all.every((w) => w.terminated)).toBe(true);
  });

  it('replaces a worker after its share of files, once it has answered them', async () => {
    const pool = makePool(1, { recycleAfter: 3 });
    const results = await Promise.all(
      Array.from({ length: 7 }, (_, i) => pool.run(file(`answer.${i}`))),
    );
    expect(results.map((r) => r.ok && r.value)).toEqual([
      'answer.0 by 0',
      'answer.1 by 0',
      'answer.2 by 0',
      'answer.3 by 1',
      'answer.4 by 1',
      'answer.5 by 1',
      'answer.6 by 2',
    ]);
    // The ones that had their share ended; no crash or lock was taken for one.
    expect(FakeWorker.all.map((w) => w.terminated)).toEqual([true, true, false]);
    pool.close('done');
  });

  it('a worker that fails while ending after its share is not replaced twice', async () => {
    const pool = makePool(1, { recycleAfter: 2 });
    const results = await Promise.all([
      pool.run(file('answer.0')),
      pool.run(file('crash.1')),
      pool.run(file('answer.2')),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(FakeWorker.all).toHaveLength(2);
    pool.close('done');
  });

  it('never sends a worker more than two files ahead', async () => {
    const pool = makePool(1);
    const all = Array.from({ length: 5 }, (_, i) => pool.run(file(`slow.${i}`)));
    await new Promise((resolve) => setTimeout(resolve, 40));
    // The first is done, the second running, the third queued: the rest wait in the pool.
    expect(FakeWorker.all[0]!.seen.length).toBeLessThanOrEqual(3);
    await Promise.all(all);
    pool.close('done');
  });
});
