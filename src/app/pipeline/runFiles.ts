/**
 * One run of the page: open where the output goes (before anything else is awaited: the save
 * dialogs need the user's click), then DICOM (runDicom.ts) or NIfTI (runNifti.ts) output.
 */
import { runDicom } from './runDicom';
import type { RunDeps, RunOutcome } from './runDeps';
import { runNifti } from './runNifti';
import type { InputFile, Progress, RunOptions } from './types';

export function runFiles(
  files: readonly InputFile[],
  options: RunOptions,
  onProgress: (progress: Progress) => void,
  signal: AbortSignal,
  deps: RunDeps,
): Promise<RunOutcome> {
  return options.format === 'nifti'
    ? runNifti(files, options, onProgress, signal, deps)
    : runDicom(files, options, onProgress, signal, deps);
}
