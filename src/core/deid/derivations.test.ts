import { describe, expect, it } from 'vitest';
import { KeyedDerivations, type DerivationPurpose } from './derivations';
import { nodeKeyedHash } from '../../node/nodeKeyedHash';
import { webCryptoKeyedHash } from './keys';

const KEY_A = new Uint8Array(32).fill(7);
const KEY_B = new Uint8Array(32).fill(9);

async function derivations(
  key: Uint8Array,
  requests: Array<readonly [DerivationPurpose, string]>,
): Promise<KeyedDerivations> {
  const keys = new KeyedDerivations(await webCryptoKeyedHash(key));
  await keys.prepare(requests);
  return keys;
}

const UIDS = Array.from({ length: 300 }, (_, i) => `1.2.840.113619.2.408.${i}.${i * 7919}`);
const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]+$/;

describe('uid', () => {
  it('is 2.25 and a decimal without leading zeros, at most 64 characters', async () => {
    const keys = await derivations(
      KEY_A,
      UIDS.map((u) => ['uid', u] as const),
    );
    for (const original of UIDS) {
      const uid = keys.uid(original);
      expect(uid).toMatch(/^2\.25\.[1-9]\d*$/);
      expect(uid.length).toBeLessThanOrEqual(64);
    }
  });

  it('is an RFC 9562 version 8 UUID read as a 128-bit number', async () => {
    const keys = await derivations(
      KEY_A,
      UIDS.map((u) => ['uid', u] as const),
    );
    const seen = new Set<string>();
    for (const original of UIDS) {
      const n = BigInt(keys.uid(original).slice(5));
      expect(n < 1n << 128n).toBe(true);
      const hex = n.toString(16).padStart(32, '0');
      expect(hex[12], hex).toBe('8'); // version: the high nibble of octet 6
      expect('89ab', hex).toContain(hex[16]); // variant 10xx: the high bits of octet 8
      seen.add(hex);
    }
    expect(seen.size).toBe(UIDS.length);
  });

  it('depends on the key and the original only, not on the instance or the order', async () => {
    const forward = await derivations(
      KEY_A,
      UIDS.map((u) => ['uid', u] as const),
    );
    const backward = await derivations(
      KEY_A,
      [...UIDS].reverse().map((u) => ['uid', u] as const),
    );
    const other = await derivations(
      KEY_B,
      UIDS.map((u) => ['uid', u] as const),
    );
    for (const original of UIDS) {
      expect(backward.uid(original)).toBe(forward.uid(original));
      expect(other.uid(original)).not.toBe(forward.uid(original));
    }
  });

  it('must be prepared before it is read', async () => {
    const keys = await derivations(KEY_A, []);
    expect(() => keys.uid('1.2.3')).toThrow(/not prepared/);
  });
});

describe('similar', () => {
  const ORIGINALS = [
    '999887722',
    '1CT1',
    'H31EXAMPLE',
    'ab-12 CD/34',
    'Acc2008-3.x_Q',
    'A1b2'.repeat(12),
  ];

  it('keeps the length, digits as digits, letters as letters of the same case, the rest as is', async () => {
    const keys = await derivations(
      KEY_A,
      ORIGINALS.map((v) => ['similar', v] as const),
    );
    for (const original of ORIGINALS) {
      const similar = keys.similar(original);
      expect(similar.length, original).toBe(original.length);
      expect(similar, original).not.toBe(original);
      for (let i = 0; i < original.length; i++) {
        const [o, s] = [original[i]!, similar[i]!];
        if (/\d/.test(o)) expect(s, `${original}[${i}]`).toMatch(/\d/);
        else if (/[A-Z]/.test(o)) expect(s, `${original}[${i}]`).toMatch(/[A-Z]/);
        else if (/[a-z]/.test(o)) expect(s, `${original}[${i}]`).toMatch(/[a-z]/);
        else expect(s, `${original}[${i}]`).toBe(o);
      }
    }
  });

  it('is the same under the same key and another under another key', async () => {
    const a = await derivations(
      KEY_A,
      ORIGINALS.map((v) => ['similar', v] as const),
    );
    const again = await derivations(
      KEY_A,
      ORIGINALS.map((v) => ['similar', v] as const),
    );
    const b = await derivations(
      KEY_B,
      ORIGINALS.map((v) => ['similar', v] as const),
    );
    for (const original of ORIGINALS) {
      expect(again.similar(original)).toBe(a.similar(original));
      expect(b.similar(original)).not.toBe(a.similar(original));
    }
  });

  it('does not repeat the same characters beyond the digest (48-character value)', async () => {
    const long = 'A1b2'.repeat(12);
    const keys = await derivations(KEY_A, [['similar', long]]);
    const similar = keys.similar(long);
    expect(similar.slice(32)).not.toBe(similar.slice(0, 16));
  });
});

