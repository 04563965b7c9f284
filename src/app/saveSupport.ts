import type { SaveSupport } from './state';

/**
 * Which ways of saving this browser offers. The File System Access pickers exist in Chromium
 * browsers (Chrome, Edge) only; every browser can download.
 */
export function detectSaveSupport(scope: object = globalThis): SaveSupport {
  return {
    filePicker: typeof Reflect.get(scope, 'showSaveFilePicker') === 'function',
    directoryPicker: typeof Reflect.get(scope, 'showDirectoryPicker') === 'function',
  };
}
