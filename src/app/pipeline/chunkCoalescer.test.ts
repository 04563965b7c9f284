import { describe, expect, it } from 'vitest';
import { ChunkCoalescer } from './chunkCoalescer';

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);

describe('ChunkCoalescer', () => {
  it('joins small chunks, passes large ones through in order, and loses nothing', async () => {
    const writes: Uint8Array[] = [];
    const sink = new ChunkCoalescer((chunk) => void writes.push(chunk.slice()), 100, 40);
    const input = [
      bytes(10, 1),
      bytes(20, 2),
      bytes(50, 3),
      bytes(30, 4),
      bytes(90, 5),
      bytes(5, 6),
    ];
    for (const chunk of input) await sink.push(chunk);
    await sink.flush();
    expect(writes.map((w) => w.length)).toEqual([30, 50, 30, 90, 5]);
    const joined = (parts: Uint8Array[]) => Buffer.concat(parts.map((p) => Buffer.from(p)));
    expect(joined(writes)).toEqual(joined(input));
  });

  it('writes out a full buffer before it would overflow', async () => {
    const sizes: number[] = [];
    const sink = new ChunkCoalescer((chunk) => void sizes.push(chunk.length), 100, 40);
    for (let i = 0; i < 7; i++) await sink.push(bytes(30, i));
    await sink.flush();
    expect(sizes).toEqual([90, 90, 30]);
  });

  it('copies small chunks, so the caller may reuse them at once', async () => {
    const writes: Uint8Array[] = [];
    const sink = new ChunkCoalescer((chunk) => void writes.push(chunk.slice()), 100, 40);
    const reused = bytes(10, 7);
    await sink.push(reused);
    reused.fill(0);
    await sink.flush();
    expect([...writes[0]!]).toEqual(Array(10).fill(7));
  });
});
