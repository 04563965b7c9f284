/**
 * Over a quarantined file's table: the file was not saved, and which elements still hold what
 * kind of identifier. Kinds and sources only: the values are in the table, on this screen.
 */
import type { LeakFinding } from '../../core/deid/leakCheck';
import type { PreviewRow } from '../../core/deid/preview';
import { formatCount } from '../ui/format';
import { leakLines } from './leakText';

/** A file can hold many; the rest are a click on "Leaks only" away. */
const MAX_LINES = 6;

export function QuarantineBanner({
  findings,
  fileNameFindings,
  rows,
}: {
  readonly findings: readonly LeakFinding[];
  readonly fileNameFindings: readonly LeakFinding[];
  readonly rows: readonly PreviewRow[];
}) {
  const lines = leakLines(findings, fileNameFindings, rows);
  const shown = lines.slice(0, MAX_LINES);
  return (
    <section className="message error quarantine-banner" aria-label="Why this file was not saved">
      <p>
        <strong>Quarantined: this file was not saved.</strong> It was de-identified, but the final
        check still found identifying values in what would have been written. The table shows that
        file; rows marked “Leak” hold them.
      </p>
      <ul>
        {shown.map((line) => (
          <li key={line.path || 'file name'}>{line.text}.</li>
        ))}
      </ul>
      {lines.length > shown.length ? (
        <p className="small">
          And {formatCount(lines.length - shown.length)} more: tick “Leaks only” to list them all.
        </p>
      ) : null}
    </section>
  );
}
