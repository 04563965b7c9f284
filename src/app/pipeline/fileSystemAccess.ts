/**
 * The File System Access pickers (Chromium only; TypeScript's DOM types do not have them), and
 * the little of their handles this app uses. Looked up at call time, so tests can stub them.
 */
export interface SaveFilePickerOptions {
  readonly suggestedName?: string;
  readonly types?: ReadonlyArray<{
    readonly description: string;
    readonly accept: Record<string, readonly string[]>;
  }>;
  readonly id?: string;
}

export interface FileHandleLike {
  createWritable(): Promise<WritableStream>;
}

export interface DirectoryHandleLike {
  getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<DirectoryHandleLike>;
  getFileHandle(name: string, options?: { create?: boolean }): Promise<FileHandleLike>;
  values(): AsyncIterable<unknown>;
}

/** Calls window.showSaveFilePicker (bound to its window: unbound calls throw). */
export function showSaveFilePicker(options: SaveFilePickerOptions): Promise<FileHandleLike> {
  return callPicker('showSaveFilePicker', options, 'save to a chosen file');
}

export function showDirectoryPicker(options: {
  readonly mode: 'readwrite';
  readonly id?: string;
}): Promise<DirectoryHandleLike> {
  return callPicker('showDirectoryPicker', options, 'save into a chosen folder');
}

function callPicker<T>(name: string, options: object, what: string): Promise<T> {
  const picker: unknown = Reflect.get(globalThis, name);
  if (typeof picker !== 'function') {
    return Promise.reject(
      new Error(
        `This browser cannot ${what}. Choose another way of saving, or use Chrome or Edge.`,
      ),
    );
  }
  return Reflect.apply(picker, globalThis, [options]) as Promise<T>;
}
