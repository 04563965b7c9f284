import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readInput } from './readInput';
import { walkInput } from './walk';

const root = mkdtempSync(path.join(tmpdir(), 'dicomanon-walk-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('walkInput', () => {
  it('lists files sorted by code unit, follows links once and accounts for everything else', async () => {
    const input = path.join(root, 'in');
    const outside = path.join(root, 'outside');
    const output = path.join(root, 'out');
    mkdirSync(path.join(input, 'b', 'deep'), { recursive: true });
    mkdirSync(outside);
    mkdirSync(output);
    writeFileSync(path.join(input, 'a.dcm'), 'x');
    writeFileSync(path.join(input, 'B.dcm'), 'xy');
    writeFileSync(path.join(input, 'b', 'deep', 'c.dcm'), 'xyz');
    writeFileSync(path.join(outside, 'linked.dcm'), 'xyzw');
    symlinkSync(path.join(outside, 'linked.dcm'), path.join(input, 'file-link'));
    symlinkSync(input, path.join(input, 'b', 'loop'));
    symlinkSync(path.join(root, 'missing'), path.join(input, 'broken'));
    symlinkSync(output, path.join(input, 'to-output'));
    execFileSync('mkfifo', [path.join(input, 'fifo')]);

    const entries = await walkInput(input, [output]);
    expect(entries.map((e) => [e.relPath, e.size, e.decided?.status, e.decided?.reason])).toEqual([
      ['B.dcm', 2, undefined, undefined],
      ['a.dcm', 1, undefined, undefined],
      ['b/deep/c.dcm', 3, undefined, undefined],
      ['b/loop', 0, 'skipped', 'folder already walked (linked twice or a loop)'],
      ['broken', 0, 'skipped', 'broken symbolic link'],
      ['fifo', 0, 'skipped', 'not a regular file (a named pipe)'],
      ['file-link', 4, undefined, undefined],
      ['to-output', 0, 'skipped', 'link into the output or mapping directory'],
    ]);
  });
});

describe('walkInput with names that are not valid UTF-8', () => {
  it('lists them with escaped names, in a stable order, under paths that open', async () => {
    const input = path.join(root, 'bytes');
    const named = (...parts: Array<string | number>): Buffer =>
      Buffer.concat(
        [`${input}/`, ...parts].map((p) => (typeof p === 'number' ? Buffer.of(p) : Buffer.from(p))),
      );
    mkdirSync(named('M', 0xfc, 'ller'), { recursive: true });
    writeFileSync(named('M', 0xfc, 'ller/a.dcm'), 'a');
    writeFileSync(named('M', 0xfc, 'l.dcm'), 'b');
    writeFileSync(named('M', 0xef, 'l.dcm'), 'c');
    writeFileSync(named('Zoë.dcm'), 'd');
    // A valid name that reads as the escaped form of another: the latter is shown numbered.
    writeFileSync(named('M\\xFCl.dcm'), 'e');

    const entries = await walkInput(input, []);
    expect(entries.map((e) => e.relPath)).toEqual([
      'M\\xEFl.dcm',
      'M\\xFCl.dcm',
      'M\\xFCl.dcm (2)',
      'M\\xFCller/a.dcm',
      'Zoë.dcm',
    ]);
    const contents = entries.map((e) =>
      new TextDecoder().decode(readInput(e.absPath) as Uint8Array),
    );
    expect(contents).toEqual(['c', 'e', 'b', 'a', 'd']);
    expect(typeof entries[4]!.absPath).toBe('string');
  });
});

describe('readInput', () => {
  it('reads a file, and tells why it cannot without naming it', async () => {
    const file = path.join(root, 'patient-name.dcm');
    writeFileSync(file, 'DICM');
    expect(new TextDecoder().decode(readInput(file) as Uint8Array)).toBe('DICM');
    expect(readInput(path.join(root, 'gone.dcm'))).toBe('cannot be opened: not found (ENOENT)');
    const fifo = path.join(root, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect(readInput(fifo)).toBe('is no longer a regular file');
  });
});
