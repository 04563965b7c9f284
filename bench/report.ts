/** The benchmark's tables, with PASS/MISS against the goals. MB = 10^6 bytes. */
import { CASES, type Case } from './cases';
import { RSS_MIN_FILE_SIZE, type MemoryResult } from './memory';
import type { Timing } from './throughput';

export const THROUGHPUT_GOAL = 0.7;
export const MEMORY_GOAL = 2.5;

export const mb = (bytes: number) => bytes / 1e6;
export const fmt = (n: number, digits = 1) => n.toFixed(digits);

/** A plain-text table: first column left-aligned, the rest right-aligned. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    '  ' +
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ');
  return [
    line(headers),
    '  ' + widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
  ].join('\n');
}

const CASE_LABEL: Record<Case, string> = {
  copy: 'copy (bytes.slice())',
  unchanged: 'readDicom + writeDicom, unchanged',
  edited: 'readDicom + writeDicom, PatientName edited',
};

/** Per case: the median pass and what it means per MB and per file, the best pass, faults. */
export function throughputTable(
  totalBytes: number,
  fileCount: number,
  ms: Record<Case, Timing>,
): string {
  const rate = (c: Case) => mb(totalBytes) / (ms[c].median / 1000);
  const rows = CASES.map((c) => {
    const ratio = ms.copy.median / ms[c].median;
    const bestRatio = ms.copy.best / ms[c].best;
    const goal = c === 'copy' ? '' : `≥ ${THROUGHPUT_GOAL}`;
    const result = c === 'copy' ? '' : ratio >= THROUGHPUT_GOAL ? 'PASS' : 'MISS';
    return [
      CASE_LABEL[c],
      fmt(ms[c].median),
      fmt(rate(c), 0),
      fmt(ratio, 2),
      c === 'copy' ? '' : fmt(((ms[c].median - ms.copy.median) * 1000) / fileCount, 1),
      fmt(ms[c].best),
      fmt(bestRatio, 2),
      String(Math.round(ms[c].faults)),
      goal,
      result,
    ];
  });
  return table(
    [
      'case',
      'ms/pass',
      'MB/s',
      'ours/copy',
      'µs/file over copy',
      'best ms',
      'best ratio',
      'page faults',
      'goal',
      'result',
    ],
    rows,
  );
}

export interface MemoryRow {
  readonly label: string;
  readonly c: Case;
  /** A string says why the measurement failed. */
  readonly result: MemoryResult | string;
}

/**
 * The result column uses the larger of retained and RSS peak. For a deflated file the tree
 * points into the inflated data set, so input + inflated data set alone exceed the goal
 * whenever the data set inflates to more than 1.5× the file: the note column says by how much.
 */
export function memoryTable(measured: readonly MemoryRow[]): string {
  const rows = measured.map(({ label, c, result: r }) => {
    if (typeof r === 'string') return [label, '', c, r, '', '', '', ''];
    const showRss = r.size >= RSS_MIN_FILE_SIZE && Number.isFinite(r.rssPeak);
    const rss = showRss ? `${fmt(r.rssPeak, 2)}×` : '—';
    const worst = Math.max(r.retained, showRss ? r.rssPeak : 0);
    const result = c === 'copy' ? '(reference)' : worst <= MEMORY_GOAL ? 'PASS' : 'MISS';
    return [
      label,
      `${fmt(mb(r.size), 2)} MB`,
      c,
      `${fmt(r.retained, 2)}×`,
      rss,
      c === 'copy' ? '' : `≤ ${MEMORY_GOAL}×`,
      result,
      r.inflated ? `data set inflates to ${fmt(r.inflated / r.size, 1)}× the file` : '',
    ];
  });
  return table(['file', 'size', 'case', 'retained', 'RSS peak', 'goal', 'result', 'note'], rows);
}
