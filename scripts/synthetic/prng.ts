/**
 * Seeded PRNG (sfc32, seeded through splitmix32): fast, good enough, and never Math.random, so
 * that the same seed always gives the same sequence: the same synthetic files, the same fuzzing.
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.float() * (maxInclusive - min + 1));
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(0, list.length - 1)]!;
  }

  /** A UID under 2.25: the decimal form of a (deterministic) version 4 UUID. */
  uid(): string {
    const words = [this.u32(), this.u32(), this.u32(), this.u32()];
    words[1] = ((words[1]! & 0xffff0fff) | 0x00004000) >>> 0; // version 4
    words[2] = ((words[2]! & 0x3fffffff) | 0x80000000) >>> 0; // RFC 4122 variant
    let n = 0n;
    for (const w of words) n = (n << 32n) | BigInt(w);
    return `2.25.${n.toString()}`;
  }
}
