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

  /** Appends bytes that stand alone; they are never merged with what follows. */
  add(bytes: Uint8Array): number {
    this.sources.push(bytes);
    this.starts.push(0);
    this.ends.push(bytes.length);
    this.size += bytes.length;
    // A fresh array is never the continuation of another range, so this chunk stays separate.
    return this.sources.length - 1;
  }

  /** Replaces a chunk that `add` returned, with bytes of the same length. */
  replace(index: number, bytes: Uint8Array): void {
    if (this.ends[index]! - this.starts[index]! !== bytes.length)
      throw new Error('replacement changes length');
    this.sources[index] = bytes;
    this.starts[index] = 0;
    this.ends[index] = bytes.length;
  }

  append(other: ByteChunks): void {
    for (let i = 0; i < other.sources.length; i++)
      this.copy(other.sources[i]!, other.starts[i]!, other.ends[i]!);
  }

  /** The ranges as views into their sources, for writers that stream (no copy). */
  views(): Uint8Array[] {
    return this.sources.map((s, i) => s.subarray(this.starts[i], this.ends[i]));
  }

  /** One contiguous buffer. */
  concat(): Uint8Array {
    const out = new Uint8Array(this.size);
    let pos = 0;
    for (let i = 0; i < this.sources.length; i++) {
      const view = this.sources[i]!.subarray(this.starts[i], this.ends[i]);
      out.set(view, pos);
      pos += view.length;
    }
    return out;
  }
}
