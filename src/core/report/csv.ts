/**
 * CSV as RFC 4180 describes it (comma separated, CRLF line ends, fields with a comma, quote, CR
 * or LF quoted and inner quotes doubled), with one addition for files people open in a
 * spreadsheet: a text cell starting with = + - @ (or a tab or CR, which some spreadsheets
 * strip before looking) is prefixed with an apostrophe so that it is shown as text and never
 * evaluated as a formula. The prefix changes the cell's text; numbers are written as they are.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export type CsvValue = string | number;

export function csvCell(value: CsvValue): string {
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly CsvValue[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** A whole CSV document: the header line, then one line per row. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const lines = [csvLine(header)];
  for (const row of rows) lines.push(csvLine(row));
  return lines.join('');
}
