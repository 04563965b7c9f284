/**
 * The writers' contract with their callers: path rules, call order, backpressure, failures, part
 * boundaries. The archives themselves are checked by unzip and Python in zipWriter.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { SplitZipWriter, type ZipPartSink } from './splitZipWriter.ts';
import { ZipStreamWriter } from './zipStreamWriter.ts';
import { DOS_EPOCH, dosStamp } from './zipRecords.ts';

const EMPTY = new Uint8Array(0);
const bytesOf = (text: string) => new TextEncoder().encode(text);
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
  chunks.reduce((at, chunk) => (out.set(chunk, at), at + chunk.length), 0);
  return out;
}

const BAD_PATHS = [
  '',
  '/etc/passwd',
  'a/../../b',
  '..',
  './a',
  'a/./b',
  'a\\b',
  'a//b',
  'folder/',
  'a\0b',
  'C:/Windows/x',
  'c:x',
  'broken \uD800 surrogate',
  'x'.repeat(0x10000),
  'é'.repeat(0x8000), // 65,536 bytes in UTF-8
];

const GOOD_PATHS = ['plain', 'a/b/c.dcm', '...', '..a', 'a..', ' spaced ', 'ünï/日本.dcm', 'ab:c'];

describe('entry paths', () => {
  it.each(BAD_PATHS.map((p) => [p.length > 50 ? `${p.slice(0, 8)}… (${p.length})` : p, p]))(
    'refuses %j',
    async (_, path) => {
      const writer = new ZipStreamWriter(() => {});
      await expect(writer.addFile(path, EMPTY)).rejects.toMatchObject({
        name: 'ZipError',
        code: 'bad-path',
      });
    },
  );

  it('accepts ordinary relative paths, up to 65,535 bytes', async () => {
    const writer = new ZipStreamWriter(() => {});
    for (const path of [...GOOD_PATHS, 'x'.repeat(0xffff)]) await writer.addFile(path, EMPTY);
    expect((await writer.finish()).entries).toBe(GOOD_PATHS.length + 1);
  });

  it('refuses repeated paths and file/folder clashes, and carries on after refusing', async () => {
    const writer = new ZipStreamWriter(() => {});
    await writer.addFile('study/a.dcm', EMPTY);
    await writer.addFile('x', EMPTY);
    for (const path of ['study/a.dcm', 'study', 'study/a.dcm/b', 'x/y']) {
      await expect(writer.addFile(path, EMPTY), path).rejects.toMatchObject({
        code: 'duplicate-path',
      });
    }
    await writer.addFile('study/b.dcm', EMPTY);
    expect(await writer.finish()).toMatchObject({ entries: 3 });
  });
});

describe('ZipStreamWriter', () => {
  it('refuses addFile and finish after finish', async () => {
    const writer = new ZipStreamWriter(() => {});
    await writer.finish();
    await expect(writer.addFile('a', EMPTY)).rejects.toMatchObject({ code: 'finished' });
    await expect(writer.finish()).rejects.toMatchObject({ code: 'finished' });
  });

  it('passes the caller’s chunks to the sink as they are, skipping empty ones', async () => {
    const data = [bytesOf('one'), EMPTY, bytesOf('two')];
    const chunks: Uint8Array[] = [];
    const writer = new ZipStreamWriter((chunk) => void chunks.push(chunk));
    await writer.addFile('x.bin', data);
    expect(chunks).toHaveLength(3); // local header, then the two chunks
    expect(chunks[1]).toBe(data[0]);
    expect(chunks[2]).toBe(data[2]);
  });

  it('awaits the sink: one write at a time, and addFile settles once its bytes are taken', async () => {
    let inFlight = 0;
    let accepted = 0;
    const writer = new ZipStreamWriter(async (chunk) => {
      expect(++inFlight).toBe(1);
      await tick();
      accepted += chunk.length;
      inFlight--;
    });
    for (let i = 0; i < 5; i++) {
      await writer.addFile(`f${i}`, [bytesOf('abc'), bytesOf('defg')]);
      expect(writer.bytesWritten).toBe(accepted);
      expect(inFlight).toBe(0);
    }
    const { bytes } = await writer.finish();
    expect(accepted).toBe(bytes);
  });

  it('keeps call order when addFile calls overlap', async () => {
    const files = Array.from({ length: 50 }, (_, i) => [`f${i}`, bytesOf('x'.repeat(i))] as const);
    const sequential: Uint8Array[] = [];
    const one = new ZipStreamWriter((chunk) => void sequential.push(chunk));
    for (const [name, data] of files) await one.addFile(name, data);
    await one.finish();

    const overlapping: Uint8Array[] = [];
    const other = new ZipStreamWriter(async (chunk) => {
      await tick();
      overlapping.push(chunk);
    });
    await Promise.all(files.map(([name, data]) => other.addFile(name, data)));
    await other.finish();
    expect(concat(overlapping)).toEqual(concat(sequential));
  });

  it('fails every later call with the sink’s error', async () => {
    const failure = new Error('disk full');
    let writes = 0;
    const writer = new ZipStreamWriter(() => {
      if (++writes === 3) throw failure;
    });
    await writer.addFile('a', bytesOf('a')); // writes 1 and 2
    await expect(writer.addFile('b', bytesOf('b'))).rejects.toBe(failure);
    await expect(writer.addFile('c', bytesOf('c'))).rejects.toBe(failure);
    await expect(writer.finish()).rejects.toBe(failure);
    expect(writes).toBe(3);
  });

  it('predicts its size exactly (what SplitZipWriter relies on)', async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const writer = new ZipStreamWriter(() => {});
      for (let i = 0; i < seed % 5; i++) await writer.addFile(`f${i}`, new Uint8Array(seed * i));
      const name = 'ü/'.repeat(seed % 3) + 'last';
      const predicted = writer.projectedSize(name, seed * 100);
      await writer.addFile(name, new Uint8Array(seed * 100));
      expect((await writer.finish()).bytes).toBe(predicted);
    }
  });
});

describe('DOS stamps', () => {
  it('keeps local time to two seconds and clamps to the years DOS stamps can hold', () => {
    const stamp = dosStamp(new Date(2024, 4, 17, 13, 45, 31));
    expect(stamp).toEqual({ date: (44 << 9) | (5 << 5) | 17, time: (13 << 11) | (45 << 5) | 15 });
    expect(dosStamp(new Date(1975, 0, 1))).toEqual(DOS_EPOCH);
    expect(dosStamp(new Date(Number.NaN))).toEqual(DOS_EPOCH);
    const latest = { date: (127 << 9) | (12 << 5) | 31, time: (23 << 11) | (59 << 5) | 29 };
    expect(dosStamp(new Date(2200, 0, 1))).toEqual(latest);
  });
});

describe('SplitZipWriter', () => {
  /** Part sinks that log what happens to them. */
  function loggingParts(log: string[], failOn?: number) {
    return (index: number): ZipPartSink => {
      log.push(`open ${index}`);
      return {
        write: () => {
          if (index === failOn) throw new Error(`part ${index} failed`);
        },
        close: (summary) => void log.push(`close ${index}: ${summary.entries}`),
      };
    };
  }

  it('opens a part when its first file arrives, after closing the one before', async () => {
    const log: string[] = [];
    const writer = new SplitZipWriter(loggingParts(log), { maxPartBytes: 300 });
    expect(writer.partCount).toBe(0);
    for (const name of ['a', 'b', 'c']) await writer.addFile(name, new Uint8Array(100));
    const summary = await writer.finish();
    expect(log).toEqual(['open 0', 'close 0: 1', 'open 1', 'close 1: 1', 'open 2', 'close 2: 1']);
    expect(writer.partCount).toBe(3);
    expect(writer.bytesWritten).toBe(summary.bytes);
    expect(summary.bytes).toBe(summary.parts.reduce((sum, part) => sum + part.bytes, 0));
  });

  it('calls write and close as methods of the part sink', async () => {
    class CollectingPart implements ZipPartSink {
      readonly chunks: Uint8Array[] = [];
      closedWith = 0;
      write(chunk: Uint8Array): void {
        this.chunks.push(chunk.slice());
      }
      close(summary: { bytes: number }): void {
        this.closedWith = summary.bytes;
      }
    }
    const part = new CollectingPart();
    const writer = new SplitZipWriter(() => part);
    await writer.addFile('a', bytesOf('a'));
    const { bytes } = await writer.finish();
    expect(concat(part.chunks).length).toBe(bytes);
    expect(part.closedWith).toBe(bytes);
  });

  it('with no files, finishes one empty archive', async () => {
    const log: string[] = [];
    const summary = await new SplitZipWriter(loggingParts(log)).finish();
    expect(summary).toEqual({ entries: 0, bytes: 22, parts: [{ entries: 0, bytes: 22 }] });
    expect(log).toEqual(['open 0', 'close 0: 0']);
  });

  it('refuses a path already written to an earlier part', async () => {
    const writer = new SplitZipWriter(loggingParts([]), { maxPartBytes: 100 });
    await writer.addFile('a/b', new Uint8Array(200));
    await writer.addFile('c', new Uint8Array(200));
    await expect(writer.addFile('a/b', EMPTY)).rejects.toMatchObject({ code: 'duplicate-path' });
    await expect(writer.addFile('a', EMPTY)).rejects.toMatchObject({ code: 'duplicate-path' });
    expect((await writer.finish()).entries).toBe(2);
  });

  it('refuses a maxPartBytes that is not a positive integer', () => {
    for (const maxPartBytes of [0, -1, 1.5, Number.NaN, Infinity]) {
      expect(() => new SplitZipWriter(loggingParts([]), { maxPartBytes })).toThrow(RangeError);
    }
  });

  it('fails every later call once a part’s sink failed', async () => {
    const writer = new SplitZipWriter(loggingParts([], 1), { maxPartBytes: 100 });
    await writer.addFile('a', new Uint8Array(200));
    await expect(writer.addFile('b', new Uint8Array(200))).rejects.toThrow('part 1 failed');
    await expect(writer.addFile('c', EMPTY)).rejects.toThrow('part 1 failed');
    await expect(writer.finish()).rejects.toThrow('part 1 failed');
  });
});
