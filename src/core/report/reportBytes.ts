/**
 * report.json and report.csv as bytes, made a block of rows at a time. A run of 100,000 files
 * has a 46 MB report.json and a 27 MB report.csv: made as one string each and then encoded,
 * they were held twice over at the end of the run (string and bytes, with a copy of every row
 * for the JSON), the largest part of the CLI's peak memory per file. Here no text longer than
 * one block exists, and the bytes are those of reportJson and reportCsv (report.test.ts).
 */
import { csvLine } from './csv';
import {
  formatActions,
  orderedActions,
  reportHeaderJson,
  REPORT_CSV_HEADER,
  type ReportHeader,
  type ReportRow,
} from './report';

/** Rows per encoded block: blocks of about 100–500 KB. */
const ROWS_PER_BLOCK = 1000;

const encoder = new TextEncoder();

/** Joins `parts` into blocks of `ROWS_PER_BLOCK` parts, each encoded as UTF-8. */
function encodeInBlocks(parts: Iterable<string>): Uint8Array[] {
  const blocks: Uint8Array[] = [];
  let pending: string[] = [];
  for (const part of parts) {
    pending.push(part);
    if (pending.length >= ROWS_PER_BLOCK) {
      blocks.push(encoder.encode(pending.join('')));
      pending = [];
    }
  }
  if (pending.length > 0) blocks.push(encoder.encode(pending.join('')));
  return blocks;
}

/**
 * JSON.stringify(report, null, 2) with the rows written one by one: every row is an element of
 * `files`, two levels deep, so its own stringified lines are indented by four more spaces.
 */
function* reportJsonParts(header: ReportHeader, rows: readonly ReportRow[]): Generator<string> {
  const empty = reportHeaderJson(header, rows);
  if (rows.length === 0) {
    yield empty;
    return;
  }
  const open = '"files": []';
  const at = empty.lastIndexOf(open);
  yield `${empty.slice(0, at)}"files": [`;
  let separator = '\n    ';
  for (const row of rows) {
    const text = JSON.stringify({ ...row, actions: orderedActions(row.actions) }, null, 2);
    yield separator + text.replaceAll('\n', '\n    ');
    separator = ',\n    ';
  }
  yield `\n  ]${empty.slice(at + open.length)}`;
}

function* reportCsvParts(rows: readonly ReportRow[]): Generator<string> {
  yield csvLine(REPORT_CSV_HEADER);
  for (const row of rows) {
    yield csvLine([
      row.input,
      row.status,
      row.reason,
      row.output,
      formatActions(row.actions),
      row.warnings,
    ]);
  }
}

export function reportJsonBytes(header: ReportHeader, rows: readonly ReportRow[]): Uint8Array[] {
  return encodeInBlocks(reportJsonParts(header, rows));
}

export function reportCsvBytes(rows: readonly ReportRow[]): Uint8Array[] {
  return encodeInBlocks(reportCsvParts(rows));
}
