/**
 * The fallback where the File System Access pickers are missing: the output is cut into
 * standalone zip archives of at most `maxPartBytes` (SplitZipWriter), each built as a Blob and
 * downloaded as soon as it is complete, so that only one part is held at a time. One big Blob
 * cannot serve multi-gigabyte studies (Chromium could not read Blobs beyond about 500 MB,
 * ../shared/DESIGN.md). A run that fits in one part gets a single `<base>.zip`.
 */
import { SplitZipWriter } from '../../core/zip/splitZipWriter';
import { splitChunksAt } from '../../core/dicom/byteChunks';
import { zipEntryOf } from './blobSplice';
import { ChunkCoalescer } from './chunkCoalescer';
import { downloadBlob } from './download';
import type { OutputSaver } from './saver';

export type BlobDownloader = (blob: Blob, fileName: string) => void;

export function openDownloadPartsSaver(
  baseName: string,
  maxPartBytes: number,
  download: BlobDownloader = downloadBlob,
): OutputSaver {
  let finishing = false;
  let aborted = false;
  const zip = new SplitZipWriter(
    (index) => {
      // The zip writer hands over its callers' buffers: the Blob constructor copies them, and
      // small chunks are gathered first so that a part is a few hundred Blobs, not thousands.
      const pieces: Blob[] = [];
      const coalescer = new ChunkCoalescer((chunk) => {
        pieces.push(new Blob([chunk as Uint8Array<ArrayBuffer>]));
      });
      return {
        write: coalescer.push,
        // A large input's image data: the slice of the input File goes into the part as it is.
        async writeBlob(blob) {
          await coalescer.flush();
          pieces.push(blob);
        },
        async close() {
          await coalescer.flush();
          if (aborted) return;
          // The first part closes either because a second starts or because the run ends.
          const single = finishing && index === 0;
          const name = single ? `${baseName}.zip` : `${baseName}-part${index + 1}.zip`;
          download(new Blob(pieces, { type: 'application/zip' }), name);
        },
      };
    },
    { maxPartBytes },
  );
  return {
    write(path, chunks, splice) {
      if (!splice) return zip.addFile(path, chunks);
      const { size, crc } = zipEntryOf(chunks, splice);
      const [before, after] = splitChunksAt(chunks, splice.at);
      return zip.addStreamedFile(path, size, crc, [...before, splice.data, ...after]);
    },
    async finish() {
      finishing = true;
      await zip.finish();
    },
    async abort() {
      // The part being built is dropped; parts already downloaded are complete archives.
      aborted = true;
    },
  };
}
