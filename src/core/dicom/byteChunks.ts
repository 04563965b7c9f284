/**
 * An output under construction as a list of byte ranges. Ranges of the same source that follow
 * each other are merged, so an untouched run of elements costs one copy, however many elements.
 */
export class ByteChunks {
  private readonly sources: Uint8Array[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  size = 0;

  /** Appends source[start, end). */
  copy(source: Uint8Array, start: number, end: number): void {
    if (end <= start) return;
    const last = this.sources.length - 1;
    if (last >= 0 && this.sources[last] === source && this.ends[last] === start) {
      this.ends[last] = end;
    } else {
      this.sources.push(source);
      this.starts.push(start);
      this.ends.push(end);
    }
    this.size += end - start;
  }

  /** Appends all of `bytes`. */
  add(bytes: Uint8Array): void {
    this.copy(bytes, 0, bytes.length);
  }

  append(other: ByteChunks): void {
    for (let i = 0; i < other.sources.length; i++)
      this.copy(other.sources[i]!, other.starts[i]!, other.ends[i]!);
  }

  /** The ranges as views into their sources, for writers that stream (no copy). */
  views(): Uint8Array[] {
    return this.sources.map((s, i) => s.subarray(this.starts[i], this.ends[i]));
  }
}
