import { describe, expect, it } from 'vitest';
import { randomKey, webCryptoKeyedHash } from '../core/deid/keys';
import { nodeKeyedHash } from './nodeKeyedHash';

describe('nodeKeyedHash', () => {
  it('computes the same HMAC-SHA256 as the WebCrypto one the browser uses', async () => {
    const key = randomKey();
    const node = nodeKeyedHash(key);
    const web = await webCryptoKeyedHash(key);
    for (const text of ['', 'uid:1.2.3', 'x'.repeat(10_000)]) {
      const message = new TextEncoder().encode(text);
      expect(await node.sign(message)).toEqual(await web.sign(message));
    }
  });
});
