/**
 * The CLI benchmark's tables and goals (issue 17). Printed, never asserted. MB = 10^6 bytes.
 *   - "÷ gdcmanon": the tool's wall time over GDCM's `gdcmanon --dumb` on the same input; the
 *     CLI's goal is ≤ 1.5 (at most half again native's time);
 *   - "× pydicom": the pydicom script's time over the tool's: how many times faster; the CLI's
 *     legacy profile's goal is ≥ 5;
 *   - "vs cp": `cp -r`'s time over the tool's (1 = as fast as a copy): the practical limit.
 */
import { median, type ToolTiming } from './cliTiming';
import type { ToolId } from './cliTools';
import { table } from './report';

export const GDCMANON_GOAL = 1.5;
export const PYDICOM_GOAL = 5;

const fmt = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
const ratio = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '—');

/** Median (or fastest) wall seconds of a tool that finished all its runs, else NaN. */
function wallOf(timings: ReadonlyMap<ToolId, ToolTiming>, id: ToolId, fastest = false): number {
  const t = timings.get(id);
  if (!t || t.failure !== undefined || t.wall.length === 0) return NaN;
  return fastest ? Math.min(...t.wall) : median(t.wall);
}

export interface InputSize {
  readonly files: number;
  readonly bytes: number;
}

export function cliTable(timings: ReadonlyMap<ToolId, ToolTiming>, input: InputSize): string {
  const cp = wallOf(timings, 'cp');
  const gdcm = wallOf(timings, 'gdcmanon');
  const py = wallOf(timings, 'pydicom');
  const rows = [...timings.values()].map((t) => {
    const label = t.tool.label;
    if (t.failure !== undefined) return [label, '—', '—', 'failed', '', '', '', '', '', ''];
    const s = median(t.wall);
    return [
      label,
      String(t.wall.length),
      fmt(s, 2),
      `${fmt(Math.min(...t.wall), 2)}–${fmt(Math.max(...t.wall), 2)}`,
      fmt(median(t.cpu), 2),
      fmt(input.files / s, 0),
      fmt(input.bytes / 1e6 / s, 0),
      ratio(s / gdcm),
      ratio(py / s),
      ratio(cp / s),
    ];
  });
  const failures = [...timings.values()]
    .filter((t) => t.failure !== undefined)
    .map((t) => `\n  ${t.tool.label} failed: ${t.failure}`);
  return (
    table(
      [
        'tool',
        'runs',
        'median s',
        'min–max s',
        'CPU s',
        'files/s',
        'MB/s',
        '÷ gdcmanon',
        '× pydicom',
        'vs cp',
      ],
      rows,
    ) + failures.join('')
  );
}

const CLI_IDS: readonly ToolId[] = ['basic', 'legacy', 'basic-zip', 'legacy-zip'];

/** One line per CLI tool and goal, with the measured ratio and met / NOT MET. */
export function cliGoals(
  timings: ReadonlyMap<ToolId, ToolTiming>,
  missing: { gdcmanon?: string; pydicom?: string },
): string {
  const gdcm = wallOf(timings, 'gdcmanon');
  const py = wallOf(timings, 'pydicom');
  const verdict = (ok: boolean, value: number) =>
    !Number.isFinite(value) ? 'not measured' : ok ? 'met' : 'NOT MET';
  const lines: string[] = [];
  for (const id of CLI_IDS) {
    const t = timings.get(id);
    if (!t) continue;
    const s = wallOf(timings, id);
    // Fastest run against fastest run: the ratio with the least noise in either.
    const best = wallOf(timings, id, true) / wallOf(timings, 'gdcmanon', true);
    const parts = [
      timings.has('gdcmanon')
        ? `${ratio(s / gdcm)} gdcmanon's time (≤ ${GDCMANON_GOAL}×: ` +
          `${verdict(s / gdcm <= GDCMANON_GOAL, s / gdcm)}; fastest runs ${ratio(best)})`
        : `gdcmanon not measured (${missing.gdcmanon ?? 'left out'})`,
    ];
    if (id.startsWith('legacy')) {
      parts.push(
        timings.has('pydicom')
          ? `${ratio(py / s)} faster than pydicom (≥ ${PYDICOM_GOAL}×: ` +
              `${verdict(py / s >= PYDICOM_GOAL, py / s)})`
          : `pydicom not measured (${missing.pydicom ?? 'left out'})`,
      );
    }
    lines.push(`  ${t.tool.label}: ${parts.join('; ')}`);
  }
  return lines.join('\n');
}
