/**
 * The per-run report: one row per input file, and totals that reconcile
 * (inputs = written + skipped + failed + quarantined). Rows name inputs by a pseudonymous id (their place in
 * the sorted input list), never by path: folder and file names often carry patient names.
 * Reasons and warnings come from code that never quotes a value or a path.
 */
import type { ChangeAction, ChangeRecord } from '../deid/api';
import { toCsv } from './csv';
import type { LeftoverSettings } from './leftoverNote';

/** Quarantined: de-identified, but the check of its bytes found an identifier; not saved. */
export type FileStatus = 'written' | 'skipped' | 'failed' | 'quarantined';

/** Every change action, in the order reports list them. */
export const CHANGE_ACTIONS = [
  'removed',
  'emptied',
  'replaced',
  'uid-remapped',
  'date-shifted',
  'cleaned',
  'added',
] as const satisfies readonly ChangeAction[];

// Fails to compile when api.ts gains an action this list does not have.
type MissingAction = Exclude<ChangeAction, (typeof CHANGE_ACTIONS)[number]>;
const everyActionListed: MissingAction extends never ? true : never = true;
void everyActionListed;

export type ActionCounts = Partial<Record<ChangeAction, number>>;

export interface ReportRow {
  /** `input-000001` for the first file of the sorted input walk. */
  readonly input: string;
  readonly status: FileStatus;
  /**
   * Why the file was skipped, failed or quarantined; for a written file a note (burned-in
   * text to check, a NIfTI run's file written as DICOM) or empty.
   */
  readonly reason: string;
  /** Where the output went, relative to the output folder (or zip); empty unless written. */
  readonly output: string;
  readonly actions: ActionCounts;
  readonly warnings: number;
}

export interface ReportTotals {
  readonly inputs: number;
  readonly written: number;
  readonly skipped: number;
  readonly failed: number;
  readonly quarantined: number;
  readonly actions: ActionCounts;
  readonly warnings: number;
}

/** The pseudonymous id of the input at this 0-based position of the sorted walk. */
export function inputId(index: number): string {
  return `input-${String(index + 1).padStart(6, '0')}`;
}

export function countActions(changes: readonly ChangeRecord[]): ActionCounts {
  const counts: ActionCounts = {};
  for (const { action } of changes) counts[action] = (counts[action] ?? 0) + 1;
  return counts;
}

/** `removed=12;replaced=3`: the non-zero counts in CHANGE_ACTIONS order. */
export function formatActions(counts: ActionCounts): string {
  return CHANGE_ACTIONS.filter((action) => (counts[action] ?? 0) > 0)
    .map((action) => `${action}=${counts[action]}`)
    .join(';');
}

export function computeTotals(rows: Iterable<ReportRow>): ReportTotals {
  let inputs = 0;
  let warnings = 0;
  const byStatus: Record<FileStatus, number> = {
    written: 0,
    skipped: 0,
    failed: 0,
    quarantined: 0,
  };
  const actions: ActionCounts = {};
  for (const row of rows) {
    inputs++;
    byStatus[row.status]++;
    warnings += row.warnings;
    for (const action of CHANGE_ACTIONS) {
      const n = row.actions[action];
      if (n) actions[action] = (actions[action] ?? 0) + n;
    }
  }
  return { inputs, ...byStatus, actions, warnings };
}

export const REPORT_CSV_HEADER = ['input', 'status', 'reason', 'output', 'actions', 'warnings'];

export function reportCsv(rows: Iterable<ReportRow>): string {
  return toCsv(
    REPORT_CSV_HEADER,
    (function* () {
      for (const row of rows) {
        yield [
          row.input,
          row.status,
          row.reason,
          row.output,
          formatActions(row.actions),
          row.warnings,
        ];
      }
    })(),
  );
}

/** What the run was, for the top of report.json. Nothing here identifies a patient. */
export interface ReportHeader {
  readonly tool: 'dicomanon';
  readonly version: string;
  readonly output: 'dicom' | 'nifti';
  readonly profile: {
    readonly base: string;
    readonly name?: string;
    readonly options: readonly string[];
    readonly customRules: number;
  };
  /** False when no key was given and a random one made pseudonyms unrepeatable. */
  readonly reproducible: boolean;
  /** What the run does with identifiers the check still finds (leftoverNote.ts). */
  readonly leftovers?: LeftoverSettings;
  /**
   * Present only when the run stopped before its last input (the CLI's Ctrl-C, a full disk):
   * how many inputs the run had, and why it stopped. The rows are the inputs done.
   */
  readonly unfinished?: { readonly inputs: number; readonly cause: string };
}

export function reportJson(header: ReportHeader, rows: readonly ReportRow[]): string {
  const files = rows.map((row) => ({ ...row, actions: orderedActions(row.actions) }));
  return `${JSON.stringify({ ...reportHead(header, rows), files }, null, 2)}\n`;
}

/** report.json as reportJson makes it, with `"files": []`: what stands around the rows. */
export function reportHeaderJson(header: ReportHeader, rows: readonly ReportRow[]): string {
  return `${JSON.stringify({ ...reportHead(header, rows), files: [] }, null, 2)}\n`;
}

function reportHead(header: ReportHeader, rows: readonly ReportRow[]) {
  const totals = computeTotals(rows);
  return { ...header, totals: { ...totals, actions: orderedActions(totals.actions) } };
}

export function orderedActions(counts: ActionCounts): ActionCounts {
  const ordered: ActionCounts = {};
  for (const action of CHANGE_ACTIONS) if (counts[action]) ordered[action] = counts[action];
  return ordered;
}

/** `12 inputs: 10 written, 1 skipped, 1 failed`. */
export function summarizeTotals(totals: ReportTotals): string {
  const s = totals.inputs === 1 ? '' : 's';
  return (
    `${totals.inputs} input${s}: ${totals.written} written, ${totals.skipped} skipped, ` +
    `${totals.failed} failed` +
    (totals.quarantined > 0 ? `, ${totals.quarantined} quarantined` : '')
  );
}
