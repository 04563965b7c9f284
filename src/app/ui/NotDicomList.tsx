import type { InputFile, ScanResult } from '../pipeline/types';
import { FileReasonTable, reasonCounts, type FileReasonRow } from './FileReasonTable';
import { formatCount, plural } from './format';

/** Lists of more rows than this start folded. */
const OPEN_UP_TO = 8;

/** The files the scan found to be not DICOM (or not readable), with the reason. */
export function NotDicomList({
  files,
  results,
}: {
  readonly files: readonly InputFile[];
  readonly results: readonly ScanResult[];
}) {
  const rows: FileReasonRow[] = [];
  for (const result of results) {
    if (result.kind === 'dicom') continue;
    rows.push({
      index: result.index,
      path: files[result.index]?.path ?? `file ${result.index + 1}`,
      reason: result.reason,
    });
  }
  if (rows.length === 0) return null;
  const counts = reasonCounts(rows);
  return (
    <section className="card" aria-labelledby="not-dicom-heading">
      <h2 id="not-dicom-heading" tabIndex={-1}>
        {plural(rows.length, 'file')} will not be de-identified
      </h2>
      <p className="muted">
        They are not DICOM images, or could not be read. They are left out and listed in the report.
      </p>
      <ul className="small">
        {counts.slice(0, 5).map(([reason, count]) => (
          <li key={reason}>
            {formatCount(count)} × {reason}
          </li>
        ))}
        {counts.length > 5 ? <li>and {plural(counts.length - 5, 'other reason')}</li> : null}
      </ul>
      <details open={rows.length <= OPEN_UP_TO}>
        <summary>Show the {plural(rows.length, 'file')}</summary>
        <FileReasonTable rows={rows} caption="Files that will not be de-identified" />
      </details>
    </section>
  );
}
