/**
 * What a preview worker sends back for one file: the original bytes, the bytes the engine
 * wrote (what the export saves, given the same profile and key) and the table rows, arranged
 * so that the buffers move to the main thread instead of being copied.
 *
 * A quarantined file comes back with the bytes the engine held back, for the user to see why:
 * this message goes to the preview pane only. What savers get is packOutcome's (workerResult.ts),
 * which never carries a quarantined file's bytes.
 */
import type { FileOutcome } from './api';
import type { LeakFinding } from './leakCheck';
import { splitFindings, type FilePreview, type PreviewRow } from './preview';

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
      readonly status: 'quarantined';
      /** The whole input file. */
      readonly original: Uint8Array;
      /** The de-identified file the leak check stopped: shown on this screen, never saved. */
      readonly held: Uint8Array;
      /** The rows at the paths of `findings` carry their `leaks`. */
      readonly rows: readonly PreviewRow[];
      /** The engine's reason, in words that name elements and kinds, never a value. */
      readonly reason: string;
      /** Where in the elements of `held` an identifier was found. */
      readonly findings: readonly LeakFinding[];
      /** Identifiers found in the name the output would have had, which no row shows. */
      readonly fileNameFindings: readonly LeakFinding[];
    }
  | {
      readonly status: Exclude<FileOutcome['status'], 'written' | 'quarantined'>;
      readonly reason: string;
    };

export interface PackedPreview {
  readonly result: PreviewResult;
  readonly transfer: ArrayBuffer[];
}

/** `input` is the buffer the preview was made from; the worker gives it up. */
export function packPreview(preview: FilePreview, input: Uint8Array): PackedPreview {
  const { outcome, output } = preview;
  if (outcome.status === 'skipped' || outcome.status === 'failed') {
    return { result: { status: outcome.status, reason: outcome.reason }, transfer: [] };
  }
  // deidentifyWithPreview asks the engine to hold a quarantined file's bytes: both kinds of
  // outcome that get here come with a whole output.
  if (!output) throw new Error(`a ${outcome.status} preview without its output`);
  const transfer = new Set<ArrayBuffer>();
  for (const bytes of [input, output]) {
    if (bytes.buffer instanceof ArrayBuffer) transfer.add(bytes.buffer);
  }
  if (outcome.status === 'quarantined') {
    const { inElements, inFileName } = splitFindings(outcome.findings);
    return {
      result: {
        status: 'quarantined',
        original: input,
        held: output,
        rows: preview.rows,
        reason: outcome.reason,
        findings: inElements,
        fileNameFindings: inFileName,
      },
      transfer: [...transfer],
    };
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
