/**
 * Output paths proposed by the engine are relative POSIX paths. Before one is used it is checked
 * (never absolute, never climbing out with "..") and made unique: two inputs can propose the same
 * path (the same instance twice), and the later one, in input order, gets "_2", "_3" before its
 * extension. Names are compared case-insensitively so that the result is the same on
 * case-insensitive file systems and inside zip files opened there.
 */

/** Why a proposed output path is unusable, or null when it is a safe relative path. */
export function outputPathProblem(path: string): string | null {
  if (path.length === 0) return 'the output path is empty';
  if (path.length > 1024) return 'the output path is too long';
  // Control characters, backslashes (a separator on Windows) and colons (drive letters, NTFS
  // streams) have no place in the names the engine makes.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\:]/.test(path)) return 'the output path has a forbidden character';
  if (path.startsWith('/')) return 'the output path is absolute';
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      return 'the output path has an empty, "." or ".." segment';
    }
  }
  return null;
}

/** `a/b/name.dcm` → `a/b/name_2.dcm`; a name without an extension gets the suffix at its end. */
export function withSuffix(path: string, n: number): string {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  return dot > slash + 1 ? `${path.slice(0, dot)}_${n}${path.slice(dot)}` : `${path}_${n}`;
}

const MAX_SUFFIX = 100_000;

export class UniqueNames {
  private readonly files = new Set<string>();
  private readonly dirs = new Set<string>();

  /** Names that outputs must never take, such as the report files at the top. */
  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.files.add(name.toLowerCase());
  }

  /**
   * The name this output gets: the proposed path when it is free, else the first free
   * `_2`, `_3`, ... variant. Throws when the path is unsafe or cannot be made unique (a parent
   * folder of it is already a file).
   */
  claim(proposed: string): string {
    const problem = outputPathProblem(proposed);
    if (problem) throw new Error(problem);
    const parents = parentsOf(proposed.toLowerCase());
    if (parents.some((dir) => this.files.has(dir))) {
      throw new Error('a folder of the output path is already an output file');
    }
    for (let n = 1; n <= MAX_SUFFIX; n++) {
      const candidate = n === 1 ? proposed : withSuffix(proposed, n);
      const key = candidate.toLowerCase();
      if (this.files.has(key) || this.dirs.has(key)) continue;
      this.files.add(key);
      for (const dir of parents) this.dirs.add(dir);
      return candidate;
    }
    throw new Error('too many outputs with the same name');
  }
}

function parentsOf(path: string): string[] {
  const parts = path.split('/');
  const parents: string[] = [];
  for (let i = 1; i < parts.length; i++) parents.push(parts.slice(0, i).join('/'));
  return parents;
}
