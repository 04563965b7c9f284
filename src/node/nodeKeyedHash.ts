import { createHmac, createSecretKey } from 'node:crypto';
import type { KeyedHash } from '../core/deid/api';

/**
 * HMAC-SHA256 with node:crypto: the same function as webCryptoKeyedHash (keys.ts), computed
 * synchronously, which costs far less per call than a WebCrypto promise when a file needs
 * dozens of derivations.
 */
export function nodeKeyedHash(rawKey: Uint8Array): KeyedHash {
  const key = createSecretKey(rawKey);
  return {
    sign(message) {
      const digest = createHmac('sha256', key).update(message).digest();
      return Promise.resolve(new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength));
    },
  };
}
