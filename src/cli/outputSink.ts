/**
 * Where outputs go: files under the output directory, or entries of one zip file (zipSink.ts).
 * Names are already made unique and checked (UniqueNames) by the caller; sinks still refuse to
 * write anywhere but strictly inside their directory.
 *
 * A file appears under its final name only when it is complete: it is written under a
 * temporary name beside it (TEMP_SUFFIX) and renamed, so that a run killed at any moment, or
 * stopped by a full disk, leaves no truncated file that looks finished. A resumed run removes
 * the temporary files it finds (resume.ts).
 */
import { lstat, mkdir, open, rename, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { outputPathProblem } from '../core/report/outputNames';
import { splitChunksAt } from '../core/dicom/byteChunks';
import { inputRange, type InputSplice } from './inputSplice';
import { giveBack } from './outputBuffers';

/** Ends the name of an output being written; never the end of a name the engine makes. */
export const TEMP_SUFFIX = '.dicomanon-tmp';

export interface OutputSink {
  /**
   * Writes one output: `chunks`, with the input's bytes of `splice` inserted when given.
   * Throws (with a reason fit for the report) when it cannot; InputReadError when the input's
   * bytes of `splice` could not be read.
   */
  write(name: string, chunks: readonly Uint8Array[], splice?: InputSplice): Promise<void>;
  /** Completes the output (the zip's central directory); nothing is written after. */
  close(): Promise<void>;
  /** Gives up on a run that stopped: a zip is left unfinished, under its partial name. */
  abandon?(): Promise<void>;
  /**
   * True when one failed write spoils every later one (a zip is one stream: an entry cut
   * short leaves it truncated), so the run must stop rather than fail file after file.
   */
  readonly oneStream: boolean;
}

/** Reading the input (for a splice) failed, not writing the output: the input alone fails. */
export class InputReadError extends Error {
  override readonly name = 'InputReadError';
  constructor(readonly error: unknown) {
    super('the input could not be read');
  }
}

export class DirectorySink implements OutputSink {
  readonly oneStream = false;
  private readonly madeDirs = new Set<string>();

  /**
   * `replace`: a resumed run may write over a file of the interrupted one (complete, but not
   * yet in its journal). A new run never replaces anything: its directory started empty.
   */
  constructor(
    private readonly root: string,
    private readonly replace = false,
  ) {}

  async write(name: string, chunks: readonly Uint8Array[], splice?: InputSplice): Promise<void> {
    const problem = outputPathProblem(name);
    if (problem) throw new Error(problem);
    const target = path.join(this.root, ...name.split('/'));
    const dir = path.dirname(target);
    if (!this.madeDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    const temp = `${target}${TEMP_SUFFIX}`;
    // "w": a temporary file left by a killed run is written over; the final name is not.
    const handle = await open(temp, 'w');
    try {
      if (splice) {
        const [before, after] = splitChunksAt(chunks, splice.at);
        await writeAll(handle, before);
        await copyInput(handle, splice);
        await writeAll(handle, after);
      } else {
        await writeAll(handle, chunks);
      }
      await handle.close();
      if (!this.replace && (await exists(target))) {
        throw Object.assign(new Error('the output file already exists'), { code: 'EEXIST' });
      }
      await rename(temp, target);
      // Written: the buffers can carry a next output (outputBuffers.ts).
      giveBack(chunks);
    } catch (error) {
      await handle.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {}
}

/** The input's image data into the output; a failure to read it is the input's, not ours. */
async function copyInput(handle: FileHandle, splice: InputSplice): Promise<void> {
  const blocks = inputRange(splice);
  for (;;) {
    let next: IteratorResult<Uint8Array>;
    try {
      next = await blocks.next();
    } catch (error) {
      throw new InputReadError(error);
    }
    if (next.done) return;
    await writeAll(handle, [next.value]);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch {
    return false;
  }
}

/** Bytes writeAll may still write, in a full-disk test (testHooks.ts); unlimited otherwise. */
let testBytesLeft = Number.POSITIVE_INFINITY;

export function limitOutputForTests(bytes: number | undefined): void {
  testBytesLeft = bytes ?? Number.POSITIVE_INFINITY;
}

/** Space given back in a full-disk test: a file deleted (reportReserve.ts). */
export function freedForTests(bytes: number): void {
  testBytesLeft += bytes;
}

/** writev writes everything or reports how much it did; finish a short write chunk by chunk. */
export async function writeAll(handle: FileHandle, chunks: readonly Uint8Array[]): Promise<void> {
  const total = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  if (total > testBytesLeft) {
    throw Object.assign(new Error('no space left (test limit)'), { code: 'ENOSPC' });
  }
  testBytesLeft -= total;
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
