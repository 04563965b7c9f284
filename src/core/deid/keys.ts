import type { KeyedHash } from './api';

/**
 * The user's key. A passphrase is stretched with PBKDF2 so that a short one is still costly to
 * guess; the salt is fixed because the same passphrase must give the same key on any machine.
 */
const PASSPHRASE_SALT = new TextEncoder().encode('dicomanon key v1');
const PASSPHRASE_ITERATIONS = 600_000;
export const KEY_BYTES = 32;

export async function keyFromPassphrase(passphrase: string): Promise<Uint8Array> {
  if (passphrase.length === 0) throw new Error('The passphrase is empty.');
  const material = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(passphrase.normalize('NFC')),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: PASSPHRASE_SALT, iterations: PASSPHRASE_ITERATIONS },
    material,
    KEY_BYTES * 8,
  );
  return new Uint8Array(bits);
}

/** A key for this run only: pseudonyms made with it cannot be reproduced later. */
export function randomKey(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(KEY_BYTES));
}

/** HMAC-SHA256 with WebCrypto: in browsers and workers (Node has it too). */
export async function webCryptoKeyedHash(rawKey: Uint8Array): Promise<KeyedHash> {
  const key = await crypto.subtle.importKey(
    'raw',
    rawKey as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return {
    async sign(message) {
      return new Uint8Array(
        await crypto.subtle.sign('HMAC', key, message as Uint8Array<ArrayBuffer>),
      );
    },
  };
}
