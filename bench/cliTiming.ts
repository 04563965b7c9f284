/**
 * Timing of whole processes, as a user waits for them: wall clock (process.hrtime) around
 * spawnSync, from spawn to exit. The tools are interleaved so that a burst of load from other
 * processes spreads over all of them instead of falling on one:
 *   - one untimed warm-up run of every tool (page cache, Node's and Python's own files);
 *   - then rounds; in round r every tool with more than r timed runs runs once.
 * Every run writes to a fresh output folder that is checked and deleted after the run, outside
 * the timing. The CPU time of each run (user + system of the child and its threads) comes from
 * /proc/self/stat (children's times, Linux); NaN elsewhere.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Tool, ToolId } from './cliTools';

export interface ToolTiming {
  readonly tool: Tool;
  /** Wall seconds of each timed run. */
  readonly wall: number[];
  /** CPU seconds (user + system) of each timed run. */
  readonly cpu: number[];
  /** Why the tool stopped early: a run failed or wrote an incomplete output. */
  failure?: string;
}

/** sysconf(_SC_CLK_TCK) is 100 on every Linux that Node supports. */
const CLOCK_TICKS = 100;

/** User + system seconds of all waited-for children so far (cutime + cstime). */
function childrenCpu(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the ")" that closes the command name; cutime and cstime are fields 16, 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

interface Run {
  readonly wall: number;
  readonly cpu: number;
  readonly failure?: string;
}

function runOnce(tool: Tool, out: string): Run {
  const cpuBefore = childrenCpu();
  const start = process.hrtime.bigint();
  const child = spawnSync(tool.file, tool.args(out), {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 16 << 20,
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = childrenCpu() - cpuBefore;
  let failure: string | undefined;
  if (child.error) failure = child.error.message;
  else if (child.status !== 0) {
    const tail = child.stderr.trim().split('\n').slice(-3).join(' / ');
    failure = `exit ${child.status ?? child.signal}: ${tail}`;
  } else failure = tool.check(out, child.stdout);
  for (const written of [out, ...(tool.alsoWrites?.(out) ?? [])]) {
    rmSync(written, { recursive: true, force: true });
  }
  return failure === undefined ? { wall, cpu } : { wall, cpu, failure };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Warm-up and timed rounds over `tools`; outputs go to fresh folders under `outRoot`. */
export function timeTools(
  tools: readonly Tool[],
  outRoot: string,
  progress: (line: string) => void,
): Map<ToolId, ToolTiming> {
  const timings = new Map<ToolId, ToolTiming>(
    tools.map((tool) => [tool.id, { tool, wall: [], cpu: [] }]),
  );
  let n = 0;
  const run = (timing: ToolTiming, timed: boolean) => {
    const result = runOnce(timing.tool, path.join(outRoot, `${timing.tool.id}-${++n}`));
    if (result.failure !== undefined) timing.failure = result.failure;
    else if (timed) {
      timing.wall.push(result.wall);
      timing.cpu.push(result.cpu);
    }
    return result;
  };
  for (const timing of timings.values()) {
    const warm = run(timing, false);
    progress(`  warm-up ${timing.tool.label}: ${warm.wall.toFixed(2)} s`);
  }
  const rounds = Math.max(...tools.map((tool) => tool.reps));
  for (let round = 0; round < rounds; round++) {
    const line: string[] = [];
    for (const timing of timings.values()) {
      if (timing.failure !== undefined || round >= timing.tool.reps) continue;
      const result = run(timing, true);
      line.push(`${timing.tool.id} ${result.wall.toFixed(2)}`);
    }
    progress(`  round ${round + 1}/${rounds}: ${line.join(', ')} s`);
  }
  return timings;
}
