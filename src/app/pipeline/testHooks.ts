/**
 * Hooks for the end-to-end tests, which must show that a crashed, silently killed or hung
 * worker costs one file and nothing more. A test sets them before the page loads:
 *
 *   await page.addInitScript(() => {
 *     globalThis.__DICOMANON_TEST_HOOKS__ = { crashOn: 'IM0003', fileTimeoutMs: 3000 };
 *   });
 *
 * `crashOn`, `killOn`, `hangOn` match a file's name (see src/worker/protocol.ts),
 * `fileTimeoutMs` replaces the per-file timeout, and `streamAboveBytes` the size above which
 * files are read around their image data (the output is the same either way). Without the global, nothing changes; a page
 * script that could set it could do anything anyway, so it opens nothing new.
 */
import type { TestHooks } from '../../worker/protocol';

export interface PipelineTestHooks extends TestHooks {
  readonly fileTimeoutMs?: number;
}

export function readTestHooks(): PipelineTestHooks {
  const raw: unknown = Reflect.get(globalThis, '__DICOMANON_TEST_HOOKS__');
  if (typeof raw !== 'object' || raw === null) return {};
  const text = (key: string): string | undefined => {
    const value: unknown = Reflect.get(raw, key);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const timeout: unknown = Reflect.get(raw, 'fileTimeoutMs');
  const streamAbove: unknown = Reflect.get(raw, 'streamAboveBytes');
  return {
    crashOn: text('crashOn'),
    killOn: text('killOn'),
    hangOn: text('hangOn'),
    bufferFailOn: text('bufferFailOn'),
    streamAboveBytes:
      typeof streamAbove === 'number' && Number.isSafeInteger(streamAbove) && streamAbove >= 0
        ? streamAbove
        : undefined,
    fileTimeoutMs: typeof timeout === 'number' && timeout > 0 ? timeout : undefined,
  };
}
