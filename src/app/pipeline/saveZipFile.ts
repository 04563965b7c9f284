/**
 * Saving as one zip file the user picks (showSaveFilePicker): the archive is streamed straight
 * to disk, so memory stays flat whatever its size (../shared/DESIGN.md: this works from file://
 * too). Each write is awaited before the next: the disk's pace holds the run back, not memory.
 * Until the stream is closed the browser writes to a temporary file; aborting discards it.
 */
import { ZipStreamWriter } from '../../core/zip/zipStreamWriter';
import { blobBlocks } from '../../worker/blobBlocks';
import { splitChunksAt } from '../../core/dicom/byteChunks';
import { zipEntryOf } from './blobSplice';
import { ChunkCoalescer } from './chunkCoalescer';
import { showSaveFilePicker } from './fileSystemAccess';
import type { OutputSaver } from './saver';

export async function openZipFileSaver(baseName: string): Promise<OutputSaver> {
  const handle = await showSaveFilePicker({
    suggestedName: `${baseName}.zip`,
    types: [{ description: 'ZIP archive', accept: { 'application/zip': ['.zip'] } }],
    id: 'dicomanon-output',
  });
  return zipToStream(await handle.createWritable());
}

/** A zip written into any WritableStream (a file's, or a test's). */
export function zipToStream(stream: WritableStream): OutputSaver {
  const writer = stream.getWriter();
  const coalescer = new ChunkCoalescer((chunk) => writer.write(chunk));
  const zip = new ZipStreamWriter(coalescer.push);
  return {
    write(path, chunks, splice) {
      if (!splice) return zip.addFile(path, chunks);
      const { size, crc } = zipEntryOf(chunks, splice);
      const [before, after] = splitChunksAt(chunks, splice.at);
      return zip.addStreamedFile(path, size, crc, [
        ...before,
        () => blobBlocks(splice.data),
        ...after,
      ]);
    },
    async finish() {
      await zip.finish();
      await coalescer.flush();
      await writer.close();
    },
    async abort() {
      await writer.abort().catch(() => {});
    },
  };
}
