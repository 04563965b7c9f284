import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerPool } from './pool';

// Plain JavaScript workers speaking the pool's protocol (poolProtocol.ts), so that the pool is
// tested without a build step: "crash" exits, "hang" spins, "throw" answers with an error,
// "oom" fills the JavaScript heap until the worker's limit stops it.
const dir = mkdtempSync(path.join(tmpdir(), 'dicomanon-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, source: string): URL {
  const file = path.join(dir, name);
  writeFileSync(file, source);
  return pathToFileURL(file);
}

const echo = script(
  'echo.mjs',
  `import { parentPort, threadId } from 'node:worker_threads';
  let queue = Promise.resolve();
  parentPort.on('message', ({ id, payload }) => {
    queue = queue.then(async () => {
      if (payload === 'crash') process.exit(70);
      if (payload === 'hang') for (;;);
      if (payload === 'oom') for (let chain = null; ; ) chain = { next: chain, values: [1, 2, 3] };
      if (payload === 'throw') return parentPort.postMessage({ kind: 'error', id, message: 'boom' });
      await new Promise((r) => setTimeout(r, 2));
      parentPort.postMessage({ kind: 'done', id, result: payload.toUpperCase() + ':' + threadId });
    });
  });
  parentPort.postMessage({ kind: 'ready' });`,
);

// Answers with the setup it was sent (PoolOptions.setup), which must come before any task.
const withSetup = script(
  'setup.mjs',
  `import { parentPort } from 'node:worker_threads';
  let setup = 'none';
  parentPort.on('message', (message) => {
    if (message.kind === 'setup') return void (setup = message.data.word);
    if (message.payload === 'crash') process.exit(70);
    parentPort.postMessage({ kind: 'done', id: message.id, result: message.payload + ':' + setup });
  });
  parentPort.postMessage({ kind: 'ready' });`,
);

// Answers with the setup it was sent and its thread: which worker ran each task.
const withSetupAndThread = script(
  'setup-thread.mjs',
  `import { parentPort, threadId } from 'node:worker_threads';
  let setup = 'none';
  parentPort.on('message', async (message) => {
    if (message.kind === 'setup') return void (setup = message.data.word);
    await new Promise((r) => setTimeout(r, 2));
    parentPort.postMessage({ kind: 'done', id: message.id, result: setup + ':' + threadId });
  });
  parentPort.postMessage({ kind: 'ready' });`,
);

const broken = script('broken.mjs', `throw new Error('cannot start');`);

function pool(scriptUrl: URL, taskTimeoutMs = 10_000, maxHeapMb?: number) {
  return new WorkerPool<string, string>({
    script: scriptUrl,
    workerData: null,
    size: 2,
    perWorker: 2,
    taskTimeoutMs,
    ...(maxHeapMb === undefined ? {} : { maxHeapMb }),
  });
}

describe('WorkerPool', () => {
  it('runs every task on some worker and resolves each with its own result', async () => {
    const p = pool(echo);
    const names = Array.from({ length: 40 }, (_, i) => `t${i}`);
    const results = await Promise.all(names.map((name) => p.run(name)));
    await p.close();
    results.forEach((result, i) => {
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.value.split(':')[0]).toBe(names[i]!.toUpperCase());
    });
    const threads = new Set(results.map((r) => (r.ok ? r.value.split(':')[1] : '')));
    expect(threads.size).toBe(2);
  });

  it('fails only the task whose worker crashed, replaces the worker and carries on', async () => {
    const p = pool(echo);
    const tasks = ['a', 'b', 'crash', 'c', 'd', 'e', 'f'];
    const results = await Promise.all(tasks.map((t) => p.run(t)));
    await p.close();
    results.forEach((result, i) => {
      if (tasks[i] === 'crash') {
        expect(result).toEqual({ ok: false, reason: 'the worker crashed (exit code 70)' });
      } else {
        expect(result.ok, tasks[i]).toBe(true);
      }
    });
  });

  it('stops a worker that exceeds the timeout and fails only its task', async () => {
    const p = pool(echo, 300);
    const tasks = ['a', 'hang', 'b', 'c', 'd'];
    const started = Date.now();
    const results = await Promise.all(tasks.map((t) => p.run(t)));
    await p.close();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(results[1]).toEqual({ ok: false, reason: 'took longer than 0.3 s and was stopped' });
    for (const i of [0, 2, 3, 4]) expect(results[i]!.ok).toBe(true);
  });

  it('fails only the task whose worker ran out of heap, replaces the worker and carries on', async () => {
    const p = pool(echo, 10_000, 32);
    const tasks = ['a', 'oom', 'b', 'c', 'oom', 'd', 'e'];
    const results = await Promise.all(tasks.map((t) => p.run(t)));
    await p.close();
    results.forEach((result, i) => {
      if (tasks[i] === 'oom') {
        expect(result).toEqual({
          ok: false,
          reason:
            'ran out of memory while being processed (over the 32 MB of JavaScript heap a worker thread may use)',
        });
      } else {
        expect(result.ok, tasks[i]).toBe(true);
      }
    });
  });

  it('reports an error thrown for one task as that task failing', async () => {
    const p = pool(echo);
    const [bad, good] = await Promise.all([p.run('throw'), p.run('x')]);
    await p.close();
    expect(bad).toEqual({ ok: false, reason: 'boom' });
    expect(good.ok).toBe(true);
  });

  it('gives up when workers cannot even start, failing every task instead of looping', async () => {
    const p = pool(broken);
    const results = await Promise.all([p.run('a'), p.run('b')]);
    await p.close();
    for (const result of results) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/could not start.*cannot start/);
    }
    expect(await p.run('c')).toMatchObject({ ok: false });
  });

  it('sends the setup to every worker before its first task, also to one started again', async () => {
    let give: (data: { word: string }) => void = () => undefined;
    const setup = new Promise<{ word: string }>((resolve) => (give = resolve));
    const p = new WorkerPool<string, string>({
      ...{ script: withSetup, workerData: null, setup },
      ...{ size: 2, perWorker: 2, taskTimeoutMs: 10_000 },
    });
    const tasks = ['a', 'b', 'c', 'crash', 'd', 'e', 'f', 'g'];
    const running = Promise.all(tasks.map((t) => p.run(t)));
    // The workers are up long before the setup: no task may run without it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    give({ word: 'key' });
    const results = await running;
    await p.close();
    results.forEach((result, i) => {
      if (tasks[i] === 'crash') expect(result.ok).toBe(false);
      else expect(result).toEqual({ ok: true, value: `${tasks[i]}:key` });
    });
  });

  it('fails every task with the reason when the setup cannot be made', async () => {
    const p = new WorkerPool<string, string>({
      ...{ script: withSetup, workerData: null, setup: Promise.reject(new Error('no key')) },
      ...{ size: 2, perWorker: 2, taskTimeoutMs: 10_000 },
    });
    const results = await Promise.all([p.run('a'), p.run('b')]);
    await p.close();
    for (const result of results) {
      expect(result).toEqual({ ok: false, reason: 'the workers could not be set up: no key' });
    }
  });

  it('grows by a worker that gets the setup and takes its share of the tasks', async () => {
    const p = new WorkerPool<string, string>({
      ...{ script: withSetupAndThread, workerData: null, setup: Promise.resolve({ word: 'key' }) },
      ...{ size: 1, perWorker: 2, taskTimeoutMs: 10_000 },
    });
    const threads = async (count: number) => {
      const results = await Promise.all(Array.from({ length: count }, () => p.run('x')));
      return new Set(results.map((result) => (result.ok ? result.value : result.reason)));
    };
    expect((await threads(20)).size).toBe(1);
    p.grow();
    const after = await threads(40);
    await p.close();
    expect([...after].every((value) => value.startsWith('key:'))).toBe(true);
    expect(after.size).toBe(2);
    p.grow(); // closed: nothing happens, nothing throws
  });
});
