/**
 * Where a run's outputs go. Every saver takes files in the order the run commits them (input
 * order) under names already made unique, and is told at the end whether the run finished.
 * Nothing here is read back: outputs pass through once.
 */
import type { BlobSplice } from './blobSplice';
import { openDirectorySaver } from './saveDirectory';
import { openDownloadPartsSaver } from './saveDownloadParts';
import { openZipFileSaver } from './saveZipFile';
import type { SaveTarget } from './types';

export interface OutputSaver {
  /**
   * Saves one file: `chunks`, with a large input's image data inserted when `splice` is given.
   * Resolves when it is saved; rejects when saving cannot go on at all.
   */
  write(path: string, chunks: readonly Uint8Array[], splice?: BlobSplice): Promise<void>;
  /** Completes the output (a zip's central directory, the last part's download). */
  finish(): Promise<void>;
  /** Gives up: an unfinished zip file is discarded; what was already saved elsewhere stays. */
  abort(): Promise<void>;
  /**
   * A saver for more files into the same place after finish(), where that place allows it (a
   * folder); absent where the output was closed for good (a zip's central directory is
   * written, a part downloaded).
   */
  readonly reopen?: () => OutputSaver;
}

/** `dicomanon-20250131-1405`: today's date and time (not a patient's), for the saved names. */
export function archiveBaseName(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}`;
  return `dicomanon-${day}-${pad(date.getHours())}${pad(date.getMinutes())}`;
}

/**
 * Opens the saver for `target`. The pickers need the user's click: call this before any other
 * await of the run (a picker the user closes rejects with an AbortError).
 */
export async function openSaver(target: SaveTarget, baseName: string): Promise<OutputSaver> {
  switch (target.kind) {
    case 'file-picker':
      return openZipFileSaver(baseName);
    case 'directory-picker':
      return openDirectorySaver(baseName);
    case 'download-parts':
      return openDownloadPartsSaver(baseName, target.maxPartBytes);
  }
}
