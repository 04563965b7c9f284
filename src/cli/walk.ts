/**
 * The input files, in a stable order: names sorted by code unit at each level, depth first, so
 * the same tree gives the same list (and the same input-000001... ids) on every machine.
 * Symbolic links are followed, but a directory is entered at most once (by device and inode),
 * which ends loops and keeps a linked folder from being processed twice. Anything that cannot be
 * read as a file (sockets, FIFOs, devices, broken links, unlistable folders) still gets an entry
 * with its outcome decided here, so every path the walk meets is accounted for.
 */
import { statSync, type Dirent, type Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './args';
import { describeFsError, codeOf } from './fsErrors';
import { inside, same } from './safety';

export interface InputEntry {
  /** Relative to the input directory, "/"-separated, through links as they are named. */
  readonly relPath: string;
  readonly absPath: string;
  readonly size: number;
  /** Modification time (ms): with the size, what a resumed run checks the input by. */
  readonly mtimeMs?: number;
  /** Present when the walk already decided this entry's outcome. */
  readonly decided?: { readonly status: 'skipped' | 'failed'; readonly reason: string };
}

/** Entries examined between two turns of the event loop. */
const YIELD_EVERY = 1024;

export async function walkInput(root: string, excluded: readonly string[]): Promise<InputEntry[]> {
  const entries: InputEntry[] = [];
  const visited = new Set<string>();
  const rootInfo = await stat(root);
  visited.add(identity(rootInfo));

  const isExcluded = (real: string): boolean =>
    excluded.some((dir) => same(real, dir) || inside(real, dir));

  const walkDir = async (absDir: string, relDir: string): Promise<void> => {
    let dirents: Dirent[];
    try {
      dirents = await readdir(absDir, { withFileTypes: true });
    } catch (error) {
      if (relDir === '') {
        throw new UsageError(`the input directory cannot be listed: ${describeFsError(error)}`);
      }
      entries.push(
        decided(absDir, relDir, 'failed', `folder not listed: ${describeFsError(error)}`),
      );
      return;
    }
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const [index, dirent] of dirents.entries()) {
      // The blocking stats hold the event loop: Ctrl-C's handler gets a turn now and then.
      if (index % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((r) => setImmediate(r));
      const absPath = path.join(absDir, dirent.name);
      const relPath = relDir === '' ? dirent.name : `${relDir}/${dirent.name}`;
      const link = dirent.isSymbolicLink();
      let info: Stats;
      try {
        // Blocking: an awaited stat per file was a thread-pool round trip, several times the
        // processor time of the call itself on a folder of many small files.
        info = statSync(absPath);
      } catch (error) {
        const reason = !link
          ? `cannot be examined: ${describeFsError(error)}`
          : codeOf(error) === 'ELOOP'
            ? 'symbolic link loop'
            : 'broken symbolic link';
        entries.push(decided(absPath, relPath, link ? 'skipped' : 'failed', reason));
        continue;
      }
      if (link && (info.isFile() || info.isDirectory())) {
        const real = await realpath(absPath).catch(() => absPath);
        if (isExcluded(real)) {
          entries.push(
            decided(absPath, relPath, 'skipped', 'link into the output or mapping directory'),
          );
          continue;
        }
      }
      if (info.isFile()) {
        entries.push({ relPath, absPath, size: info.size, mtimeMs: info.mtimeMs });
      } else if (info.isDirectory()) {
        const id = identity(info);
        if (visited.has(id)) {
          entries.push(
            decided(absPath, relPath, 'skipped', 'folder already walked (linked twice or a loop)'),
          );
          continue;
        }
        visited.add(id);
        await walkDir(absPath, relPath);
      } else {
        entries.push(decided(absPath, relPath, 'skipped', `not a regular file (${kindOf(info)})`));
      }
    }
  };

  await walkDir(root, '');
  return entries;
}

function decided(
  absPath: string,
  relPath: string,
  status: 'skipped' | 'failed',
  reason: string,
): InputEntry {
  return { absPath, relPath, size: 0, decided: { status, reason } };
}

const identity = (info: Stats): string => `${info.dev}:${info.ino}`;

function kindOf(info: Stats): string {
  if (info.isSocket()) return 'a socket';
  if (info.isFIFO()) return 'a named pipe';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isCharacterDevice()) return 'a character device';
  return 'unknown type';
}
