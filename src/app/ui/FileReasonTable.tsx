import type { ReactNode } from 'react';
import { formatCount } from './format';

/** Long lists are cut here; the totals above the table still count every file. */
const MAX_ROWS = 1000;

export interface FileReasonRow {
  readonly index: number;
  readonly path: string;
  readonly status?: string;
  readonly reason: string;
}

/**
 * Files with the reason they were not de-identified. Paths are the user's own local paths,
 * shown on this screen only and never written to any output.
 */
export function FileReasonTable({
  rows,
  caption,
  showStatus = false,
  actionOf,
}: {
  readonly rows: readonly FileReasonRow[];
  readonly caption: string;
  readonly showStatus?: boolean;
  /** A last column with what can be done about a file (a button), when given. */
  readonly actionOf?: (row: FileReasonRow) => ReactNode;
}) {
  const shown = rows.slice(0, MAX_ROWS);
  return (
    <>
      <div className="table-scroll">
        <table className="plain-table">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              {showStatus ? (
                <th scope="col" className="nowrap">
                  Result
                </th>
              ) : null}
              <th scope="col">Why</th>
              {actionOf ? (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.index}>
                <td>{row.path}</td>
                {showStatus ? <td className="nowrap">{row.status}</td> : null}
                <td>{row.reason}</td>
                {actionOf ? <td className="nowrap">{actionOf(row)}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > shown.length ? (
        <p className="muted small">
          The first {formatCount(shown.length)} of {formatCount(rows.length)} are listed.
        </p>
      ) : null}
    </>
  );
}

/** "312 × Not a DICOM file" lines, most frequent first. */
export function reasonCounts(rows: readonly FileReasonRow[]): [reason: string, count: number][] {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.reason, (counts.get(row.reason) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
