/* eslint-disable no-restricted-imports, no-restricted-globals -- a Node measurement script. */
/**
 * Memory per worker: the process's RSS with 0, 1 and 2 worker_threads that each hold a
 * reader and have read every frame once (full frame, 1×), and the time per frame when the
 * workers read in parallel.  npx tsx src/core/pixels/ocr/measure/measureWorkers.ts .tmp/ocr-lines
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { GreyImage8 } from '../types';

const dir = process.argv[2] ?? '.tmp/ocr-lines';
const truth: { file: string }[] = JSON.parse(readFileSync(path.join(dir, 'truth.json'), 'utf8'));
const frames: GreyImage8[] = truth.map((t) => {
  const b = new Uint8Array(readFileSync(path.join(dir, t.file)));
  return { width: 512, height: 512, data: b.slice(b.length - 512 * 512) };
});
const rss = () => Math.round(process.memoryUsage().rss / 2 ** 20);

function start(): Promise<{ worker: Worker; started: number }> {
  // tsx's loader is registered in the worker itself (Node 20 does not pass --import hooks on).
  const entry = JSON.stringify(new URL('./readerWorker.ts', import.meta.url).href);
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const worker = new Worker(
    `import(${api}).then(({ register }) => { register(); return import(${entry}); })`,
    { eval: true },
  );
  return new Promise((resolve, reject) => {
    worker.once('message', (m: { started: number }) => resolve({ worker, started: m.started }));
    worker.once('error', reject);
  });
}
const read = (w: Worker) =>
  new Promise<number>((resolve) => {
    w.once('message', (m: { ms: number }) => resolve(m.ms));
    w.postMessage(frames);
  });

const base = rss();
const rows: string[] = [`baseline RSS ${base} MB`];
for (const n of [1, 2]) {
  const workers = await Promise.all(Array.from({ length: n }, start));
  const afterStart = rss();
  const t = performance.now();
  const perFrame = await Promise.all(workers.map((w) => read(w.worker)));
  const wall = performance.now() - t;
  const afterRead = rss();
  rows.push(
    `${n} worker(s): start ${workers.map((w) => Math.round(w.started)).join('/')} ms; RSS +${afterStart - base} MB started, +${afterRead - base} MB after reading (${Math.round((afterRead - base) / n)} MB per worker); ${Math.round(perFrame.reduce((a, b) => a + b, 0) / n)} ms per frame per worker, ${((n * frames.length) / (wall / 1000)).toFixed(1)} frames/s in all`,
  );
  for (const w of workers) w.worker.postMessage('close');
  await Promise.all(workers.map((w) => new Promise((r) => w.worker.once('exit', r))));
  global.gc?.();
}
console.log(rows.join('\n'));
