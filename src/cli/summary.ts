/**
 * The end-of-run summary on stderr: totals, each failure and quarantined file by input id, what
 * the leftover check did and how to deal with quarantined files, skip reasons by count.
 */
import { BURNED_IN_NOTE } from '../core/deid/burnedIn';
import type { LeftoverSettings } from '../core/report/leftoverNote';
import { computeTotals, summarizeTotals, type ReportRow } from '../core/report/report';

const MAX_FAILURES_LISTED = 50;
const MAX_SKIP_REASONS_LISTED = 10;

/** The run's leftover settings, and how many written files needed them (RunResults). */
export interface LeftoverSummary {
  readonly settings: LeftoverSettings;
  readonly afterFixes: number;
}

export function summaryLines(
  rows: readonly ReportRow[],
  seconds: number,
  leftovers?: LeftoverSummary,
): string[] {
  const totals = computeTotals(rows);
  const lines = [`${summarizeTotals(totals)} in ${seconds.toFixed(1)} s`];

  const failures = rows.filter((row) => row.status === 'failed' || row.status === 'quarantined');
  for (const row of failures.slice(0, MAX_FAILURES_LISTED)) {
    lines.push(`  ${row.input} ${row.status}: ${row.reason}`);
  }
  if (failures.length > MAX_FAILURES_LISTED) {
    lines.push(
      `  ... and ${failures.length - MAX_FAILURES_LISTED} more failed or quarantined in report.csv`,
    );
  }

  const burnedIn = rows.filter(
    (row) => row.status === 'written' && row.reason.startsWith(BURNED_IN_NOTE),
  ).length;
  if (burnedIn > 0) {
    lines.push(
      `  ${burnedIn} written file(s) may show burned-in text (ultrasound, screenshots, ...): ` +
        'check their images before sharing; report.csv says which and why',
    );
  }

  if (leftovers) lines.push(...leftoverLines(leftovers, totals.quarantined));

  const skipReasons = new Map<string, number>();
  for (const row of rows) {
    if (row.status === 'skipped')
      skipReasons.set(row.reason, (skipReasons.get(row.reason) ?? 0) + 1);
  }
  const byCount = [...skipReasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [reason, count] of byCount.slice(0, MAX_SKIP_REASONS_LISTED)) {
    lines.push(`  skipped ${count}: ${reason}`);
  }
  if (byCount.length > MAX_SKIP_REASONS_LISTED) {
    lines.push(
      `  ... and ${byCount.length - MAX_SKIP_REASONS_LISTED} more skip reasons in report.csv`,
    );
  }
  return lines;
}

/** The run's leftover settings at its start, when they are not the default; counts only. */
export function leftoverSettingsLine(settings: LeftoverSettings): string | undefined {
  const parts = [
    ...(settings.onLeftover === 'clean' ? ['identifiers the check still finds are cut out'] : []),
    ...(settings.fixes.length ? [`${settings.fixes.length} leftover fix rule(s)`] : []),
    ...(settings.allowValues ? [`${settings.allowValues} allowed value(s)`] : []),
  ];
  return parts.length ? `leftovers: ${parts.join('; ')}` : undefined;
}

/** Never a value: the allowed values are counted, and findings are in report.json by place. */
function leftoverLines({ settings, afterFixes }: LeftoverSummary, quarantined: number): string[] {
  const lines: string[] = [];
  if (afterFixes > 0) {
    lines.push(
      `  ${afterFixes} file(s) written after the leftover check fixed them or found allowed ` +
        'values; report.csv says what it did in each',
    );
  }
  if (quarantined === 0) return lines;
  lines.push(
    settings.onLeftover === 'clean'
      ? `  ${quarantined} file(s) quarantined although --on-leftover clean: what was found could ` +
          'not be cut out (see report.json); --allow-value for values that identify nobody'
      : `  ${quarantined} file(s) quarantined: an identifier the profile took away is still in ` +
          'them. To proceed, rerun with --on-leftover clean to cut the values out, or ' +
          '--allow-value for values that identify nobody; see report.json',
  );
  return lines;
}
