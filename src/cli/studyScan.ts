/**
 * The CLI's header scan before de-identification: every input's header (never its images) is
 * read with the app's own scan (core/scan/scanHeader.ts, less the values the app shows), so
 * that each file is de-identified with the identifying values of its whole study, exactly as
 * the app does. A file whose header cannot be read here is simply not part of any study: its
 * own run reports the problem.
 */
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { StudyValueIndex, type StudyValue } from '../core/deid/studyValues';
import { scanStudyOf } from '../core/scan/scanHeader';
import { fsPath } from './inputPath';
import type { InputEntry } from './walk';

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
/** Headers read between two turns of the event loop (about 25 ms of work). */
const YIELD_EVERY = 256;
/** Headers up to this size are read into one reused buffer. */
const KEEP_SCRATCH_BYTES = 256 * 1024;

export interface StudyScan {
  /** The identifying values of input `index`'s study; empty when it has none. */
  valuesOf(index: number): readonly StudyValue[];
}

/**
 * Headers are read one after the other with blocking calls: with 16 asynchronous readers each
 * open, read and close was a round trip through libuv's thread pool, which cost twice the
 * processor time of the reads and parsing on a study of small files. (On a cold disk the
 * kernel's read-ahead still serves each header; the reads are small.) `signal` stops it between
 * two turns, with the signal's reason thrown.
 */
export async function scanStudies(
  entries: readonly InputEntry[],
  signal?: AbortSignal,
): Promise<StudyScan> {
  const index = new StudyValueIndex();
  const studyOf = new Array<string>(entries.length).fill('');
  // One string per study, not one per file: a header's key is a fresh string of about 90
  // bytes, kept for the whole run (9 MB for 100,000 files of a few studies).
  const keys = new Map<string, string>();
  const scratch = { bytes: new Uint8Array(0) };
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.decided || entry.size === 0) continue;
    // The blocking reads hold the event loop: Ctrl-C's handler gets a turn now and then.
    if (i % YIELD_EVERY === YIELD_EVERY - 1) {
      await new Promise((resolve) => setImmediate(resolve));
      signal?.throwIfAborted();
    }
    const summary = await scanOne(entry, scratch);
    if (!summary) continue;
    let key = keys.get(summary.studyKey);
    if (key === undefined) keys.set(summary.studyKey, (key = summary.studyKey));
    studyOf[i] = key;
    index.add(summary.studyKey, summary.studyValues);
  }
  // Each study's list is made once and shared by its files.
  const lists = new Map<string, readonly StudyValue[]>();
  return {
    valuesOf(i) {
      const key = studyOf[i] ?? '';
      if (key === '') return [];
      let list = lists.get(key);
      if (!list) lists.set(key, (list = index.valuesOf(key)));
      return list;
    },
  };
}

/**
 * `scratch`: one buffer, read into file after file. A fresh (zeroed) buffer per header cost
 * more than reading into it on a study of small files; the summary holds strings only, so
 * nothing refers to the bytes once a file is scanned.
 */
async function scanOne(entry: InputEntry, scratch: { bytes: Uint8Array }) {
  let fd: number;
  try {
    fd = openSync(fsPath(entry.absPath), OPEN_FLAGS);
  } catch {
    return undefined;
  }
  try {
    const read = (length: number): Promise<Uint8Array> => {
      // A longer read (the header runs on) starts again from the file's first byte. Rare long
      // headers get a buffer of their own, so that one does not stay for the whole scan.
      if (scratch.bytes.length < length && length <= KEEP_SCRATCH_BYTES) {
        scratch.bytes = new Uint8Array(length);
      }
      const bytes =
        length <= scratch.bytes.length ? scratch.bytes.subarray(0, length) : new Uint8Array(length);
      let filled = 0;
      while (filled < length) {
        const bytesRead = readSync(fd, bytes, filled, length - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return Promise.resolve(bytes.subarray(0, filled));
    };
    return await scanStudyOf(read, entry.size);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
