/**
 * The page's reason of a written file says each thing once: the row's status says "written",
 * so no note of the reason says it again (the CLI's reasons do, and keep doing: its report
 * bytes are pinned by src/cli/outputHashes.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { BURNED_IN_REASONS, burnedInNote } from '../../core/deid/burnedIn';
import type { DeidResult } from '../../core/deid/workerResult';
import { leftoverNote } from '../../core/report/leftoverNote';
import { NOT_AN_IMAGE_NOTE } from '../../worker/niftiJob';
import { createRunRecorder } from './runRecorder';
import { directorySaver } from './saveDirectory';
import { MemoryFolder } from './testing/memoryFolder';
import type { InputFile } from './types';

function written(index: number, extra: Partial<DeidResult & { status: 'written' }>): DeidResult {
  return {
    status: 'written',
    chunks: [new Uint8Array([index])],
    outputPath: `out/${index}.dcm`,
    actions: {},
    warnings: 0,
    mapping: undefined,
    ...extra,
  };
}

const input = (index: number): InputFile => ({
  file: new File([new Uint8Array([index])], `${index}.dcm`),
  path: `in/${index}.dcm`,
});

describe("the page's reason of a written file", () => {
  it('leaves "written" to the status, once per row', async () => {
    const recorder = createRunRecorder(directorySaver(new MemoryFolder()), false);
    const burnedIn = [BURNED_IN_REASONS.ultrasound];
    const leftovers = { cut: 1, removed: 2, allowed: 0, allowedValues: 0 };
    await recorder.commit(0, input(0), written(0, { burnedIn }));
    await recorder.commit(1, input(1), written(1, { burnedIn, leftovers }));
    await recorder.commit(2, input(2), written(2, {}), `${NOT_AN_IMAGE_NOTE}not an image`);
    await recorder.commit(3, input(3), written(3, {}));

    const reasons = recorder.rows.map((row) => row.reason);
    expect(recorder.rows.map((row) => row.status)).toEqual([
      'written',
      'written',
      'written',
      'written',
    ]);
    expect(reasons).toEqual([
      'check its images for burned-in text before sharing (an ultrasound image)',
      'after the leftover check: 1 value cut out, 2 attributes removed; ' +
        'check its images for burned-in text before sharing (an ultrasound image)',
      'as de-identified DICOM: not an image',
      '',
    ]);
    for (const reason of reasons) expect(reason).not.toMatch(/\bwritten\b/);
    // The CLI's notes, from the same outcomes, still start with the word.
    expect(burnedInNote(burnedIn)).toBe(`written; ${reasons[0]}`);
    expect(leftoverNote(leftovers)).toBe(
      'written after the leftover check: 1 value cut out, 2 attributes removed',
    );
  });
});
