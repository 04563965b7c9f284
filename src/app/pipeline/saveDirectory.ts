/**
 * Saving as plain files in a folder the user picks (showDirectoryPicker). Outputs of different
 * runs must never mix and nothing may be overwritten, so an empty folder is written into as it
 * is, and a folder that holds anything gets a new subfolder named after the run.
 */
import { splitChunksAt } from '../../core/dicom/byteChunks';
import { showDirectoryPicker, type DirectoryHandleLike } from './fileSystemAccess';
import type { OutputSaver } from './saver';

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
  const saver: OutputSaver = {
    async write(path, chunks, splice) {
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
        await writer.abort().catch(() => {});
        throw error;
      }
    },
    async finish() {},
    // Files already written stay: they are complete, and the report says nothing is missing
    // only when the run finished (report.json is written last).
    async abort() {},
    // A re-run adds files and writes the report again (createWritable replaces a file).
    reopen: () => saver,
  };
  return saver;
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
