import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DeidResult } from '../../core/deid/workerResult';
import type { DirectoryHandleLike, FileHandleLike } from './fileSystemAccess';
import { createRunRecorder, SaveFailed } from './runRecorder';
import { UNFINISHED_LIST, directorySaver, outputFolderIn } from './saveDirectory';
import { openDownloadPartsSaver, PartsSaveStopped, type PartBytes } from './saveDownloadParts';
import { SpilledBlobWriter } from './spilledBlob';
import { archiveBaseName } from './saver';
import type { InputFile } from './types';
import { MemoryFolder } from './testing/memoryFolder';

const work = mkdtempSync(path.join(tmpdir(), 'dicomanon-savers-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const file = (n: number, size: number) => {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + n) & 0xff;
  return bytes;
};

describe('download in parts', () => {
  it('cuts the output into standalone archives of at most the part size', async () => {
    const downloads: Array<{ name: string; bytes: Buffer }> = [];
    const saver = openDownloadPartsSaver('dicomanon-20250131-1405', 100_000, (blob, name) => {
      void blob.arrayBuffer().then((b) => downloads.push({ name, bytes: Buffer.from(b) }));
    });
    const sizes = [30_000, 30_000, 30_000, 30_000, 150_000, 10_000];
    for (const [i, size] of sizes.entries()) {
      // Caller buffers are reused at once: the parts must have copied them.
      const data = file(i, size);
      await saver.write(`p/s/${i}.dcm`, [data.subarray(0, 100), data.subarray(100)]);
      data.fill(0);
    }
    await saver.finish();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(downloads.map((d) => d.name)).toEqual([
      'dicomanon-20250131-1405-part1.zip',
      'dicomanon-20250131-1405-part2.zip',
      'dicomanon-20250131-1405-part3.zip',
      'dicomanon-20250131-1405-part4.zip',
    ]);
    const extracted = path.join(work, 'parts');
    for (const { name, bytes } of downloads) {
      const zip = path.join(work, name);
      writeFileSync(zip, bytes);
      execFileSync('unzip', ['-tq', zip]);
      // A part of one oversized file may pass the limit; the others may not.
      if (!name.endsWith('part3.zip')) expect(bytes.length).toBeLessThanOrEqual(100_000);
      execFileSync('unzip', ['-oq', zip, '-d', extracted]);
    }
    for (const [i, size] of sizes.entries()) {
      const back = execFileSync('cat', [path.join(extracted, `p/s/${i}.dcm`)]);
      expect(Buffer.from(file(i, size)).equals(back)).toBe(true);
    }
  });

  it('names a run that fits in one part plainly', async () => {
    const names: string[] = [];
    const saver = openDownloadPartsSaver('dicomanon-x', 1_000_000, (_, name) => names.push(name));
    await saver.write('a.dcm', [file(1, 10)]);
    await saver.finish();
    expect(names).toEqual(['dicomanon-x.zip']);
  });

  it('downloads nothing more once aborted', async () => {
    const names: string[] = [];
    const saver = openDownloadPartsSaver('x', 1_000_000, (_, name) => names.push(name));
    await saver.write('a.dcm', [file(1, 10)]);
    await saver.abort();
    expect(names).toEqual([]);
  });

  it('stops for good when a part cannot be made, saying and listing what was downloaded', async () => {
    const downloads = new Map<string, Promise<Buffer>>();
    const failing = (index: number): PartBytes => {
      const real = new SpilledBlobWriter();
      if (index !== 2) return real;
      // The browser's temporary file cannot grow: no browser fails this on demand.
      return {
        write: (chunk) => real.write(chunk),
        close: () => Promise.reject(new DOMException('no room', 'QuotaExceededError')),
        drop: () => real.drop(),
      };
    };
    const saver = openDownloadPartsSaver(
      'dicomanon-y',
      100_000,
      (blob, name) =>
        void downloads.set(
          name,
          blob.arrayBuffer().then((b) => Buffer.from(b)),
        ),
      failing,
    );
    let error: unknown;
    let saved = 0;
    for (let i = 0; i < 20 && error === undefined; i++) {
      await saver.write(`s/${i}.dcm`, [file(i, 30_000)]).then(
        () => saved++,
        (e: unknown) => (error = e),
      );
    }
    expect(error).toBeInstanceOf(PartsSaveStopped);
    const message = (error as Error).message;
    expect(message).toMatch(
      /^part 3 could not be made: the disk is full\. 2 parts \(dicomanon-y-part1\.zip, dicomanon-y-part2\.zip\) were downloaded before, complete, with 6 files\. dicomanon-y-unfinished\.txt, downloaded too, lists their files\./,
    );
    // Every later call fails the same way, and nothing else is downloaded.
    await expect(saver.write('late.dcm', [file(99, 10)])).rejects.toBe(error);
    await expect(saver.finish()).rejects.toBe(error);
    expect([...downloads.keys()]).toEqual([
      'dicomanon-y-part1.zip',
      'dicomanon-y-part2.zip',
      'dicomanon-y-unfinished.txt',
    ]);
    // The list names exactly the files the two parts hold, each in its part.
    const listed = (await downloads.get('dicomanon-y-unfinished.txt')!).toString('utf8');
    const held: string[] = [];
    for (const name of ['dicomanon-y-part1.zip', 'dicomanon-y-part2.zip']) {
      const zip = path.join(work, name);
      writeFileSync(zip, await downloads.get(name)!);
      execFileSync('unzip', ['-tq', zip]);
      for (const entry of execFileSync('zipinfo', ['-1', zip], { encoding: 'utf8' }).split('\n'))
        if (entry) held.push(`${name}\t${entry}`);
    }
    expect(listed.split('\n').slice(1, -1)).toEqual(held);
    expect(held).toHaveLength(6);
    expect(saved).toBeGreaterThan(6);
  });
});

describe('saving into a folder', () => {
  it('writes into an empty folder, creating subfolders once', async () => {
    const root = new MemoryFolder();
    const saver = directorySaver(await outputFolderIn(root, 'dicomanon-x'));
    await saver.write('P1/S1/a.dcm', [file(1, 5), file(2, 5)]);
    await saver.write('P1/S1/b.dcm', [file(3, 5)]);
    await saver.write('report.json', [file(4, 2)]);
    await saver.finish();
    const series = root.folders.get('P1')!.folders.get('S1')!;
    expect([...series.files.keys()]).toEqual(['a.dcm', 'b.dcm']);
    expect(Buffer.concat(series.files.get('a.dcm')!)).toEqual(
      Buffer.concat([file(1, 5), file(2, 5)]),
    );
    expect([...root.files.keys()]).toEqual(['report.json']);
  });

  it('never mixes with what a folder already holds: a new subfolder per run', async () => {
    const root = new MemoryFolder();
    await root.getDirectoryHandle('old', { create: true });
    await root.getDirectoryHandle('dicomanon-x', { create: true });
    const target = await outputFolderIn(root, 'dicomanon-x');
    expect(target).toBe(root.folders.get('dicomanon-x-2'));
  });

  it('stops plainly when writes start failing (a full disk), listing the complete files', async () => {
    const root = new QuotaFolder({ left: 3_500 });
    const recorder = createRunRecorder(directorySaver(root), false);
    const outcome = (n: number): DeidResult => ({
      status: 'written',
      chunks: [file(n, 1_000)],
      outputPath: `P1/S1/${n}.dcm`,
      actions: {},
      warnings: 0,
      mapping: undefined,
    });
    for (const n of [0, 1, 2]) await recorder.commit(n, input(n), outcome(n));
    const failed = recorder.commit(3, input(3), outcome(3));
    await expect(failed).rejects.toBeInstanceOf(SaveFailed);
    await expect(failed).rejects.toThrow(
      'The output could not be saved: the disk is full. 3 files were saved in the folder ' +
        `before that; ${UNFINISHED_LIST} there lists them. The run was stopped: no other file ` +
        'was saved, and no report.',
    );
    // No silent loss: nothing more is saved, and each later write says why.
    await expect(recorder.commit(4, input(4), outcome(4))).rejects.toThrow(/the disk is full/);
    const series = root.folders.get('P1')!.folders.get('S1')!;
    expect([...series.files.keys()]).toEqual(['0.dcm', '1.dcm', '2.dcm']);
    for (const n of [0, 1, 2])
      expect(Buffer.concat(series.files.get(`${n}.dcm`)!)).toEqual(Buffer.from(file(n, 1_000)));
    const list = Buffer.concat(root.files.get(UNFINISHED_LIST)!).toString('utf8').split('\n');
    expect(list[0]).toMatch(/^Saving stopped: the disk is full\. 3 files were saved/);
    expect(list.slice(1)).toEqual(['P1/S1/0.dcm', 'P1/S1/1.dcm', 'P1/S1/2.dcm', '']);
    expect(recorder.rows.map((row) => row.status)).toEqual(['written', 'written', 'written']);
  });

  it('says so when not even the list fits', async () => {
    const saver = directorySaver(new QuotaFolder({ left: 1_000 }));
    await saver.write('a.dcm', [file(1, 1_000)]);
    await expect(saver.write('b.dcm', [file(2, 10)])).rejects.toThrow(
      /1 file was saved in the folder before that; the list of them could not be written either/,
    );
    await expect(saver.finish()).rejects.toThrow(/the disk is full/);
  });

  it('names outputs by today, never by anything from the files', () => {
    expect(archiveBaseName(new Date(2025, 0, 31, 9, 5))).toBe('dicomanon-20250131-0905');
  });
});

const input = (n: number): InputFile => ({ path: `in/${n}.dcm`, file: new File([], `${n}.dcm`) });

/**
 * A folder as the File System Access API shows it, on a disk with `quota.left` bytes free:
 * a write past them fails as Chromium's do (QuotaExceededError), and, as there, a file
 * appears under its name only when its writable stream is closed.
 */
class QuotaFolder implements DirectoryHandleLike {
  readonly folders = new Map<string, QuotaFolder>();
  readonly files = new Map<string, Uint8Array[]>();
  constructor(private readonly quota: { left: number }) {}
  async getDirectoryHandle(name: string) {
    let folder = this.folders.get(name);
    if (!folder) this.folders.set(name, (folder = new QuotaFolder(this.quota)));
    return folder;
  }
  async getFileHandle(name: string): Promise<FileHandleLike> {
    const quota = this.quota;
    return {
      createWritable: async () => {
        const chunks: Uint8Array[] = [];
        return new WritableStream<Uint8Array>({
          write: (chunk) => {
            if (chunk.byteLength > quota.left)
              throw new DOMException('no space', 'QuotaExceededError');
            quota.left -= chunk.byteLength;
            chunks.push(chunk.slice());
          },
          close: () => void this.files.set(name, chunks),
        });
      },
    };
  }
  async *values() {
    yield* this.folders.values();
    yield* this.files.values();
  }
}
