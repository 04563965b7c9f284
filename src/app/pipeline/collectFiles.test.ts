import { describe, expect, it } from 'vitest';
import {
  collectDroppedFiles,
  compareSegments,
  filesFromInput,
  type DataTransferLike,
  type EntryLike,
} from './collectFiles';

/** A folder tree as the File and Directory Entries API shows it, 100 entries per call at most. */
type Tree = { [name: string]: Tree | 'file' | 'broken' };

function entryOf(
  name: string,
  node: Tree | 'file' | 'broken',
  calls: { reads: number },
): EntryLike {
  if (node === 'file' || node === 'broken') {
    return {
      name,
      isFile: true,
      isDirectory: false,
      file: (ok: (file: File) => void, fail: (error: unknown) => void) =>
        setTimeout(() =>
          node === 'file'
            ? ok(new File([name], name))
            : fail(new DOMException('gone', 'NotFoundError')),
        ),
    } as EntryLike;
  }
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader() {
      const children = Object.entries(node).map(([n, child]) => entryOf(n, child, calls));
      let at = 0;
      return {
        readEntries(ok: (entries: EntryLike[]) => void) {
          calls.reads++;
          const batch = children.slice(at, at + 100);
          at += batch.length;
          setTimeout(() => ok(batch));
        },
      };
    },
  } as EntryLike;
}

function drop(roots: Record<string, Tree | 'file'>, calls = { reads: 0 }): DataTransferLike {
  return {
    items: Object.entries(roots).map(([name, node]) => ({
      kind: 'file',
      webkitGetAsEntry: () => entryOf(name, node, calls),
      getAsFile: () => null,
    })),
    files: [],
  };
}

describe('collecting dropped files', () => {
  it('walks folders of any size to the end (readEntries gives 100 at a time)', async () => {
    const big: Tree = {};
    for (let i = 0; i < 250; i++) big[`IM${String(i).padStart(4, '0')}`] = 'file';
    const calls = { reads: 0 };
    const files = await collectDroppedFiles(
      drop({ 'DOE^JOHN': { CT: big, 'notes.txt': 'file' } }, calls),
    );
    expect(files).toHaveLength(251);
    expect(files[0]!.path).toBe('DOE^JOHN/CT/IM0000');
    expect(files.at(-1)!.path).toBe('DOE^JOHN/notes.txt');
    expect(calls.reads).toBe(4 + 2); // CT: 100, 100, 50, none; the root: 2, none
    expect(files.every((f) => f.file.name === f.path.split('/').at(-1))).toBe(true);
  });

  it('orders like the CLI: by name at each level, depth first, whatever the drop order', async () => {
    const files = await collectDroppedFiles(
      drop({ 'b.dcm': 'file', a: { 'z.dcm': 'file', sub: { 'y.dcm': 'file' } }, 'a-c': 'file' }),
    );
    expect(files.map((f) => f.path)).toEqual(['a/sub/y.dcm', 'a/z.dcm', 'a-c', 'b.dcm']);
  });

  it('keeps an entry that cannot be opened, marked with why', async () => {
    const files = await collectDroppedFiles(
      drop({ d: { 'ok.dcm': 'file', 'gone.dcm': 'broken' } }),
    );
    expect(files.map((f) => [f.path, f.unreadable])).toEqual([
      ['d/gone.dcm', 'the browser could not open it (NotFoundError)'],
      ['d/ok.dcm', undefined],
    ]);
  });

  it('falls back to the plain file list when the browser gives no entries', async () => {
    const files = await collectDroppedFiles({
      items: [{ kind: 'file', webkitGetAsEntry: () => null, getAsFile: () => null }],
      files: [new File(['x'], 'b.dcm'), new File(['y'], 'a.dcm')],
    });
    expect(files.map((f) => f.path)).toEqual(['a.dcm', 'b.dcm']);
  });
});

describe('files from an input element', () => {
  it('uses the folder path of a directory pick and the name otherwise', () => {
    const inFolder = new File(['x'], 'IM1');
    Object.defineProperty(inFolder, 'webkitRelativePath', { value: 'Study/CT/IM1' });
    const files = filesFromInput([new File(['y'], 'loose.dcm'), inFolder]);
    expect(files.map((f) => f.path)).toEqual(['Study/CT/IM1', 'loose.dcm']);
  });

  it('compares paths folder by folder', () => {
    expect(compareSegments(['a', 'b'], ['a-c'])).toBeLessThan(0);
    expect(compareSegments(['a'], ['a', 'b'])).toBeLessThan(0);
    expect(compareSegments(['B'], ['a'])).toBeLessThan(0); // code unit: capitals first
  });
});
