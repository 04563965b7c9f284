/** The pydicom oracle (dicomOracle.py beside this file) and the unzip tool, from Node. */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYTHON } from './paths';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'dicomOracle.py');

export interface OracleView {
  readonly pixels?: string | null;
  readonly ids?: string[];
  readonly patient_id?: string | null;
  readonly uids?: string[];
  readonly raw_hits?: string[];
  readonly text_hits?: string[];
  readonly error?: string;
}

export function pydicomOracle(request: {
  inputs?: string[];
  outputs?: string[];
  needles?: string[];
}): Record<string, OracleView> {
  const stdout = execFileSync(PYTHON, [SCRIPT], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  return JSON.parse(stdout) as Record<string, OracleView>;
}

/** Values our own dummies and pseudonyms use (src/core/deid): finding them is no leak. */
const OUR_VALUES = /^(ANONYMIZED|ANONYMOUS|ANON[0-9A-Z]{10}|19000101|0)$/i;

/**
 * The patient names and IDs worth looking for in the outputs, as src/core/deid/corpus.test.ts
 * chooses them: short codes and short numbers ("CT", "0010", "204") turn up by chance.
 */
export function identifyingNeedles(values: Iterable<string>): string[] {
  const chosen = new Set<string>();
  for (const value of values) {
    if (OUR_VALUES.test(value) || value.length < 5) continue;
    if (/^[\d.]+$/.test(value) && value.length < 8) continue;
    chosen.add(value);
  }
  return [...chosen].sort();
}

/** The entries of a zip file, by Info-ZIP's unzip. */
export function zipEntries(zip: string): string[] {
  return execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8', maxBuffer: 64 << 20 })
    .split('\n')
    .filter((line) => line !== '');
}

/** unzip -t: every entry's CRC checks; returns unzip's complaint or undefined. */
export function zipProblem(zip: string): string | undefined {
  const test = spawnSync('unzip', ['-tq', zip], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return test.status === 0 ? undefined : `${test.stdout}${test.stderr}`.trim();
}

/** One entry of a zip file, as text. */
export function zipText(zip: string, entry: string): string {
  return execFileSync('unzip', ['-p', zip, entry], { encoding: 'utf8', maxBuffer: 256 << 20 });
}

export function unzipInto(zip: string, dir: string): void {
  execFileSync('unzip', ['-q', '-o', zip, '-d', dir], { maxBuffer: 64 << 20 });
}

/** RFC 4180 CSV (the app's report.csv and mapping tables) into rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  // The spreadsheet guard: a cell that started with = + - @ got a leading apostrophe.
  return rows.map((cells) => cells.map((c) => (/^'[=+\-@\t\r]/.test(c) ? c.slice(1) : c)));
}

export function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
