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

  /** How many ranges there are. */
  get count(): number {
    return this.sources.length;
  }

  /**
   * Copies every range, in order, into `out` from its first byte (`size` bytes). Short ranges
   * (element headers, edited values: most of an edited file's ranges) are copied byte by byte:
   * making a view of each to hand to `set` cost more than the copy.
   */
  copyTo(out: Uint8Array): void {
    let pos = 0;
    for (let i = 0; i < this.sources.length; i++) {
      const source = this.sources[i]!;
      const start = this.starts[i]!;
      const end = this.ends[i]!;
      if (end - start <= SHORT_RANGE) {
        for (let at = start; at < end; at++) out[pos++] = source[at]!;
      } else {
        out.set(source.subarray(start, end), pos);
        pos += end - start;
      }
    }
  }
}

/** Ranges up to this many bytes are copied by a loop rather than by a view and `set`. */
const SHORT_RANGE = 64;

/** The chunks as one array: the only chunk itself when there is one, else a copy. */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let pos = 0;
  for (const chunk of chunks) {
    out.set(chunk, pos);
    pos += chunk.byteLength;
  }
  return out;
}

/** The chunks before and after byte `at` of their concatenation (views, no copy). */
export function splitChunksAt(
  chunks: readonly Uint8Array[],
  at: number,
): [Uint8Array[], Uint8Array[]] {
  const before: Uint8Array[] = [];
  const after: Uint8Array[] = [];
  let pos = 0;
  for (const chunk of chunks) {
    const cut = Math.max(0, Math.min(chunk.byteLength, at - pos));
    if (cut > 0) before.push(chunk.subarray(0, cut));
    if (cut < chunk.byteLength) after.push(chunk.subarray(cut));
    pos += chunk.byteLength;
  }
  return [before, after];
}
