/**
 * Decodes frames in one shared worker, started on first use and stopped a while after the last
 * image view lets go of it. Vite builds decodeWorker.ts as a classic (iife) script and inlines
 * it as a string; the constructor makes a blob: URL of it, which works from file:// and under
 * the page's policy (worker-src blob:), as src/worker/spawn.ts explains.
 */
import type { FrameSource } from '../../../core/pixels/decodeFrame';
import type { DisplayImage } from '../../../core/pixels/display';
import { plainLayout, type PixelLayout } from '../../../core/pixels/imageInfo';
import type { DecodeRequest, DecodeResponse } from './decodeProtocol';
import DecodeWorker from './decodeWorker.ts?worker&inline';

const IDLE_MS = 60_000;

interface Pending {
  readonly resolve: (image: DisplayImage) => void;
  readonly reject: (error: Error) => void;
}

let worker: Worker | undefined;
let nextId = 1;
let users = 0;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
const pending = new Map<number, Pending>();

function start(): Worker {
  if (worker) return worker;
  const made = new DecodeWorker({ name: 'dicomanon-decode' });
  made.onmessage = (event: MessageEvent<DecodeResponse>) => {
    const reply = event.data;
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if ('error' in reply) waiting.reject(new Error(reply.error));
    else waiting.resolve(reply.image);
  };
  made.onerror = (event) => {
    // A crash (out of memory in a codec, say) fails what was asked; the next frame restarts it.
    event.preventDefault();
    stop(
      new Error(
        `The image decoder stopped unexpectedly${event.message ? `: ${event.message}` : '.'}`,
      ),
    );
  };
  worker = made;
  return made;
}

function stop(reason: Error): void {
  worker?.terminate();
  worker = undefined;
  for (const waiting of pending.values()) waiting.reject(reason);
  pending.clear();
}

/** Decodes one frame off the main thread. `source.bytes` is copied, never taken. */
export function decodeInWorker(layout: PixelLayout, source: FrameSource): Promise<DisplayImage> {
  const target = start();
  const id = nextId++;
  // Only the frame's bytes travel: posting a view would copy the whole file's buffer.
  const bytes = source.bytes.slice();
  const request: DecodeRequest = {
    id,
    layout: plainLayout(layout),
    source: { bytes, bitOffset: source.bitOffset },
  };
  return new Promise<DisplayImage>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    target.postMessage(request, [bytes.buffer]);
  });
}

/** An image view holds the worker while it is shown; the returned function lets go. */
export function holdDecoder(): () => void {
  users++;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = undefined;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    users--;
    if (users === 0) {
      idleTimer = setTimeout(() => {
        if (users === 0 && pending.size === 0) stop(new Error('The image decoder was stopped.'));
      }, IDLE_MS);
    }
  };
}
