/**
 * The input files, in a stable order: names sorted by code unit at each level, depth first, so
 * the same tree gives the same list (and the same input-000001... ids) on every machine.
 * Symbolic links are followed, but a directory is entered at most once (by device and inode),
 * which ends loops and keeps a linked folder from being processed twice. Anything that cannot be
 * read as a file (sockets, FIFOs, devices, broken links, unlistable folders) still gets an entry
 * with its outcome decided here, so every path the walk meets is accounted for.
 * Names are read as bytes (inputPath.ts): a name that is not valid UTF-8 is still opened, and
 * shown with its invalid bytes escaped.
 */
import { Buffer } from 'node:buffer';
import { statSync, type Dirent, type Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { UsageError } from './args';
import { describeFsError, codeOf } from './fsErrors';
import { childPath, displayName, fsPath, lossyText, utf8Name, type InputPath } from './inputPath';
import { inside, same } from './safety';

export interface InputEntry {
  /**
   * Relative to the input directory, "/"-separated, through links as they are named, for
   * reports and the file mapping: a name that is not valid UTF-8 has its bytes escaped.
   */
  readonly relPath: string;
  /** What fs opens: bytes when a name in it is not valid UTF-8 (inputPath.ts). */
  readonly absPath: InputPath;
  readonly size: number;
  /** Modification time (ms): with the size, what a resumed run checks the input by. */
  readonly mtimeMs?: number;
  /** Present when the walk already decided this entry's outcome. */
  readonly decided?: { readonly status: 'skipped' | 'failed'; readonly reason: string };
}

/** Entries examined between two turns of the event loop. */
const YIELD_EVERY = 1024;

export async function walkInput(
  root: InputPath,
  excluded: readonly string[],
): Promise<InputEntry[]> {
  const entries: InputEntry[] = [];
  const visited = new Set<string>();
  const rootInfo = await stat(fsPath(root));
  visited.add(identity(rootInfo));

  const isExcluded = (real: string): boolean =>
    excluded.some((dir) => same(real, dir) || inside(real, dir));

  const walkDir = async (absDir: InputPath, relDir: string): Promise<void> => {
    let dirents: Array<Dirent<Buffer>>;
    try {
      dirents = await readdir(fsPath(absDir), { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      if (relDir === '') {
        throw new UsageError(`the input directory cannot be listed: ${describeFsError(error)}`);
      }
      entries.push(
        decided(absDir, relDir, 'failed', `folder not listed: ${describeFsError(error)}`),
      );
      return;
    }
    for (const [index, { dirent, text, shown }] of sortedByName(dirents).entries()) {
      // The blocking stats hold the event loop: Ctrl-C's handler gets a turn now and then.
      if (index % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((r) => setImmediate(r));
      const absPath = childPath(absDir, dirent.name, text);
      const relPath = relDir === '' ? shown : `${relDir}/${shown}`;
      const link = dirent.isSymbolicLink();
      let info: Stats;
      try {
        // Blocking: an awaited stat per file was a thread-pool round trip, several times the
        // processor time of the call itself on a folder of many small files.
        info = statSync(fsPath(absPath));
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
        // The excluded folders are text: a real path with invalid bytes is compared through its
        // lossy form, in which a valid prefix (the folder and its "/") is still the same.
        const real = await realpath(fsPath(absPath), { encoding: 'buffer' }).then(
          (bytes) => bytes.toString('utf8'),
          () => lossyText(absPath),
        );
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

/**
 * By the shown name, by code unit: for valid UTF-8 names the order walks always had (so the
 * input-000001... ids of a tree stay the same); then by bytes, for a valid name that reads like
 * the escaped form of another ("M\xFCl" typed out). Of such siblings the later is shown
 * numbered, "M\xFCl (2)", so that no two rows of the file mapping show the same path.
 */
function sortedByName(
  dirents: ReadonlyArray<Dirent<Buffer>>,
): Array<{ dirent: Dirent<Buffer>; text: string | undefined; shown: string }> {
  const named = dirents
    .map((dirent) => {
      const text = utf8Name(dirent.name);
      return { dirent, text, shown: displayName(dirent.name, text) };
    })
    .sort((a, b) =>
      a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : Buffer.compare(a.dirent.name, b.dirent.name),
    );
  const taken = new Set(named.map((entry) => entry.shown));
  let previous: string | undefined;
  for (const entry of named) {
    const base = entry.shown;
    if (base === previous) {
      let n = 2;
      while (taken.has(`${base} (${n})`)) n++;
      entry.shown = `${base} (${n})`;
      taken.add(entry.shown);
    }
    previous = base;
  }
  return named;
}

function decided(
  absPath: InputPath,
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
