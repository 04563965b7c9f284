/**
 * --zip: outputs become entries of one zip file (store only, Zip64, fixed time stamps, entries
 * in input order), written as they come, so the archive never needs to fit in memory. The file
 * is created with "wx": an existing file is never replaced.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { ZipStreamWriter } from '../core/zip/zipStreamWriter';
import { splitChunksAt } from '../core/dicom/byteChunks';
import { inputRange, type InputSplice } from './inputSplice';
import { writeAll, type OutputSink } from './outputSink';

export class ZipFileSink implements OutputSink {
  private constructor(
    private readonly handle: FileHandle,
    private readonly writer: ZipStreamWriter,
  ) {}

  static async create(file: string): Promise<ZipFileSink> {
    await mkdir(path.dirname(file), { recursive: true });
    const handle = await open(file, 'wx');
    return new ZipFileSink(handle, new ZipStreamWriter((chunk) => writeAll(handle, [chunk])));
  }

  async write(name: string, chunks: readonly Uint8Array[], splice?: InputSplice): Promise<void> {
    if (!splice) return this.writer.addFile(name, chunks);
    if (splice.crc32 === undefined) throw new Error('a zip entry needs the CRC of its image data');
    const [before, after] = splitChunksAt(chunks, splice.at);
    const size =
      chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0) + splice.end - splice.start;
    await this.writer.addStreamedFile(name, size, splice.crc32, [
      ...before,
      () => inputRange(splice),
      ...after,
    ]);
  }

  async close(): Promise<void> {
    try {
      await this.writer.finish();
    } finally {
      await this.handle.close();
    }
  }
}
