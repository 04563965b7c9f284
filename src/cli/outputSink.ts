/**
 * Where outputs go: files under the output directory, or entries of one zip file (zipSink.ts).
 * Names are already made unique and checked (UniqueNames) by the caller; sinks still refuse to
 * write anywhere but strictly inside their directory.
 */
import { mkdir, open, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { outputPathProblem } from '../core/report/outputNames';
import { splitChunksAt } from '../core/dicom/byteChunks';
import { inputRange, type InputSplice } from './inputSplice';

export interface OutputSink {
  /**
   * Writes one output: `chunks`, with the input's bytes of `splice` inserted when given.
   * Throws (with a reason fit for the report) when it cannot.
   */
  write(name: string, chunks: readonly Uint8Array[], splice?: InputSplice): Promise<void>;
  /** Completes the output (the zip's central directory); nothing is written after. */
  close(): Promise<void>;
}

export class DirectorySink implements OutputSink {
  private readonly madeDirs = new Set<string>();

  constructor(private readonly root: string) {}

  async write(name: string, chunks: readonly Uint8Array[], splice?: InputSplice): Promise<void> {
    const problem = outputPathProblem(name);
    if (problem) throw new Error(problem);
    const target = path.join(this.root, ...name.split('/'));
    const dir = path.dirname(target);
    if (!this.madeDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    // "wx": never replace a file, whatever is there (the directory started empty).
    const handle = await open(target, 'wx');
    try {
      if (splice) {
        const [before, after] = splitChunksAt(chunks, splice.at);
        await writeAll(handle, before);
        for await (const block of inputRange(splice)) await writeAll(handle, [block]);
        await writeAll(handle, after);
      } else {
        await writeAll(handle, chunks);
      }
      await handle.close();
    } catch (error) {
      await handle.close().catch(() => undefined);
      await unlink(target).catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {}
}

/** writev writes everything or reports how much it did; finish a short write chunk by chunk. */
export async function writeAll(handle: FileHandle, chunks: readonly Uint8Array[]): Promise<void> {
  const total = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  let skip = (await handle.writev([...chunks])).bytesWritten;
  if (skip === total) return;
  for (const chunk of chunks) {
    if (skip >= chunk.byteLength) {
      skip -= chunk.byteLength;
      continue;
    }
    let rest = chunk.subarray(skip);
    skip = 0;
    while (rest.byteLength > 0) {
      const { bytesWritten } = await handle.write(rest);
      rest = rest.subarray(bytesWritten);
    }
  }
}
