/**
 * What a preview worker sends back for one file: the original bytes, the bytes the engine
 * wrote (what the export saves, given the same profile and key) and the table rows, arranged
 * so that the buffers move to the main thread instead of being copied.
 */
import type { FileOutcome } from './api';
import type { FilePreview, PreviewRow } from './preview';

export type PreviewResult =
  | {
      readonly status: 'written';
      /** The whole input file. */
      readonly original: Uint8Array;
      /** The whole de-identified file, as it would be saved. */
      readonly deidentified: Uint8Array;
      readonly rows: readonly PreviewRow[];
      /** Oddities of the input, in words that never quote a value. */
      readonly warnings: readonly string[];
    }
  | {
      readonly status: Exclude<FileOutcome['status'], 'written'>;
      readonly reason: string;
    };

export interface PackedPreview {
  readonly result: PreviewResult;
  readonly transfer: ArrayBuffer[];
}

/** `input` is the buffer the preview was made from; the worker gives it up. */
export function packPreview(preview: FilePreview, input: Uint8Array): PackedPreview {
  const { outcome, output } = preview;
  if (outcome.status !== 'written') {
    return { result: { status: outcome.status, reason: outcome.reason }, transfer: [] };
  }
  if (!output) throw new Error('a written preview without its output');
  const transfer = new Set<ArrayBuffer>();
  for (const bytes of [input, output]) {
    if (bytes.buffer instanceof ArrayBuffer) transfer.add(bytes.buffer);
  }
  return {
    result: {
      status: 'written',
      original: input,
      deidentified: output,
      rows: preview.rows,
      warnings: outcome.warnings,
    },
    transfer: [...transfer],
  };
}
