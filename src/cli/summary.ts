/**
 * The end-of-run summary on stderr: totals, each failure and quarantined file by input id, skip
 * reasons by count.
 */
import { BURNED_IN_NOTE } from '../core/deid/burnedIn';
import { computeTotals, summarizeTotals, type ReportRow } from '../core/report/report';

const MAX_FAILURES_LISTED = 50;
const MAX_SKIP_REASONS_LISTED = 10;

export function summaryLines(rows: readonly ReportRow[], seconds: number): string[] {
  const totals = computeTotals(rows);
  const lines = [`${summarizeTotals(totals)} in ${seconds.toFixed(1)} s`];

  const failures = rows.filter((row) => row.status === 'failed' || row.status === 'quarantined');
  for (const row of failures.slice(0, MAX_FAILURES_LISTED)) {
    lines.push(`  ${row.input} ${row.status}: ${row.reason}`);
  }
  if (failures.length > MAX_FAILURES_LISTED) {
    lines.push(`  ... and ${failures.length - MAX_FAILURES_LISTED} more failures in report.csv`);
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
