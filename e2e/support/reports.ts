/** The app's and the CLI's reports, read back in Node. */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI, requireBuilt } from './paths';

export interface ReportRow {
  readonly input: string;
  /** quarantined: de-identified, but the final check found an identifier: not saved. */
  readonly status: 'written' | 'skipped' | 'failed' | 'quarantined';
  readonly reason: string;
  readonly output: string;
}

export interface Report {
  readonly totals: {
    readonly inputs: number;
    readonly written: number;
    readonly skipped: number;
    readonly failed: number;
    readonly quarantined: number;
  };
  readonly files: readonly ReportRow[];
}

export const readReport = (file: string): Report =>
  JSON.parse(readFileSync(file, 'utf8')) as Report;

/**
 * The CLI over the same folder with the same passphrase, for reference: the same engine in
 * another pipeline (Node worker threads, files on disk). docs/rules.md ("Keys") and
 * docs/command-line.md promise byte-identical outputs, names and reports for the same inputs
 * and key.
 */
export function runCli(input: string, work: string, passphrase: string, jobs = 2): string {
  requireBuilt(CLI, 'npm run build:cli');
  const keyFile = path.join(work, 'cli-key.txt');
  writeFileSync(keyFile, `${passphrase}\n`);
  const out = path.join(work, 'cli-out');
  try {
    execFileSync(
      process.execPath,
      [CLI, input, out, '--dicom', '--jobs', String(jobs), '--key-file', keyFile],
      { stdio: 'pipe', maxBuffer: 64 << 20 },
    );
  } catch (error) {
    // Exit 1: some inputs failed, which the corpus has on purpose.
    if ((error as { status?: number }).status !== 1) throw error;
  }
  return out;
}
