/**
 * The fallback where the File System Access pickers are missing: the output is cut into
 * standalone zip archives of at most `maxPartBytes` (SplitZipWriter), each built as a Blob and
 * downloaded as soon as it is complete, so that only one part is held at a time, and that in a
 * temporary file where the browser allows (spilledBlob.ts). One big Blob
 * cannot serve multi-gigabyte studies (Chromium could not read Blobs beyond about 500 MB,
 * ../shared/DESIGN.md). A run that fits in one part gets a single `<base>.zip`.
 */
import { SplitZipWriter } from '../../core/zip/splitZipWriter';
import { splitChunksAt } from '../../core/dicom/byteChunks';
import { zipEntryOf } from './blobSplice';
import { ChunkCoalescer } from './chunkCoalescer';
import { downloadBlob } from './download';
import { SpilledBlobWriter } from './spilledBlob';
import type { OutputSaver } from './saver';

export type BlobDownloader = (blob: Blob, fileName: string) => void;

export function openDownloadPartsSaver(
  baseName: string,
  maxPartBytes: number,
  download: BlobDownloader = downloadBlob,
): OutputSaver {
  let finishing = false;
  let aborted = false;
  /** The bytes being gathered, of the one part being built (the zip writer builds in turn). */
  let bytes: SpilledBlobWriter | undefined;
  const zip = new SplitZipWriter(
    (index) => {
      // The part's bytes go to a Blob the browser may keep on disk (SpilledBlobWriter), small
      // chunks gathered first; a large input's image data is the input File's slice as it is.
      const pieces: Blob[] = [];
      const endBytes = async () => {
        if (bytes) pieces.push(await bytes.close());
        bytes = undefined;
      };
      const coalescer = new ChunkCoalescer((chunk) =>
        (bytes ??= new SpilledBlobWriter()).write(chunk),
      );
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
      bytes?.drop();
      bytes = undefined;
    },
  };
}
