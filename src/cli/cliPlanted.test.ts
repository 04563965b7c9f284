/**
 * A fake patient's identifiers planted where one may not think to look (private tags with and
 * without creator, implicit and explicit VR, sequences 4 deep, request attributes, SR content,
 * UN values and UN sequences, the preamble, the file meta, folder and file names, icon images,
 * overlays, curves, JPEG and JPEG 2000 comment segments, deflated files, other character sets,
 * reversed and lower-case names, trailing padding; the comments also in a file over 64 MiB,
 * which the CLI copies around its image), by scripts/hostile/planted.py from real
 * files, then run through the built CLI. No planted value may show in any output byte, output
 * name, report or log line; and a file whose every planted place the basic profile removes must
 * be written, not quarantined (a false quarantine loses the file as surely as a leak exposes it).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, corpusFile } from '../core/testing/corpus';
import {
  buildCli,
  filesUnder,
  readReportJson,
  removeBuiltCli,
  runCli,
  type CliRun,
} from './testing/cliHarness';

const GENERATOR = path.join(PROJECT_ROOT, 'scripts/hostile/planted.py');
const SOURCES = corpusFile('pydicom/src/pydicom/data/test_files');

interface Planted {
  readonly file: string;
  readonly expect: 'written' | 'quarantined';
  readonly what: string;
}

/** The planted values as bytes, in every encoding the generator writes them in. */
const NAME_NEEDLES = [
  'zebulon',
  'quixot',
  'z\xe9bulon', // ISO_IR 100
  'z\xc3\xa9bulon', // UTF-8
  '\xe3\x82\xbc\xe3\x83\x96\xe3\x83\xad\xe3\x83\xb3', // ゼブロン in UTF-8
  '\x1b$b;3ed', // 山田 in ISO 2022 IR 87, lower-cased as the haystack is
  '991177',
];
const BIRTH_NEEDLE = '19610419';

let cli: string;
let work: string;
let planted: Planted[];

beforeAll(() => {
  cli = buildCli();
  work = mkdtempSync(path.join(tmpdir(), 'dicomanon-planted-'));
  const manifest = execFileSync(
    '/usr/bin/python3',
    ['-W', 'ignore', GENERATOR, SOURCES, path.join(work, 'in'), '--large'],
    { encoding: 'utf8' },
  );
  planted = JSON.parse(manifest) as Planted[];
  writeFileSync(path.join(work, 'key'), 'planted test key\n');
}, 120_000);

afterAll(() => {
  removeBuiltCli(cli);
  rmSync(work, { recursive: true, force: true });
});

function run(profile: string): { out: string; result: CliRun } {
  const out = path.join(work, `out-${profile}`);
  const result = runCli(cli, [
    path.join(work, 'in'),
    out,
    '--dicom',
    '--profile',
    profile,
    '--key-file',
    path.join(work, 'key'),
  ]);
  return { out, result };
}

let basicRun: { out: string; result: CliRun } | undefined;
const basic = () => (basicRun ??= run('basic'));

/** The planted files in the order of the walk, which numbers the inputs: names sorted by code unit. */
const walkOrder = () => [...planted].sort((a, b) => (a.file < b.file ? -1 : 1));

/** Every needle found in the output folder's names and bytes, and in what the run printed. */
function leaks(out: string, result: CliRun, needles: readonly string[]): string[] {
  const found: string[] = [];
  const search = (where: string, text: string) => {
    const lower = text.toLowerCase();
    for (const needle of needles) if (lower.includes(needle)) found.push(`${needle} in ${where}`);
  };
  for (const name of filesUnder(out)) {
    search(`the name ${name}`, name);
    search(name, readFileSync(path.join(out, name)).toString('latin1'));
  }
  search('stdout', result.stdout);
  search('stderr', result.stderr);
  return found;
}

describe('identifiers planted in hostile places, through the built CLI', () => {
  it('basic profile: nothing planted survives, and only files with a kept planted place are quarantined', () => {
    const { out, result } = basic();
    expect(leaks(out, result, [...NAME_NEEDLES, BIRTH_NEEDLE])).toEqual([]);
    const rows = readReportJson(out).files;
    expect(rows.map((row) => row.status)).toEqual(walkOrder().map((p) => p.expect));
    expect(result.code).toBe(planted.some((p) => p.expect === 'quarantined') ? 1 : 0);
    const written = rows.filter((row) => row.status === 'written');
    expect(filesUnder(out).filter((name) => name.endsWith('.dcm'))).toHaveLength(written.length);
  });

  it('the comment segments of compressed frames are blanked in place: the same pixels, the same length', () => {
    const { out } = basic();
    const rows = readReportJson(out).files;
    const comments = walkOrder()
      .map((p, index) => ({ p, row: rows[index]! }))
      .filter(({ p }) => p.what.includes('comment') && !p.file.startsWith('large/'));
    expect(comments).toHaveLength(2);
    for (const { row } of comments) expect(row.actions.cleaned).toBe(1);
    // pydicom decodes input and output, independently of our reader and codecs.
    const script = `
import sys, numpy, pydicom
for a, b in zip(sys.argv[1::2], sys.argv[2::2]):
    x, y = pydicom.dcmread(a), pydicom.dcmread(b)
    print(len(x.PixelData) == len(y.PixelData), numpy.array_equal(x.pixel_array, y.pixel_array))
`;
    const pairs = comments.flatMap(({ p, row }) => [
      path.join(work, 'in', p.file),
      path.join(out, row.output!),
    ]);
    const answer = execFileSync('/usr/bin/python3', ['-c', script, ...pairs], { encoding: 'utf8' });
    expect(answer.trim().split('\n')).toEqual(['True True', 'True True']);
  });

  it('legacy profile: its kept places are quarantined, no name or ID leaves in what it writes', () => {
    const { out, result } = run('legacy');
    // The legacy table keeps the birth date itself; names and IDs it replaces.
    expect(leaks(out, result, NAME_NEEDLES)).toEqual([]);
    const rows = readReportJson(out).files;
    expect(rows).toHaveLength(planted.length);
    for (const row of rows) expect(['written', 'quarantined']).toContain(row.status);
  });
});
