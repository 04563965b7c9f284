/**
 * Test-only helpers for interrupting the built CLI (cliResume.test.ts, cliDiskFull.test.ts):
 * start it as users do, wait until its journal says it has done some inputs, signal it, and
 * compare output trees by content.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { JOURNAL_FILE } from '../journal';

export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Inputs the journal in `output` records as done (its lines after the header). */
export function journaledInputs(output: string): number {
  const file = path.join(output, JOURNAL_FILE);
  if (!existsSync(file)) return 0;
  return Math.max(0, readFileSync(file, 'utf8').split('\n').filter(Boolean).length - 1);
}

/**
 * Runs the CLI; once `when()` holds (checked every few milliseconds), sends `signal` (and
 * `again` a moment later, when given). Resolves when the process ended.
 */
export function runAndSignal(
  cli: string,
  args: readonly string[],
  interrupt?: {
    readonly when: () => boolean;
    readonly signal: NodeJS.Signals;
    readonly again?: NodeJS.Signals;
  },
  env: Record<string, string> = {},
): Promise<Finished> {
  const child = spawn(process.execPath, [cli, ...args], {
    env: { ...process.env, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const timer = interrupt
    ? setInterval(() => {
        if (!interrupt.when()) return;
        clearInterval(timer);
        child.kill(interrupt.signal);
        if (interrupt.again) setTimeout(() => child.kill(interrupt.again), 5);
      }, 5)
    : undefined;
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(timer);
      resolve({ code, signal, stderr });
    });
  });
}

/** Every file under `dir` (relative POSIX path → sha256 of its bytes), sorted by path. */
export function contentDigest(dir: string): Map<string, string> {
  const digest = new Map<string, string>();
  const walk = (current: string, relative: string): void => {
    for (const name of readdirSync(current).sort()) {
      const full = path.join(current, name);
      const rel = relative ? `${relative}/${name}` : name;
      if (statSync(full).isDirectory()) walk(full, rel);
      else digest.set(rel, createHash('sha256').update(readFileSync(full)).digest('hex'));
    }
  };
  walk(dir, '');
  return digest;
}
