/**
 * Test-only: fingerprints of what a run produced (every output file, report and mapping table),
 * compared with a list stored in the repository, so that a refactor can prove it changed no
 * byte. A deliberate change of outputs regenerates the list:
 *
 *   DICOMANON_UPDATE_HASHES=1 npx vitest run outputHashes
 *
 * (the CLI's and the page's outputHashes.test.ts), and the diff of the lists shows which
 * outputs changed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';

/** What one run produced: relative name → fingerprint, plus anything else that must not move. */
export type RunHashes = Record<string, string>;

export const UPDATE_HASHES = process.env.DICOMANON_UPDATE_HASHES === '1';

/** SHA-256, cut to 16 hex digits: enough to see a change, short enough to diff. */
export function fingerprint(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 16);
}

/** Every file under `dir` (relative POSIX path → fingerprint), `prefix` before each name. */
export function fingerprintTree(dir: string, prefix = ''): RunHashes {
  const hashes: RunHashes = {};
  const walk = (current: string, relative: string): void => {
    for (const name of readdirSync(current).sort()) {
      const full = path.join(current, name);
      const rel = relative ? `${relative}/${name}` : name;
      if (statSync(full).isDirectory()) walk(full, rel);
      else hashes[`${prefix}${rel}`] = fingerprint(readFileSync(full));
    }
  };
  walk(dir, '');
  return hashes;
}

/**
 * A zip's bytes as a whole, and each entry (in the zip's order, so a change of order shows in
 * the list as well as in the whole's fingerprint).
 */
export function fingerprintZip(bytes: Uint8Array, prefix: string): RunHashes {
  const hashes: RunHashes = { [`${prefix}(whole zip)`]: fingerprint(bytes) };
  const entries = unzipSync(bytes);
  hashes[`${prefix}(entry order)`] = fingerprint(Object.keys(entries).join('\n'));
  for (const [name, data] of Object.entries(entries))
    hashes[`${prefix}${name}`] = fingerprint(data);
  return hashes;
}

/**
 * The stored list's entry for `run`, or, when regenerating, `actual` written into the list
 * (other runs' entries kept) and returned, so that the caller's comparison passes.
 */
export function storedHashes(listFile: string, run: string, actual: RunHashes): RunHashes {
  const list = existsSync(listFile)
    ? (JSON.parse(readFileSync(listFile, 'utf8')) as Record<string, RunHashes>)
    : {};
  if (!UPDATE_HASHES) return list[run] ?? {};
  list[run] = actual;
  const sorted = Object.fromEntries(Object.entries(list).sort(([a], [b]) => (a < b ? -1 : 1)));
  writeFileSync(listFile, `${JSON.stringify(sorted, null, 2)}\n`);
  return actual;
}
