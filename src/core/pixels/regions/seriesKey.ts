/**
 * The opaque key of a series in a regions file (docs/pixel-regions.md, "Series keys carry no
 * identifier"): "k1:" and the hex of HMAC-SHA-256 under the run's key of "series:" and the
 * Series Instance UID. The page draws boxes on a series and saves them under this key; the
 * engine finds them again under it, in the page and in the CLI alike, with the same passphrase.
 */
import type { KeyedHash } from '../../deid/derivations';

export async function seriesRegionKey(hash: KeyedHash, seriesInstanceUid: string): Promise<string> {
  const mac = await hash.sign(new TextEncoder().encode(`series:${seriesInstanceUid}`));
  return `k1:${Array.from(mac, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
