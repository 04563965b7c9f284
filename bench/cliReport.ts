/**
 * The CLI benchmark's table and goals. Ratios are throughput ratios: reference time / tool time,
 * so "0.30× cp" means the tool takes 3.3 times as long as cp, and "5× pydicom" a fifth of the
 * pydicom script's time. Printed, never asserted. MB = 10^6 bytes.
 */
import type { ToolId } from './cliTools';
import { median, type ToolTiming } from './cliTiming';
import { table } from './report';

export const PYDICOM_GOAL = 5;
export const CP_GOAL = 0.3;

const fmt = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
const ratio = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '—');

/** Median (or fastest) wall seconds of a tool that finished all its runs, else NaN. */
function medianWall(timings: ReadonlyMap<ToolId, ToolTiming>, id: ToolId, fastest = false): number {
  const t = timings.get(id);
  if (!t || t.failure !== undefined || t.wall.length === 0) return NaN;
  return fastest ? Math.min(...t.wall) : median(t.wall);
}

export function cliTable(timings: ReadonlyMap<ToolId, ToolTiming>, inputBytes: number): string {
  const cp = medianWall(timings, 'cp');
  const py = medianWall(timings, 'pydicom');
  const rows = [...timings.values()].map((t) => {
    const label = t.tool.label;
    if (t.failure !== undefined) return [label, '—', '—', 'failed', '', '', '', ''];
    const s = median(t.wall);
    return [
      label,
      String(t.wall.length),
      fmt(s, 2),
      `${fmt(Math.min(...t.wall), 2)}–${fmt(Math.max(...t.wall), 2)}`,
      fmt(median(t.cpu), 2),
      fmt(inputBytes / 1e6 / s, 0),
      ratio(cp / s),
      timings.has('pydicom') ? ratio(py / s) : 'n/a',
    ];
  });
  const failures = [...timings.values()]
    .filter((t) => t.failure !== undefined)
    .map((t) => `\n  ${t.tool.label} failed: ${t.failure}`);
  return (
    table(['tool', 'runs', 'median s', 'min–max s', 'CPU s', 'MB/s', 'vs cp', 'vs pydicom'], rows) +
    failures.join('')
  );
}

function verdict(ratio: number, goal: number): string {
  if (!Number.isFinite(ratio)) return 'not measured';
  return ratio >= goal ? 'met' : 'NOT MET';
}

/** One line per goal, with the measured ratio and met / NOT MET. */
export function cliGoals(
  timings: ReadonlyMap<ToolId, ToolTiming>,
  jobs: number,
  pydicomMissing: string | undefined,
): string {
  const cp = medianWall(timings, 'cp');
  const py = medianWall(timings, 'pydicom');
  const basic = medianWall(timings, 'basic');
  const legacy = medianWall(timings, 'legacy');
  // Fastest run against fastest run: what the ratio is with the least noise in either.
  const best = (id: ToolId) => medianWall(timings, 'cp', true) / medianWall(timings, id, true);
  const lines = [
    `  ≥ ${CP_GOAL}× cp -r with ${jobs} jobs:  basic ${ratio(cp / basic)} ` +
      `${verdict(cp / basic, CP_GOAL)}; legacy ${ratio(cp / legacy)} ` +
      `${verdict(cp / legacy, CP_GOAL)} (fastest runs: basic ${ratio(best('basic'))}, ` +
      `legacy ${ratio(best('legacy'))})`,
  ];
  if (pydicomMissing !== undefined) {
    lines.push(`  ≥ ${PYDICOM_GOAL}× the pydicom script: not measured (${pydicomMissing})`);
  } else {
    lines.push(
      `  ≥ ${PYDICOM_GOAL}× the pydicom script (legacy table, like for like): legacy ` +
        `${ratio(py / legacy)} ${verdict(py / legacy, PYDICOM_GOAL)} ` +
        `(basic, which does more: ${ratio(py / basic)})`,
    );
  }
  return lines.join('\n');
}
