/**
 * The run's key: from a passphrase file (derived once here, in the main thread, with the slow
 * PBKDF2 of keys.ts; workers get the raw key bytes), or random for this run only.
 */
import { readFile, stat } from 'node:fs/promises';
import { keyFromPassphrase, randomKey } from '../core/deid/keys';
import { UsageError } from './args';
import { describeFsError } from './fsErrors';

/** A passphrase file is a line of text; anything bigger is probably the wrong file. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

/** The run's key, while the passphrase may still be being stretched. */
export interface PendingKey {
  readonly key: Promise<Uint8Array>;
  /** False for a random key: pseudonyms cannot be made again in a later run. */
  readonly reproducible: boolean;
}

/**
 * Reads and checks the key file (its problems are thrown here, before anything else is done),
 * then leaves the passphrase to be stretched in the background: PBKDF2 takes about 0.13 s of
 * one core, on libuv's thread pool, which the caller can spend walking the input meanwhile.
 */
export async function startKey(keyFile: string | undefined): Promise<PendingKey> {
  if (keyFile === undefined) return { key: Promise.resolve(randomKey()), reproducible: false };
  let text: string;
  try {
    if ((await stat(keyFile)).size > MAX_KEY_FILE_BYTES) {
      throw new UsageError('the key file is larger than 64 KiB: it should hold one passphrase');
    }
    text = await readFile(keyFile, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`the key file cannot be read: ${describeFsError(error)}`);
  }
  // Editors add a final newline (and Windows ones a CR and a BOM); they are not the passphrase.
  const passphrase = text.replace(/^\uFEFF/, '').trimEnd();
  if (passphrase === '') throw new UsageError('the key file is empty');
  const key = keyFromPassphrase(passphrase);
  // Awaited later: a failure meanwhile must not count as an unhandled rejection.
  key.catch(() => undefined);
  return { key, reproducible: true };
}
