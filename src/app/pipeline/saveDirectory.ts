/**
 * Saving as plain files in a folder the user picks (showDirectoryPicker). Outputs of different
 * runs must never mix and nothing may be overwritten, so an empty folder is written into as it
 * is, and a folder that holds anything gets a new subfolder named after the run.
 */
import { splitChunksAt } from '../../core/dicom/byteChunks';
import { showDirectoryPicker, type DirectoryHandleLike } from './fileSystemAccess';
import { describeSaveError } from './runRecorder';
import type { OutputSaver } from './saver';

/**
 * Written into the folder when saving fails mid-run (a full disk, the folder removed, the
 * browser's permission gone): which files there are complete, since report.json never will be.
 */
export const UNFINISHED_LIST = 'dicomanon-unfinished.txt';

/**
 * Saving into the folder stopped: every later write fails with it, and its message says what
 * is there, so that no loss is silent. Its name is not the browser error's, so the run shows
 * the message as it is (runRecorder.ts, describeSaveError).
 */
export class FolderSaveStopped extends Error {
  override readonly name = 'FolderSaveStopped';
}

export async function openDirectorySaver(baseName: string): Promise<OutputSaver> {
  const chosen = await showDirectoryPicker({ mode: 'readwrite', id: 'dicomanon-output' });
  return directorySaver(await outputFolderIn(chosen, baseName));
}

export async function outputFolderIn(
  chosen: DirectoryHandleLike,
  baseName: string,
): Promise<DirectoryHandleLike> {
  if (await isEmpty(chosen)) return chosen;
  for (let n = 1; ; n++) {
    const name = n === 1 ? baseName : `${baseName}-${n}`;
    if (!(await exists(chosen, name))) return chosen.getDirectoryHandle(name, { create: true });
  }
}

export function directorySaver(root: DirectoryHandleLike): OutputSaver {
  // One lookup per folder, shared by the files in it (outputs come series by series).
  const folders = new Map<string, Promise<DirectoryHandleLike>>([['', Promise.resolve(root)]]);
  const folder = (path: string): Promise<DirectoryHandleLike> => {
    let handle = folders.get(path);
    if (!handle) {
      const slash = path.lastIndexOf('/');
      handle = folder(slash < 0 ? '' : path.slice(0, slash)).then((parent) =>
        parent.getDirectoryHandle(path.slice(slash + 1), { create: true }),
      );
      folders.set(path, handle);
    }
    return handle;
  };
  // Names only (pseudonyms, never a value): what the folder holds, for UNFINISHED_LIST.
  const saved: string[] = [];
  let stopped: FolderSaveStopped | undefined;
  const saver: OutputSaver = {
    async write(path, chunks, splice) {
      if (stopped) throw stopped;
      try {
        await writeFile(path, chunks, splice);
      } catch (error) {
        stopped = await stopSaving(root, saved, error);
        throw stopped;
      }
      saved.push(path);
    },
    async finish() {
      if (stopped) throw stopped;
    },
    // Files already written stay: they are complete, and the report says nothing is missing
    // only when the run finished (report.json is written last).
    async abort() {},
    // A re-run adds files and writes the report again (createWritable replaces a file).
    reopen: () => saver,
  };
  const writeFile = async (
    path: string,
    chunks: readonly Uint8Array[],
    splice: Parameters<OutputSaver['write']>[2],
  ): Promise<void> => {
    const slash = path.lastIndexOf('/');
    const parent = await folder(slash < 0 ? '' : path.slice(0, slash));
    const file = await parent.getFileHandle(path.slice(slash + 1), { create: true });
    const writer = (await file.createWritable()).getWriter();
    try {
      const [before, after] = splice ? splitChunksAt(chunks, splice.at) : [chunks, []];
      for (const chunk of before) await writer.write(chunk);
      // A File's slice: the browser copies it from the input, the page never holds it.
      if (splice) await writer.write(splice.data);
      for (const chunk of after) await writer.write(chunk);
      await writer.close();
    } catch (error) {
      // The browser writes into a temporary file and moves it into place on close: aborted,
      // no file is left half written under its name.
      await writer.abort().catch(() => {});
      throw error;
    }
  };
  return saver;
}

/** The failure in words with what the folder holds, and the list of it there if room is left. */
async function stopSaving(
  root: DirectoryHandleLike,
  saved: readonly string[],
  error: unknown,
): Promise<FolderSaveStopped> {
  const count = `${saved.length.toLocaleString('en-US')} file${saved.length === 1 ? ' was' : 's were'}`;
  const text =
    `Saving stopped: ${describeSaveError(error)} ${count} saved in the folder before; ` +
    'each is complete. The run was not finished, so report.json was not written.\n' +
    saved.map((name) => `${name}\n`).join('');
  let listed = true;
  try {
    const writer = (
      await (await root.getFileHandle(UNFINISHED_LIST, { create: true })).createWritable()
    ).getWriter();
    await writer.write(new TextEncoder().encode(text));
    await writer.close();
  } catch {
    listed = false;
  }
  return new FolderSaveStopped(
    `${describeSaveError(error)} ${count} saved in the folder before that; ` +
      (listed
        ? `${UNFINISHED_LIST} there lists them. `
        : 'the list of them could not be written either. ') +
      'The run was stopped: no other file was saved, and no report.',
  );
}

async function isEmpty(folder: DirectoryHandleLike): Promise<boolean> {
  for await (const entry of folder.values()) {
    void entry;
    return false;
  }
  return true;
}

async function exists(folder: DirectoryHandleLike, name: string): Promise<boolean> {
  try {
    await folder.getDirectoryHandle(name);
    return true;
  } catch (error) {
    // A file of that name (TypeMismatchError) also makes the name taken.
    return !(error instanceof Error && error.name === 'NotFoundError');
  }
}
