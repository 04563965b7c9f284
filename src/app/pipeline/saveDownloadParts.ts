/**
 * The fallback where the File System Access pickers are missing: the output is cut into
 * standalone zip archives of at most `maxPartBytes` (SplitZipWriter), each built as a Blob and
 * downloaded as soon as it is complete, so that only one part is held at a time, and that in a
 * temporary file where the browser allows (spilledBlob.ts). One big Blob
 * cannot serve multi-gigabyte studies (Chromium could not read Blobs beyond about 500 MB,
 * ../shared/DESIGN.md). A run that fits in one part gets a single `<base>.zip`.
 *
 * When a part cannot be built or handed over (the temporary file's disk is full, the browser
 * refuses the Blob), saving stops for good: every later write fails with the same message,
 * which says which parts were downloaded and how many files they hold, and a small
 * `<base>-unfinished.txt` listing them is downloaded, since report.json never will be. Nothing
 * is lost silently. A download the browser blocks after the click (a refused "several
 * downloads" question) is not reported to the page by any browser: that one the user sees.
 */
import { SplitZipWriter } from '../../core/zip/splitZipWriter';
import { splitChunksAt } from '../../core/dicom/byteChunks';
import { zipEntryOf } from './blobSplice';
import { ChunkCoalescer } from './chunkCoalescer';
import { downloadBlob } from './download';
import { describeSaveError } from './runRecorder';
import { SpilledBlobWriter } from './spilledBlob';
import type { OutputSaver } from './saver';

export type BlobDownloader = (blob: Blob, fileName: string) => void;

/** Where a part's bytes gather (SpilledBlobWriter; tests make one that fails). */
export interface PartBytes {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<Blob>;
  drop(): void;
}

/** Saving parts stopped: its message says what was downloaded (see the contract above). */
export class PartsSaveStopped extends Error {
  override readonly name = 'PartsSaveStopped';
}

export function openDownloadPartsSaver(
  baseName: string,
  maxPartBytes: number,
  download: BlobDownloader = downloadBlob,
  partBytes: (index: number) => PartBytes = () => new SpilledBlobWriter(),
): OutputSaver {
  let finishing = false;
  let aborted = false;
  let stopped: PartsSaveStopped | undefined;
  /** The bytes being gathered, of the one part being built (the zip writer builds in turn). */
  let bytes: PartBytes | undefined;
  /** Names only (pseudonyms): the files of each part, and the parts handed to the browser. */
  const filesOf: string[][] = [];
  const downloaded: Array<{ name: string; files: readonly string[] }> = [];
  let building = 0;
  const zip = new SplitZipWriter(
    (index) => {
      building = index;
      filesOf[index] = [];
      // The part's bytes go to a Blob the browser may keep on disk (SpilledBlobWriter), small
      // chunks gathered first; a large input's image data is the input File's slice as it is.
      const pieces: Blob[] = [];
      const endBytes = async () => {
        if (bytes) pieces.push(await bytes.close());
        bytes = undefined;
      };
      const coalescer = new ChunkCoalescer((chunk) => (bytes ??= partBytes(index)).write(chunk));
      return {
        write: coalescer.push,
        async writeBlob(blob) {
          await coalescer.flush();
          await endBytes();
          pieces.push(blob);
        },
        async close() {
          await coalescer.flush();
          await endBytes();
          if (aborted) return;
          // The first part closes either because a second starts or because the run ends.
          const single = finishing && index === 0;
          const name = single ? `${baseName}.zip` : `${baseName}-part${index + 1}.zip`;
          download(new Blob(pieces, { type: 'application/zip' }), name);
          downloaded.push({ name, files: filesOf[index]! });
        },
      };
    },
    { maxPartBytes },
  );
  const stop = (error: unknown): PartsSaveStopped => {
    if (stopped) return stopped;
    bytes?.drop();
    bytes = undefined;
    stopped = partsStopped(error, building, baseName, downloaded, download);
    return stopped;
  };
  return {
    async write(path, chunks, splice) {
      if (stopped) throw stopped;
      try {
        if (!splice) await zip.addFile(path, chunks);
        else {
          const { size, crc } = zipEntryOf(chunks, splice);
          const [before, after] = splitChunksAt(chunks, splice.at);
          await zip.addStreamedFile(path, size, crc, [...before, splice.data, ...after]);
        }
      } catch (error) {
        throw stop(error);
      }
      filesOf[building]!.push(path);
    },
    async finish() {
      if (stopped) throw stopped;
      finishing = true;
      try {
        await zip.finish();
      } catch (error) {
        throw stop(error);
      }
    },
    async abort() {
      // The part being built is dropped; parts already downloaded are complete archives.
      aborted = true;
      bytes?.drop();
      bytes = undefined;
    },
  };
}

/** The failure in words with what was downloaded, and the list of it downloaded if possible. */
function partsStopped(
  error: unknown,
  index: number,
  baseName: string,
  downloaded: ReadonlyArray<{ name: string; files: readonly string[] }>,
  download: BlobDownloader,
): PartsSaveStopped {
  const files = downloaded.reduce((sum, part) => sum + part.files.length, 0);
  const parts = downloaded.length;
  const what =
    parts === 0
      ? 'No part was downloaded before.'
      : `${plural(parts, 'part')} (${downloaded.map((p) => p.name).join(', ')}) ` +
        `${parts === 1 ? 'was' : 'were'} downloaded before, complete, with ` +
        `${plural(files, 'file')}.`;
  const listName = `${baseName}-unfinished.txt`;
  const text =
    `Saving stopped: part ${index + 1} could not be made: ${describeSaveError(error)} ${what} ` +
    'The run was not finished, so report.json was not written.\n' +
    downloaded.map((part) => part.files.map((file) => `${part.name}\t${file}\n`).join('')).join('');
  let listed = parts > 0;
  if (listed) {
    try {
      download(new Blob([text], { type: 'text/plain' }), listName);
    } catch {
      listed = false;
    }
  }
  return new PartsSaveStopped(
    `part ${index + 1} could not be made: ${describeSaveError(error)} ${what} ` +
      (listed ? `${listName}, downloaded too, lists their files. ` : '') +
      'The run was stopped: no other file was saved, and no report.',
  );
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
