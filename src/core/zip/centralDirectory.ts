/**
 * The central directory, encoded as entries are added and kept in pages until the archive ends.
 * Encoding at once keeps memory at the directory's own size (about 46 bytes plus the name per
 * entry) instead of an object and a name array per entry, which costs several times that for
 * hundreds of thousands of files; pages avoid copying a growing buffer.
 */
import {
  centralHeaderSize,
  writeCentralHeader,
  type DosStamp,
  type ZipEntry,
} from './zipRecords.ts';

const PAGE_SIZE = 256 * 1024;

export class CentralDirectory {
  private readonly full: Uint8Array[] = [];
  private page = new Uint8Array(0);
  private view = new DataView(this.page.buffer);
  private used = 0;
  /** Bytes encoded so far. */
  size = 0;
  entries = 0;

  constructor(private readonly stamp: DosStamp) {}

  add(entry: ZipEntry): void {
    const length = centralHeaderSize(entry.name.length, entry.size, entry.offset);
    if (this.used + length > this.page.length) {
      if (this.used) this.full.push(this.page.subarray(0, this.used));
      this.page = new Uint8Array(Math.max(PAGE_SIZE, length));
      this.view = new DataView(this.page.buffer);
      this.used = 0;
    }
    this.used += writeCentralHeader(this.page, this.view, this.used, entry, this.stamp);
    this.size += length;
    this.entries++;
  }

  /** The encoded directory, in order. */
  pages(): Uint8Array[] {
    return this.used ? [...this.full, this.page.subarray(0, this.used)] : [...this.full];
  }
}
