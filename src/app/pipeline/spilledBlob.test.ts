import { describe, expect, test } from 'vitest';
import { SpilledBlobWriter } from './spilledBlob';

describe('SpilledBlobWriter', () => {
  test('keeps the bytes as they were written, though the caller reuses its buffer', async () => {
    const writer = new SpilledBlobWriter();
    const buffer = new Uint8Array(1 << 20);
    for (let round = 0; round < 5; round++) {
      buffer.fill(round + 1);
      await writer.write(buffer);
    }
    const bytes = new Uint8Array(await (await writer.close()).arrayBuffer());
    expect(bytes.length).toBe(5 << 20);
    for (let round = 0; round < 5; round++) {
      const part = bytes.subarray(round << 20, (round + 1) << 20);
      expect(part.every((byte) => byte === round + 1)).toBe(true);
    }
  });

  test('a dropped writer gives no Blob', async () => {
    const writer = new SpilledBlobWriter();
    await writer.write(new Uint8Array([1, 2, 3]));
    writer.drop();
    await expect(writer.close()).rejects.toThrow();
  });
});