describe('dateOffsetDays', () => {
  const PATIENTS = Array.from({ length: 500 }, (_, i) => `id:PAT${i}`);

  it('is a whole number of days from 1 to 3650, spread over that range', async () => {
    const keys = await derivations(
      KEY_A,
      PATIENTS.map((p) => ['date-offset', p] as const),
    );
    const offsets = PATIENTS.map((p) => keys.dateOffsetDays(p));
    for (const days of offsets) {
      expect(Number.isInteger(days)).toBe(true);
      expect(days).toBeGreaterThanOrEqual(1);
      expect(days).toBeLessThanOrEqual(3650);
    }
    expect(new Set(offsets).size).toBeGreaterThan(400);
    expect(Math.min(...offsets)).toBeLessThan(200);
    expect(Math.max(...offsets)).toBeGreaterThan(3450);
  });

  it('is the same for a patient under one key and unrelated under another', async () => {
    const a = await derivations(
      KEY_A,
      PATIENTS.map((p) => ['date-offset', p] as const),
    );
    const again = await derivations(
      KEY_A,
      PATIENTS.map((p) => ['date-offset', p] as const),
    );
    const b = await derivations(
      KEY_B,
      PATIENTS.map((p) => ['date-offset', p] as const),
    );
    expect(PATIENTS.map((p) => again.dateOffsetDays(p))).toEqual(
      PATIENTS.map((p) => a.dateOffsetDays(p)),
    );
    const same = PATIENTS.filter((p) => b.dateOffsetDays(p) === a.dateOffsetDays(p)).length;
    expect(same).toBeLessThan(5);
  });
});

describe('patientPseudonym and pathToken', () => {
  const PATIENTS = ['id:77654033', 'id:1CT1', 'name:Doe^Archibald', ''];

  it('gives "ANON" and 10 Crockford base-32 characters, one per patient', async () => {
    const keys = await derivations(
      KEY_A,
      PATIENTS.map((p) => ['patient', p] as const),
    );
    const pseudonyms = PATIENTS.map((p) => keys.patientPseudonym(p));
    for (const pseudonym of pseudonyms) expect(pseudonym).toMatch(/^ANON[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(new Set(pseudonyms).size).toBe(PATIENTS.length);
  });

  it('gives the same pseudonym under the same key and another under another key', async () => {
    const a = await derivations(
      KEY_A,
      PATIENTS.map((p) => ['patient', p] as const),
    );
    const again = await derivations(
      KEY_A,
      [...PATIENTS].reverse().map((p) => ['patient', p] as const),
    );
    const b = await derivations(
      KEY_B,
      PATIENTS.map((p) => ['patient', p] as const),
    );
    for (const p of PATIENTS) {
      expect(again.patientPseudonym(p)).toBe(a.patientPseudonym(p));
      expect(b.patientPseudonym(p)).not.toBe(a.patientPseudonym(p));
    }
  });

  it('gives path tokens of the length asked for, deterministic and key-dependent', async () => {
    const values = ['study:1.2.3', 'series:1.2.3.4', 'instance:1.2.3.4.5'];
    const a = await derivations(
      KEY_A,
      values.map((v) => ['path', v] as const),
    );
    const again = await derivations(
      KEY_A,
      values.map((v) => ['path', v] as const),
    );
    const b = await derivations(
      KEY_B,
      values.map((v) => ['path', v] as const),
    );
    for (const value of values) {
      for (const length of [4, 8, 20]) {
        const token = a.pathToken(value, length);
        expect(token).toHaveLength(length);
        expect(token).toMatch(CROCKFORD);
        expect(again.pathToken(value, length)).toBe(token);
        expect(b.pathToken(value, length)).not.toBe(token);
      }
      // A shorter token is the start of a longer one: one derivation per value.
      expect(a.pathToken(value, 20).startsWith(a.pathToken(value, 8))).toBe(true);
    }
  });

  it('keeps purposes apart: the same text gives unrelated results for each', async () => {
    const text = '1.2.840.10008';
    const keys = await derivations(KEY_A, [
      ['patient', text],
      ['path', text],
    ]);
    expect(keys.patientPseudonym(text).slice(4)).not.toBe(keys.pathToken(text, 10));
  });
});

describe('the cache of a long-lived worker', () => {
  it('keeps what a file prepared while it is forgotten a generation at a time', async () => {
    // node:crypto's HMAC is the same function as WebCrypto's, and fast enough for 250,000.
    const keys = new KeyedDerivations(nodeKeyedHash(KEY_A));
    const reference = await derivations(KEY_A, [['uid', '1.2.3.4.5']]);
    // Files one after another, each with new instance UIDs and the study's UID again: the
    // study UID is cached early, and must still be there when a file crosses a generation.
    for (let file = 0; file < 2_500; file++) {
      const own = Array.from({ length: 100 }, (_, i) => ['uid', `9.${file}.${i}`] as const);
      await keys.prepare([['uid', '1.2.3.4.5'], ...own]);
      expect(keys.uid('1.2.3.4.5')).toBe(reference.uid('1.2.3.4.5'));
      for (const [, uid] of own) expect(keys.uid(uid)).toMatch(/^2\.25\./);
    }
  }, 60_000);
});
