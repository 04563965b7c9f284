/**
 * The words of a quarantined file's preview: which element holds what kind of identifier, and
 * where that came from. Built from the leak check's findings, which never hold a value; the
 * element's name comes from the table's rows. Pure, for the banner and the table alike.
 */
import type { LeakMark, PreviewRow } from '../../core/deid/preview';
import type { LeakFinding } from '../../core/deid/leakCheck';

/**
 * "PatientName" → "Patient Name", "PatientID" → "Patient ID", "OtherPatientIDs" → "Other
 * Patient IDs" (an acronym's plural s stays with it); names with spaces stay.
 */
export function spacedKeyword(keyword: string): string {
  if (/\s/.test(keyword)) return keyword;
  return keyword
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z](?!s(?![a-z]))[a-z])/g, '$1 $2');
}

/** "a patient name", "an original UID", "another identifier". */
export function withArticle(kind: string): string {
  if (kind === 'other identifier') return 'another identifier';
  return `${/^[aeiou]/i.test(kind) ? 'an' : 'a'} ${kind}`;
}

/** "a patient name (from Patient Name)"; several are joined with "and". */
export function describeMarks(marks: readonly LeakMark[]): string {
  const parts = marks.map((m) => `${withArticle(m.kind)} (from ${spacedKeyword(m.source)})`);
  return parts.length <= 1
    ? (parts[0] ?? '')
    : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]!}`;
}

export interface LeakLine {
  /** The element's path, or '' for the file name. */
  readonly path: string;
  readonly text: string;
}

/**
 * One line per element that holds identifiers, in the order of the findings, then one for the
 * file name: "(0008,1090) Manufacturer Model Name holds a patient name (from Patient Name)".
 */
export function leakLines(
  findings: readonly LeakFinding[],
  fileNameFindings: readonly LeakFinding[],
  rows: readonly PreviewRow[],
): LeakLine[] {
  const keywords = new Map<string, string>();
  for (const row of rows) if (row.leaks && row.keyword) keywords.set(row.path, row.keyword);
  const byPath = new Map<string, LeakMark[]>();
  for (const { path, kind, source } of findings) {
    const marks = byPath.get(path) ?? [];
    if (!marks.some((m) => m.kind === kind && m.source === source)) marks.push({ kind, source });
    byPath.set(path, marks);
  }
  const lines: LeakLine[] = [...byPath].map(([path, marks]) => {
    const keyword = keywords.get(path);
    const element = keyword ? `${path} ${spacedKeyword(keyword)}` : path;
    return { path, text: `${element} holds ${describeMarks(marks)}` };
  });
  if (fileNameFindings.length > 0) {
    const marks = fileNameFindings.map(({ kind, source }) => ({ kind, source }));
    lines.push({
      path: '',
      text: `The name the file would have had holds ${describeMarks(marks)}`,
    });
  }
  return lines;
}
