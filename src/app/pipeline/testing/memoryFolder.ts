/** Test-only: a folder as the File System Access API shows it, in memory. */
import type { DirectoryHandleLike, FileHandleLike } from '../fileSystemAccess';

export class MemoryFolder implements DirectoryHandleLike {
  readonly folders = new Map<string, MemoryFolder>();
  readonly files = new Map<string, Uint8Array[]>();
  async getDirectoryHandle(name: string, options?: { create?: boolean }) {
    let folder = this.folders.get(name);
    if (!folder) {
      if (!options?.create) throw new DOMException('no such folder', 'NotFoundError');
      this.folders.set(name, (folder = new MemoryFolder()));
    }
    return folder;
  }
  async getFileHandle(name: string, options?: { create?: boolean }): Promise<FileHandleLike> {
    if (!options?.create) throw new DOMException('no such file', 'NotFoundError');
    return {
      createWritable: async () => {
        const chunks: Uint8Array[] = [];
        // FileSystemWritableFileStream takes Blobs as well as bytes.
        return new WritableStream<Uint8Array | Blob>({
          write: async (chunk) => {
            chunks.push(
              chunk instanceof Blob ? new Uint8Array(await chunk.arrayBuffer()) : chunk.slice(),
            );
          },
          close: () => void this.files.set(name, chunks),
        });
      },
    };
  }
  async *values() {
    yield* this.folders.values();
    yield* this.files.values();
  }
}
