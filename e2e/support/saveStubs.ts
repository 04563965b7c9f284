/**
 * Stand-ins for the browser's save dialogs, installed before the page loads.
 *
 * - `captureZipFiles`: showSaveFilePicker returns a handle whose createWritable() is a
 *   WritableStream that hands every chunk to Node (page.exposeFunction, base64, at most 1 MiB a
 *   call) where it is appended to a file. Each write waits for Node, like a real disk would
 *   hold the writer back, so the page never has more than one chunk of the archive in memory.
 *   Runs of zero MiBs (a sparse test file's image data) pass as their length and stay holes in
 *   the file: gigabytes of them would take minutes as base64.
 * - `discardZipFile`: the same, but the chunks are only counted, in the page (the benchmark).
 * - `withoutPickers`: showSaveFilePicker and showDirectoryPicker do not exist, as in Firefox or
 *   Safari; the app must fall back to downloading parts.
 */
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';

export interface CapturedZip {
  readonly file: string;
  /** The name the app suggested to the dialog. */
  readonly suggestedName: string;
  /** Resolves when the app closed the stream; rejects when it aborted it. */
  readonly closed: Promise<void>;
  bytes(): number;
}

/**
 * Every archive the app saves through the stubbed dialog, in order: the first to
 * `<dir>/archive-1.zip`, the next (a second run) to `archive-2.zip`, and so on.
 */
export interface ZipCapture {
  readonly archives: CapturedZip[];
  /** The n-th archive (1-based) once the app has opened it. */
  archive(n: number): Promise<CapturedZip>;
}

export async function captureZipFiles(page: Page, dir: string): Promise<ZipCapture> {
  const archives: CapturedZip[] = [];
  const open = new Map<number, { fd: number; at: number; added: (n: number) => void }>();
  const settlers = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  const waiting: Array<() => void> = [];
  await page.exposeFunction('__e2eZipOpen', (suggestedName: string) => {
    const id = archives.length + 1;
    const file = path.join(dir, `archive-${id}.zip`);
    let bytes = 0;
    const closed = new Promise<void>((resolve, reject) => settlers.set(id, { resolve, reject }));
    closed.catch(() => {});
    open.set(id, { fd: openSync(file, 'w'), at: 0, added: (n) => (bytes += n) });
    archives.push({ file, suggestedName, closed, bytes: () => bytes });
    for (const wake of waiting.splice(0)) wake();
    return id;
  });
  await page.exposeFunction('__e2eZipWrite', (id: number, base64: string) => {
    const stream = open.get(id);
    if (!stream) throw new Error(`write to archive ${id}, which is not open`);
    const chunk = Buffer.from(base64, 'base64');
    writeSync(stream.fd, chunk, 0, chunk.length, stream.at);
    stream.at += chunk.length;
    stream.added(chunk.length);
  });
  await page.exposeFunction('__e2eZipZeros', (id: number, length: number) => {
    const stream = open.get(id);
    if (!stream) throw new Error(`write to archive ${id}, which is not open`);
    stream.at += length;
    stream.added(length);
  });
  await page.exposeFunction('__e2eZipClose', (id: number, error: string | null) => {
    const stream = open.get(id);
    if (stream) {
      ftruncateSync(stream.fd, stream.at); // the zeros at the end, if any
      closeSync(stream.fd);
    }
    open.delete(id);
    if (error === null) settlers.get(id)?.resolve();
    else settlers.get(id)?.reject(new Error(`the app aborted the zip stream: ${error}`));
  });
  await addInitFunction(page, stubSaveFilePicker, { discard: false });
  return {
    archives,
    async archive(n) {
      while (archives.length < n) await new Promise<void>((wake) => waiting.push(wake));
      return archives[n - 1]!;
    },
  };
}

/** showSaveFilePicker whose stream drops the bytes; read the count with discardedBytes(). */
export async function discardZipFile(page: Page): Promise<void> {
  await addInitFunction(page, stubSaveFilePicker, { discard: true });
}

export async function discardedBytes(page: Page): Promise<{ bytes: number; closed: boolean }> {
  return page.evaluate(() => {
    const state = Reflect.get(globalThis, '__e2eDiscarded') as
      { bytes: number; closed: boolean } | undefined;
    return state ?? { bytes: 0, closed: false };
  });
}

export async function withoutPickers(page: Page): Promise<void> {
  await addInitFunction(page, removePickers, null);
}

/**
 * Runs `fn(arg)` in the page before its own scripts, given as source text. Not as a function:
 * under tsx (the benchmark) esbuild compiles with keepNames, and the __name helper its output
 * calls does not exist in the page.
 */
export async function addInitFunction<A>(page: Page, fn: (arg: A) => void, arg: A): Promise<void> {
  const content = `(() => { const __name = (f) => f; (${fn.toString()})(${JSON.stringify(arg)}); })();`;
  await page.addInitScript({ content });
}

function removePickers(): void {
  for (const name of ['showSaveFilePicker', 'showDirectoryPicker', 'showOpenFilePicker']) {
    Reflect.deleteProperty(globalThis, name);
    Reflect.deleteProperty(Object.getPrototypeOf(globalThis), name);
  }
}

/** Runs in the page before its scripts: defines showSaveFilePicker. Self-contained. */
function stubSaveFilePicker({ discard }: { discard: boolean }): void {
  type Bridge = (...args: unknown[]) => Promise<unknown>;
  const bridge = (name: string): Bridge => Reflect.get(globalThis, name) as Bridge;
  const SLICE = 1 << 20;
  const toBase64 = (bytes: Uint8Array): string => {
    const native = Reflect.get(bytes, 'toBase64') as (() => string) | undefined;
    if (native) return native.call(bytes);
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    return btoa(text);
  };
  const asBytes = (chunk: unknown): Uint8Array => {
    if (chunk instanceof Uint8Array) return chunk;
    if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
    if (ArrayBuffer.isView(chunk)) {
      return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
    throw new TypeError(`the app wrote a ${typeof chunk}, not bytes`);
  };
  const isZero = (bytes: Uint8Array): boolean => {
    for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
    return true;
  };
  const discarded = { bytes: 0, closed: false };
  if (discard) Reflect.set(globalThis, '__e2eDiscarded', discarded);
  const picker = async (options: { suggestedName?: string }) => {
    const id = discard ? 0 : await bridge('__e2eZipOpen')(options.suggestedName ?? '');
    let zeros = 0;
    const flushZeros = async () => {
      if (zeros > 0) await bridge('__e2eZipZeros')(id, zeros);
      zeros = 0;
    };
    return {
      createWritable: async () =>
        new WritableStream({
          async write(chunk: unknown) {
            const bytes = asBytes(chunk);
            if (discard) {
              discarded.bytes += bytes.length;
              return;
            }
            for (let at = 0; at < bytes.length; at += SLICE) {
              const slice = bytes.subarray(at, at + SLICE);
              if (isZero(slice)) {
                zeros += slice.length;
                continue;
              }
              await flushZeros();
              await bridge('__e2eZipWrite')(id, toBase64(slice));
            }
          },
          async close() {
            discarded.closed = true;
            if (discard) return;
            await flushZeros();
            await bridge('__e2eZipClose')(id, null);
          },
          async abort(reason: unknown) {
            if (!discard) await bridge('__e2eZipClose')(id, String(reason));
          },
        }),
    };
  };
  Reflect.set(globalThis, 'showSaveFilePicker', picker);
}
