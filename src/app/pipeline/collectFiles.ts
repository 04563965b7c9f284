/**
 * Turns what the user dropped or chose into the list of input files, in a fixed order. Nothing
 * is read here: a File is a handle, opened by a worker later. Folders are walked recursively.
 *
 * The order is the CLI's (names compared by code unit, folder by folder, depth first), so
 * input ids (input-000001, ...) and output names come out the same whatever order the browser
 * listed things in or the user dropped them in.
 */
import type { InputFile } from './types';

/** The parts of the File and Directory Entries API used here (tests pass fakes). */
export interface EntryLike {
  readonly isFile: boolean;
  readonly isDirectory: boolean;
  readonly name: string;
}
export interface FileEntryLike extends EntryLike {
  file(success: (file: File) => void, failure?: (error: unknown) => void): void;
}
export interface DirectoryEntryLike extends EntryLike {
  createReader(): {
    readEntries(success: (entries: EntryLike[]) => void, failure?: (error: unknown) => void): void;
  };
}
export interface DataTransferLike {
  readonly items?: ArrayLike<{
    readonly kind: string;
    webkitGetAsEntry(): EntryLike | null;
    getAsFile(): File | null;
  }>;
  readonly files: ArrayLike<File>;
}

/** Deeper than this is a link loop, not a real folder tree. */
const MAX_DEPTH = 64;

/**
 * The files of a drop. Call it while the drop event is handled: the browser empties the
 * DataTransfer once the handler returns (the entries are taken before the first await).
 */
export async function collectDroppedFiles(data: DataTransferLike): Promise<InputFile[]> {
  const entries: EntryLike[] = [];
  const loose: File[] = [];
  for (const item of Array.from(data.items ?? [])) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry();
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) loose.push(file);
    }
  }
  // No entries at all (an old browser, or a synthetic drop): the plain file list, no folders.
  if (entries.length === 0 && loose.length === 0) loose.push(...Array.from(data.files));
  const found: InputFile[] = loose.map((file) => ({ file, path: file.name }));
  await Promise.all(entries.map((entry) => walk(entry, '', 0, found)));
  return sortInputs(found);
}

/** The files of an <input type=file> (with webkitdirectory, each knows its folder path). */
export function filesFromInput(list: ArrayLike<File>): InputFile[] {
  return sortInputs(
    Array.from(list, (file) => ({ file, path: file.webkitRelativePath || file.name })),
  );
}

async function walk(entry: EntryLike, parent: string, depth: number, out: InputFile[]) {
  const path = parent ? `${parent}/${entry.name}` : entry.name;
  if (entry.isFile) {
    try {
      out.push({ file: await fileOf(entry as FileEntryLike), path });
    } catch (error) {
      out.push(unreadable(path, entry.name, `the browser could not open it (${nameOf(error)})`));
    }
    return;
  }
  if (!entry.isDirectory) return;
  if (depth >= MAX_DEPTH) {
    out.push(unreadable(path, entry.name, 'the folder is nested too deep (a link loop?)'));
    return;
  }
  const reader = (entry as DirectoryEntryLike).createReader();
  for (;;) {
    let batch: EntryLike[];
    try {
      // At most about 100 entries per call: call again until an empty batch says "no more".
      batch = await new Promise<EntryLike[]>((resolve, reject) =>
        reader.readEntries(resolve, reject),
      );
    } catch (error) {
      out.push(unreadable(path, entry.name, `the folder could not be read (${nameOf(error)})`));
      return;
    }
    if (batch.length === 0) return;
    await Promise.all(batch.map((child) => walk(child, path, depth + 1, out)));
  }
}

function fileOf(entry: FileEntryLike): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** A stand-in for an entry that could not be opened, so that it is still accounted for. */
function unreadable(path: string, name: string, reason: string): InputFile {
  return { file: new File([], name), path, unreadable: reason };
}

function nameOf(error: unknown): string {
  return error instanceof Error ||
    (typeof DOMException !== 'undefined' && error instanceof DOMException)
    ? error.name
    : 'unknown error';
}

export function sortInputs(inputs: InputFile[]): InputFile[] {
  const keyed = inputs.map((input) => ({ input, segments: input.path.split('/') }));
  keyed.sort((a, b) => compareSegments(a.segments, b.segments));
  return keyed.map(({ input }) => input);
}

/** Folder by folder, by code unit: "a/b" before "a-c", as a depth-first walk of sorted names. */
export function compareSegments(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}
