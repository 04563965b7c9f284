import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32.ts';

/** Deterministic bytes (mulberry32), so that a failure can be reproduced. */
function randomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let a = seed >>> 0;
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (t ^ (t >>> 14)) >>> 24;
  }
  return out;
}

describe('crc32', () => {
  it('gives the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it("agrees with zlib's crc32 for every length and alignment around the 16-byte steps", () => {
    const bytes = randomBytes(400, 1);
    for (let start = 0; start < 8; start++) {
      for (let end = start; end <= bytes.length; end++) {
        const part = bytes.subarray(start, end);
        expect(crc32(part), `[${start}, ${end})`).toBe(zlib.crc32(part));
      }
    }
  });

  it('continues across chunks like zlib', () => {
    const bytes = randomBytes(1 << 20, 2);
    const whole = zlib.crc32(bytes);
    expect(crc32(bytes)).toBe(whole);
    let crc = 0;
    for (let at = 0, step = 1; at < bytes.length; at += step, step = (step * 7 + 3) % 5000) {
      crc = crc32(bytes.subarray(at, at + step), crc);
    }
    expect(crc).toBe(whole);
    expect(crc32(bytes.subarray(1000), zlib.crc32(bytes.subarray(0, 1000)))).toBe(whole);
  });

  it('handles all-ones and all-zero data (every table entry extreme)', () => {
    for (const fill of [0x00, 0xff]) {
      const bytes = new Uint8Array(4099).fill(fill);
      expect(crc32(bytes)).toBe(zlib.crc32(bytes));
    }
  });
});
