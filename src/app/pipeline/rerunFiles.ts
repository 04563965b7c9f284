/**
 * A re-run of a DICOM run's quarantined files with the fixes the user chose on the done screen
 * (core/deid/leftovers.ts): the same profile, key, mapping wish and study values as the run,
 * plus `leftoverFixes`. The output goes where the run's saver still takes files (a folder);
 * a zip is complete and closed when the run ends (a tab closed while the user decides must not
 * lose the whole archive), so then the re-run's files go into a new downloaded .zip, with the
 * report of the whole run. Either way the report is written again: the re-run files' rows
 * carry their new status and note, and its header the fixes.
 */
import type { LeftoverRule } from '../../core/deid/api';
import { leftoverKey } from '../../core/deid/leftovers';
import { DOWNLOAD_PART_BYTES } from '../runOptions';
import { deidentifyInOrder } from './runDicom';
import type { RunDeps, RunOutcome } from './runDeps';
import { forkRecorder, type RunRecorder } from './runRecorder';
import type { OutputSaver } from './saver';
import type { InputFile, Progress, RerunRequest, RunOptions } from './types';

/** What a run leaves for its re-runs; replaced by each re-run that finishes. */
export interface RerunBase {
  /** The run's options, its include list aside. */
  readonly options: RunOptions;
  readonly recorder: RunRecorder;
  /** The run's saver: a folder's takes more files after the run (OutputSaver.reopen). */
  readonly saver: OutputSaver;
  readonly baseName: string;
  readonly fixes: readonly LeftoverRule[];
  /** The .zip files re-runs downloaded, without ".zip". */
  readonly archives: readonly string[];
}

export interface RerunOutcome {
  readonly outcome: RunOutcome;
  /** The base for the next re-run: the new one when this re-run finished, else the old. */
  readonly base: RerunBase;
}

export async function rerunFiles(
  files: readonly InputFile[],
  base: RerunBase,
  request: RerunRequest,
  onProgress: (progress: Progress) => void,
  signal: AbortSignal,
  deps: RunDeps,
): Promise<RerunOutcome> {
  const quarantined = new Set(
    base.recorder.results.filter((r) => r.status === 'quarantined').map((r) => r.index),
  );
  const include = [...new Set(request.include)]
    .filter((index) => quarantined.has(index) && files[index])
    .sort((a, b) => a - b);
  const fixes = mergeFixes(base.fixes, request.fixes);
  const reopened = base.saver.reopen?.();
  const archive = reopened ? undefined : nextArchiveName(base);
  const saver =
    reopened ??
    (await deps.openSaver(
      {
        kind: 'download-parts',
        maxPartBytes:
          base.options.save.kind === 'download-parts'
            ? base.options.save.maxPartBytes
            : DOWNLOAD_PART_BYTES,
      },
      archive!,
    ));
  const recorder = forkRecorder(base.recorder, saver);
  const options: RunOptions = {
    ...base.options,
    spec: { ...base.options.spec, leftoverFixes: fixes },
    include,
  };
  const outcome = await deidentifyInOrder({
    files,
    order: include,
    options,
    wantCrc: reopened === undefined,
    recorder,
    saver,
    baseName: base.baseName,
    onProgress,
    signal,
    deps,
  });
  const archives = archive === undefined ? base.archives : [...base.archives, archive];
  const summary = { ...outcome.summary, rerun: { fixes, archives } };
  if (summary.cancelled) {
    // A download that was cut short may still have saved a part: its name is not reused.
    return { outcome: { ...outcome, summary }, base: { ...base, archives } };
  }
  return {
    outcome: { ...outcome, summary },
    base: { ...base, recorder, fixes, archives },
  };
}

/** `dicomanon-20250131-1405-rerun`, then `-rerun2`, `-rerun3`. */
function nextArchiveName(base: RerunBase): string {
  const n = base.archives.length + 1;
  return `${base.baseName}-rerun${n === 1 ? '' : n}`;
}

/** The earlier fixes with the new ones: one fix per kind of finding, the newest. */
export function mergeFixes(
  earlier: readonly LeftoverRule[],
  newer: readonly LeftoverRule[],
): LeftoverRule[] {
  const byKey = new Map<string, LeftoverRule>();
  const keyOf = (rule: LeftoverRule) =>
    leftoverKey({ path: rule.place, kind: rule.kind, source: rule.source });
  for (const rule of [...earlier, ...newer]) {
    const key = keyOf(rule);
    byKey.delete(key);
    byKey.set(key, rule);
  }
  return [...byKey.values()];
}
