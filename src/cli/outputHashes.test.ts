/**
 * The built CLI's outputs on the whole shared corpus, with a fixed passphrase, compared byte
 * for byte (by fingerprint) with the list in outputHashes.json: every output file, report.json
 * and report.csv, the mapping tables and the zip. A refactor must leave it passing; a
 * deliberate change of outputs regenerates the list (core/testing/outputHashes.ts says how).
 * The reports hold no time or duration; stderr, which does, is not compared.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, SHARED_DATA } from '../core/testing/corpus';
import {
  fingerprintTree,
  fingerprintZip,
  storedHashes,
  type RunHashes,
} from '../core/testing/outputHashes';
import { buildCli, removeBuiltCli, runCli } from './testing/cliHarness';

const LIST = fileURLToPath(new URL('./outputHashes.json', import.meta.url));

let cli: string;
let work: string;
let keyFile: string;

beforeAll(() => {
  cli = buildCli();
  work = mkdtempSync(path.join(tmpdir(), 'dicomanon-hashes-'));
  keyFile = path.join(work, 'passphrase.txt');
  writeFileSync(keyFile, 'the same passphrase before and after\n');
}, 60_000);

afterAll(() => {
  removeBuiltCli(cli);
  rmSync(work, { recursive: true, force: true });
});

/** One run of the CLI on `input` with `args`; what it wrote, fingerprinted. */
function run(name: string, input: string, args: readonly string[]): RunHashes {
  const out = path.join(work, name, 'out');
  const mapping = path.join(work, name, 'mapping');
  const zip = path.join(work, name, 'out.zip');
  const expanded = args.map((arg) =>
    arg === '$MAPPING' ? mapping : arg === '$ZIP' ? zip : arg === '$KEY' ? keyFile : arg,
  );
  const result = runCli(cli, [input, out, ...expanded, '--jobs', '2']);
  const hashes: RunHashes = { '(exit code)': String(result.code) };
  Object.assign(hashes, fingerprintTree(out, 'out/'));
  if (args.includes('$MAPPING')) Object.assign(hashes, fingerprintTree(mapping, 'mapping/'));
  if (args.includes('$ZIP')) Object.assign(hashes, fingerprintZip(readFileSync(zip), 'zip/'));
  return hashes;
}

/** Name, input and arguments of each run; $KEY, $MAPPING and $ZIP become paths in `work`. */
const RUNS: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['dicom basic', SHARED_DATA, ['--dicom', '--key-file', '$KEY', '--mapping', '$MAPPING']],
  // The GE study's protocol names hold the patient's name: files quarantined (exit 1).
  ['dicom legacy', SHARED_DATA, ['--dicom', '--profile', 'legacy', '--key-file', '$KEY']],
  [
    'dicom legacy on-leftover clean',
    SHARED_DATA,
    ['--dicom', '--profile', 'legacy', '--on-leftover', 'clean', '--key-file', '$KEY'],
  ],
  [
    'dicom options zip',
    SHARED_DATA,
    [
      '--dicom',
      '--option',
      'retain-device-identity,retain-longitudinal-full-dates',
      '--zip',
      '$ZIP',
      '--key-file',
      '$KEY',
      '--mapping',
      '$MAPPING',
    ],
  ],
  ['nifti', SHARED_DATA, ['--nifti', '--key-file', '$KEY', '--mapping', '$MAPPING']],
  [
    'dicom clean-pixel-data',
    corpusFile('deid-data'),
    ['--dicom', '--option', 'clean-pixel-data', '--key-file', '$KEY'],
  ],
];

describe('the CLI writes the same bytes as when the list was made', () => {
  for (const [name, input, args] of RUNS) {
    it(
      name,
      () => {
        const actual = run(name.replaceAll(' ', '-'), input, args);
        expect(Object.keys(actual).length).toBeGreaterThan(3);
        expect(actual).toEqual(storedHashes(LIST, name, actual));
      },
      120_000,
    );
  }
});
