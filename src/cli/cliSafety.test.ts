/**
 * End-to-end refusals and usage errors of the built CLI: exit code 2, a clear message, and
 * nothing written anywhere. Also unreadable inputs (run as an unprivileged user when the tests
 * run as root, since root reads everything).
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BURNED_IN_NOTE } from '../core/deid/burnedIn';
import { PROJECT_ROOT, corpusFile } from '../core/testing/corpus';
import { buildCli, filesUnder, removeBuiltCli, runCli, treeDigest } from './testing/cliHarness';

const corpus = (name: string) => corpusFile(`pydicom/src/pydicom/data/test_files/${name}`);

let cli: string;
let work: string;
let input: string;

beforeAll(() => {
  cli = buildCli();
  work = mkdtempSync(path.join(tmpdir(), 'dicomanon-safety-'));
  input = path.join(work, 'in');
  mkdirSync(path.join(input, 'sub'), { recursive: true });
  copyFileSync(corpus('CT_small.dcm'), path.join(input, 'sub', 'a.dcm'));
}, 60_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  removeBuiltCli(cli);
});

function expectRefused(args: string[], message: RegExp): void {
  const before = treeDigest(work);
  const result = runCli(cli, args);
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toContain(work); // roles are named, never paths
  expect(treeDigest(work)).toEqual(before);
}

describe('dicomanon CLI refuses', () => {
  it('an output directory that is the input or inside it, or that holds the input', () => {
    expectRefused([input, input, '--dicom'], /output directory is the input directory/);
    expectRefused(
      [input, path.join(input, 'out'), '--dicom'],
      /output directory is inside the input/,
    );
    expectRefused(
      [input, path.join(input, 'sub'), '--dicom'],
      /output directory is inside the input/,
    );
    expectRefused(
      [path.join(input, 'sub'), input, '--dicom'],
      /input directory is inside the output/,
    );
  });

  it('an output reached through a symbolic link into the input', () => {
    const link = path.join(work, 'link-to-input');
    symlinkSync(input, link);
    try {
      expectRefused([input, path.join(link, 'new-out'), '--dicom'], /inside the input/);
    } finally {
      rmSync(link);
    }
  });

  it('a mapping directory inside the output (or the input)', () => {
    const out = path.join(work, 'out-m');
    expectRefused(
      [input, out, '--dicom', '--mapping', path.join(out, 'map')],
      /mapping directory is \(inside\) the output/,
    );
    expectRefused(
      [input, out, '--dicom', '--mapping', out],
      /mapping directory is \(inside\) the output/,
    );
    expectRefused(
      [input, out, '--dicom', '--mapping', path.join(input, 'm')],
      /mapping directory is \(inside\) the input/,
    );
  });

  it('a non-empty output directory, an existing zip file, existing mapping files', () => {
    const full = path.join(work, 'full');
    mkdirSync(full);
    writeFileSync(path.join(full, 'keep.txt'), 'mine');
    expectRefused([input, full, '--dicom'], /output directory is not empty/);
    expectRefused(
      [input, path.join(work, 'o1'), '--dicom', '--zip', path.join(full, 'keep.txt')],
      /zip file already exists/,
    );
    const map = path.join(work, 'old-map');
    mkdirSync(map);
    writeFileSync(path.join(map, 'uid_mapping.csv'), 'id_old,id_new\r\n');
    expectRefused(
      [input, path.join(work, 'o2'), '--dicom', '--mapping', map],
      /already has uid_mapping.csv/,
    );
    expectRefused(
      [input, path.join(work, 'o3'), '--dicom', '--zip', path.join(input, 'x.zip')],
      /zip file is inside the input/,
    );
  });

  it('a missing input, a bad profile, an empty key file, bad usage', () => {
    expectRefused(
      [path.join(work, 'nope'), path.join(work, 'o'), '--dicom'],
      /input directory cannot be opened: not found/,
    );
    const profile = path.join(work, 'profile.json');
    writeFileSync(
      profile,
      JSON.stringify({ base: 'basic', options: ['retain-uidz'], actions: { Nonsense: 'X' } }),
    );
    expectRefused(
      [input, path.join(work, 'o'), '--dicom', '--profile', profile],
      /profile file is not valid:\n.*retain-uidz[^]*Nonsense/,
    );
    expectRefused(
      [
        input,
        path.join(work, 'o'),
        '--dicom',
        '--option',
        'retain-longitudinal-full-dates,retain-longitudinal-modified-dates',
      ],
      /exclude each other/,
    );
    const emptyKey = path.join(work, 'empty.key');
    writeFileSync(emptyKey, '\n');
    expectRefused(
      [input, path.join(work, 'o'), '--dicom', '--key-file', emptyKey],
      /key file is empty/,
    );
    // The key file is read and stretched before the rest of the CLI is loaded, but its
    // problems still come after the profile's, as a user fixing one error at a time expects.
    expectRefused(
      [input, path.join(work, 'o'), '--dicom', '--profile', profile, '--key-file', emptyKey],
      /profile file is not valid/,
    );
    expectRefused([input, '--dicom'], /give an input directory and an output directory[^]*--help/);
    expectRefused([input, path.join(work, 'o')], /exactly one output format/);
  });
});

describe('dicomanon CLI usage', () => {
  it('prints help and version and exits 0', () => {
    const help = runCli(cli, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(
      /^Usage: dicomanon <input_directory> <output_directory> --dicom\|--nifti/,
    );
    expect(help.stdout).toContain('retain-safe-private');
    const version = runCli(cli, ['--version']);
    expect(version.code).toBe(0);
    const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
    expect(version.stdout).toBe(`${pkg.version}\n`);
  });

  it('runs a custom profile file, with options from the command line added', () => {
    const profile = path.join(work, 'custom.json');
    writeFileSync(
      profile,
      JSON.stringify({ name: 'Study X', base: 'legacy', actions: { StudyDescription: 'K' } }),
    );
    const out = path.join(work, 'custom-out');
    const result = runCli(cli, [
      input,
      out,
      '--dicom',
      '--profile',
      profile,
      '--option',
      'retain-uids',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(report.profile).toEqual({
      base: 'legacy',
      name: 'Study X',
      options: ['retain-uids'],
      customRules: 1,
    });
    expect(report.reproducible).toBe(false);
    expect(result.stderr).toMatch(/random key/);
  });
});

describe('dicomanon CLI unreadable inputs', () => {
  it('fails an unreadable file and an unlistable folder with a reason, writes the rest', () => {
    const root = process.getuid?.() === 0;
    if (root && spawnSync('setpriv', ['--version']).status !== 0) return; // cannot drop root
    const base = mkdtempSync(path.join(tmpdir(), 'dicomanon-perm-'));
    try {
      chmodSync(base, 0o777);
      chmodSync(path.dirname(cli), 0o755);
      const permIn = path.join(base, 'in');
      mkdirSync(path.join(permIn, 'closed'), { recursive: true });
      copyFileSync(corpus('CT_small.dcm'), path.join(permIn, 'a.dcm'));
      copyFileSync(corpus('MR_small.dcm'), path.join(permIn, 'b.dcm'));
      copyFileSync(corpus('MR_small.dcm'), path.join(permIn, 'closed', 'c.dcm'));
      chmodSync(path.join(permIn, 'a.dcm'), 0o000);
      chmodSync(path.join(permIn, 'closed'), 0o000);
      for (const dir of [permIn]) chmodSync(dir, 0o755);
      const out = path.join(base, 'out');
      const result = runCli(
        cli,
        [permIn, out, '--dicom'],
        root ? { asUser: { uid: 65534, gid: 65534 } } : {},
      );
      expect(result.code, result.stderr).toBe(1);
      const files = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')).files;
      expect(files.map((f: { status: string; reason: string }) => [f.status, f.reason])).toEqual([
        ['failed', 'cannot be opened: permission denied (EACCES)'],
        ['written', `${BURNED_IN_NOTE} (a derived or secondary image)`],
        ['failed', 'folder not listed: permission denied (EACCES)'],
      ]);
      expect(filesUnder(out)).toHaveLength(3);
      expect(existsSync(path.join(out, 'report.csv'))).toBe(true);
    } finally {
      chmodSync(path.join(base, 'in', 'closed'), 0o755);
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('opens inputs read-only: files it may only read, in folders it may only list, all written', () => {
    // Permissions decide here, not politeness: an open for writing (or a file created in an
    // input folder) would fail with EACCES and show as a failed row. Root ignores permissions,
    // so the run drops to an unprivileged user then (as above).
    const root = process.getuid?.() === 0;
    if (root && spawnSync('setpriv', ['--version']).status !== 0) return; // cannot drop root
    const base = mkdtempSync(path.join(tmpdir(), 'dicomanon-ro-'));
    const roIn = path.join(base, 'in');
    try {
      chmodSync(base, 0o777);
      chmodSync(path.dirname(cli), 0o755);
      mkdirSync(path.join(roIn, 'sub'), { recursive: true });
      copyFileSync(corpus('CT_small.dcm'), path.join(roIn, 'a.dcm'));
      copyFileSync(corpus('JPEG2000.dcm'), path.join(roIn, 'sub', 'b.dcm'));
      copyFileSync(corpus('MR_truncated.dcm'), path.join(roIn, 'sub', 'c.dcm'));
      for (const file of ['a.dcm', 'sub/b.dcm', 'sub/c.dcm'])
        chmodSync(path.join(roIn, file), 0o444);
      for (const dir of ['sub', '']) chmodSync(path.join(roIn, dir), 0o555);
      const before = treeDigest(roIn);
      const out = path.join(base, 'out');
      const result = runCli(
        cli,
        [roIn, out, '--dicom'],
        root ? { asUser: { uid: 65534, gid: 65534 } } : {},
      );
      const files = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')).files;
      expect(files.map((f: { status: string; reason: string }) => f.status)).toEqual([
        'written',
        'written',
        'failed', // truncated on purpose: read, then refused for what it holds
      ]);
      expect(files[2].reason).not.toMatch(/EACCES|EPERM|permission/);
      expect(result.code, result.stderr).toBe(1);
      expect(treeDigest(roIn)).toEqual(before); // bytes, modes and mtimes
    } finally {
      for (const dir of ['', 'sub']) chmodSync(path.join(roIn, dir), 0o755);
      rmSync(base, { recursive: true, force: true });
    }
  });
});
