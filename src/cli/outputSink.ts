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
import { closeSync, lstatSync, openSync, renameSync, unlinkSync, writevSync } from 'node:fs';
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
    if (!splice) return this.writeNow(temp, target, chunks);
    // "w": a temporary file left by a killed run is written over; the final name is not.
    const handle = await open(temp, 'w');
    try {
      const [before, after] = splitChunksAt(chunks, splice.at);
      await writeAll(handle, before);
      await copyInput(handle, splice);
      await writeAll(handle, after);
      await handle.close();
      if (!this.replace && (await exists(target))) throw alreadyExists();
      await rename(temp, target);
      // Written: the buffers can carry a next output (outputBuffers.ts).
      giveBack(chunks);
    } catch (error) {
      await handle.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  /**
   * An output held in memory, written with blocking calls: each asynchronous call was a round
   * trip through libuv's thread pool (a wake-up of a pool thread and of the main thread), and
   * the five per output cost more processor time than the writing on a study of small files.
   * Outputs are committed one after the other anyway, so nothing waited on them in parallel;
   * the main thread only delays its next message by one file's write.
   */
  private writeNow(temp: string, target: string, chunks: readonly Uint8Array[]): void {
    const fd = openSync(temp, 'w');
    try {
      writeAllSync(fd, chunks);
    } catch (error) {
      try {
        closeSync(fd);
      } catch {
        // The write's own error is the one to report.
      }
      unlinkQuietly(temp);
      throw error;
    }
    try {
      closeSync(fd);
      if (!this.replace && lstatSync(target, { throwIfNoEntry: false })) throw alreadyExists();
      renameSync(temp, target);
    } catch (error) {
      unlinkQuietly(temp);
      throw error;
    }
    giveBack(chunks);
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

function alreadyExists(): Error {
  return Object.assign(new Error('the output file already exists'), { code: 'EEXIST' });
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Nothing to remove, or it cannot be: the write's own error is the one to report.
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

/** The test limit of writeAll and writeAllSync: throws ENOSPC once it is used up. */
function spendTestBytes(chunks: readonly Uint8Array[]): number {
  const total = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  if (total > testBytesLeft) {
    throw Object.assign(new Error('no space left (test limit)'), { code: 'ENOSPC' });
  }
  testBytesLeft -= total;
  return total;
}

/** writev writes everything or reports how much it did; finish a short write chunk by chunk. */
export async function writeAll(handle: FileHandle, chunks: readonly Uint8Array[]): Promise<void> {
  const total = spendTestBytes(chunks);
  const skip = (await handle.writev([...chunks])).bytesWritten;
  if (skip === total) return;
  for (const rest of unwritten(chunks, skip)) {
    let left = rest;
    while (left.byteLength > 0) {
      const { bytesWritten } = await handle.write(left);
      left = left.subarray(bytesWritten);
    }
  }
}

/** writeAll with blocking calls, on a file descriptor. */
export function writeAllSync(fd: number, chunks: readonly Uint8Array[]): void {
  const total = spendTestBytes(chunks);
  // writevSync takes ArrayBufferViews; a list of one or many chunks alike.
  const skip = writevSync(fd, chunks as Uint8Array[]);
  if (skip === total) return;
  for (const rest of unwritten(chunks, skip)) {
    let left = rest;
    while (left.byteLength > 0) left = left.subarray(writevSync(fd, [left]));
  }
}

/** What a short write of `written` bytes left of `chunks`. */
function* unwritten(chunks: readonly Uint8Array[], written: number): Generator<Uint8Array> {
  let skip = written;
  for (const chunk of chunks) {
    if (skip >= chunk.byteLength) {
      skip -= chunk.byteLength;
      continue;
    }
    yield chunk.subarray(skip);
    skip = 0;
  }
}
