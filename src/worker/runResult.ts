/**
 * A page run's answer for one file: the worker result the CLI also uses (workerResult.ts),
 * plus what the done screen needs to let the user resolve a quarantine. A quarantined file
 * keeps its findings (places, kinds and sources, never a value) so that the screen can group
 * files by finding; a written one keeps what the leftover check fixed, for its report row.
 */
import type { FileOutcome, LeftoverCounts } from '../core/deid/api';
import type { LeakFinding } from '../core/deid/leakCheck';
import type { DeidResult, PackedResult } from '../core/deid/workerResult';

export type RunResult = DeidResult & {
  readonly findings?: readonly LeakFinding[];
  readonly leftovers?: LeftoverCounts;
};

/** `packed` (packOutcome's answer for `outcome`) with the findings or leftover counts. */
export function withRemedyDetails(
  packed: PackedResult,
  outcome: FileOutcome,
): { result: RunResult; transfer: ArrayBuffer[] } {
  if (outcome.status === 'quarantined') {
    // Plain copies: an engine object may carry more than the three public fields.
    const findings = outcome.findings.map(({ path, kind, source }) => ({ path, kind, source }));
    return { result: { ...packed.result, findings }, transfer: packed.transfer };
  }
  if (outcome.status === 'written' && outcome.leftovers && packed.result.status === 'written') {
    return {
      result: { ...packed.result, leftovers: outcome.leftovers },
      transfer: packed.transfer,
    };
  }
  return packed;
}
