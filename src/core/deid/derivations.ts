/**
 * Everything derived from the user's key: new UIDs, patient pseudonyms, per-patient date
 * offsets, look-alike values and path tokens. Each is HMAC-SHA256(key, purpose + value), so the
 * same key and input give the same result on any machine, in any order, with no shared state.
 *
 * HMAC is asynchronous (WebCrypto), while the engine decides element by element: it first asks
 * for everything a file needs (`prepare`), then reads the results synchronously.
 */

/** HMAC-SHA256 under the user's key: WebCrypto in the browser, node:crypto in the CLI. */
export interface KeyedHash {
  sign(message: Uint8Array): Promise<Uint8Array>;
}

export type DerivationPurpose = 'uid' | 'patient' | 'date-offset' | 'similar' | 'path' | 'ae';

/** Derivations kept per generation of the cache (two generations are kept). */
const GENERATION_SIZE = 100_000;
const encoder = new TextEncoder();
// Crockford's base 32: no I, L, O or U, so a pseudonym cannot be misread or spell a word.
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export class KeyedDerivations {
  /**
   * A worker lives for thousands of files, and instance UIDs never repeat, so the cache is
   * forgotten a generation at a time: what a file prepared stays in the current generation, or
   * the one before it, until that file is written, however many files run meanwhile.
   */
  private done = new Map<string, Uint8Array>();
  private previous = new Map<string, Uint8Array>();

  constructor(private readonly hash: KeyedHash) {}

  async prepare(requests: Iterable<readonly [DerivationPurpose, string]>): Promise<void> {
    const missing = new Map<string, Promise<Uint8Array>>();
    for (const [purpose, value] of requests) {
      const id = cacheId(purpose, value);
      if (this.done.has(id) || missing.has(id)) continue;
      const earlier = this.previous.get(id);
      if (earlier) this.done.set(id, earlier);
      else missing.set(id, this.hash.sign(encoder.encode(id)));
    }
    if (missing.size === 0) return;
    const digests = await Promise.all(missing.values());
    let i = 0;
    for (const id of missing.keys()) this.done.set(id, digests[i++]!);
    if (this.done.size > GENERATION_SIZE) {
      this.previous = this.done;
      this.done = new Map();
    }
  }

  private digest(purpose: DerivationPurpose, value: string): Uint8Array {
    const id = cacheId(purpose, value);
    const digest = this.done.get(id) ?? this.previous.get(id);
    if (!digest) throw new Error(`internal: ${purpose} derivation was not prepared`);
    return digest;
  }

  /** "2.25." and a 128-bit number laid out as an RFC 9562 version 8 (custom) UUID. */
  uid(original: string): string {
    const bytes = this.digest('uid', original).slice(0, 16);
    bytes[6] = (bytes[6]! & 0x0f) | 0x80;
    bytes[8] = (bytes[8]! & 0x3f) | 0x80;
    let value = 0n;
    for (const byte of bytes) value = (value << 8n) | BigInt(byte);
    return `2.25.${value.toString()}`;
  }

  /** The pseudonym that replaces a patient's ID and name: "ANON" and 10 base-32 characters. */
  patientPseudonym(patientKey: string): string {
    return `ANON${base32(this.digest('patient', patientKey), 10)}`;
  }

  /** Whole days, between 1 and 3650, to move this patient's dates back by. */
  dateOffsetDays(patientKey: string): number {
    const d = this.digest('date-offset', patientKey);
    const n = ((d[0]! << 24) | (d[1]! << 16) | (d[2]! << 8) | d[3]!) >>> 0;
    return 1 + (n % 3650);
  }

  /** A short token for output paths (study, series, instance). */
  pathToken(value: string, length: number): string {
    return base32(this.digest('path', value), length);
  }

  /** An AE title for a device: the same device keeps the same title across files. */
  aeTitle(original: string): string {
    return `AE${base32(this.digest('ae', original), 8)}`;
  }

  /**
   * A value that looks like the original: same length, digits stay digits, letters stay letters
   * of the same case, everything else is kept (separators, spaces).
   */
  similar(original: string): string {
    const d = this.digest('similar', original);
    let out = '';
    for (let i = 0; i < original.length; i++) {
      const c = original[i]!;
      const r = d[i % d.length]! ^ (i >= d.length ? d[(i * 7) % d.length]! : 0);
      if (c >= '0' && c <= '9') out += String.fromCharCode(48 + (r % 10));
      else if (c >= 'A' && c <= 'Z') out += String.fromCharCode(65 + (r % 26));
      else if (c >= 'a' && c <= 'z') out += String.fromCharCode(97 + (r % 26));
      else out += c;
    }
    return out;
  }
}

function cacheId(purpose: DerivationPurpose, value: string): string {
  // The purpose is part of the HMAC message, so a UID and a patient ID that happen to be equal
  // still give unrelated results.
  return `dicomanon:${purpose}:${value}`;
}

function base32(bytes: Uint8Array, length: number): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= 0xff;
    if (out.length >= length) break;
  }
  return out;
}
