/**
 * The writer's archives checked by independent readers: Info-ZIP unzip (tests CRCs, extracts)
 * and Python's zipfile (lists the central directory, reads entries through their local headers,
 * refuses overlapping entries). The layout the tests expect is computed here from the APPNOTE,
 * not from the writer's code.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SplitZipWriter } from './splitZipWriter.ts';
import { ZipStreamWriter, type ZipSummary, type ZipWriterOptions } from './zipStreamWriter.ts';

const PYTHON = '/usr/bin/python3';
const BIG_TESTS = process.env.DICOMANON_BIG_TESTS === '1';
const MAX32 = 0xffffffff;
const utf8 = new TextEncoder();

const PY_READ = String.raw`
import hashlib, json, sys, zipfile
path, read = sys.argv[1], json.loads(sys.argv[2])
with zipfile.ZipFile(path) as zf:
    entries = []
    for i in zf.infolist():
        e = dict(name=i.filename, size=i.file_size, csize=i.compress_size, crc=i.CRC,
                 offset=i.header_offset, date=list(i.date_time), flags=i.flag_bits,
                 method=i.compress_type, system=i.create_system, made=i.create_version,
                 needed=i.extract_version, attr=i.external_attr, extra=i.extra.hex())
        if read == 'all' or i.filename in read:
            e['sha256'] = hashlib.sha256(zf.read(i)).hexdigest()  # zf.read checks the CRC
        entries.append(e)
    print(json.dumps(dict(entries=entries, startDir=zf.start_dir)))
`;

interface PyEntry {
  name: string;
  size: number;
  csize: number;
  crc: number;
  offset: number;
  date: number[];
  flags: number;
  method: number;
  system: number;
  made: number;
  needed: number;
  attr: number;
  extra: string;
  sha256?: string;
}

function pythonRead(file: string, read: 'all' | string[] = 'all') {
  const run = spawnSync(PYTHON, ['-c', PY_READ, file, JSON.stringify(read)], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { entries: PyEntry[]; startDir: number };
}

function unzip(args: string[]) {
  const env = { ...process.env, LC_ALL: 'C.UTF-8' };
  return spawnSync('unzip', args, { encoding: 'utf8', env, maxBuffer: 1 << 30 });
}

/** `unzip -t`: Info-ZIP reads every (or the named) entry and checks its CRC. */
function unzipTest(file: string, members: string[] = []): void {
  const run = unzip(['-t', file, ...members]);
  expect(run.status, run.stdout + run.stderr).toBe(0);
  expect(run.stdout).toContain('No errors detected');
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function randomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let a = seed >>> 0;
  for (let i = 0; i < length; i++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    out[i] = a >>> 24;
  }
  return out;
}

type Files = [path: string, data: Uint8Array | Uint8Array[]][];
const content = (data: Uint8Array | Uint8Array[]) => (Array.isArray(data) ? concat(data) : data);

let tmp = '';
beforeAll(() => {
  expect(spawnSync('unzip', ['-v']).status, 'Info-ZIP unzip is needed as a test oracle').toBe(0);
  tmp = mkdtempSync(path.join(os.tmpdir(), 'dicomanon-zip-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function writeZip(files: Files, options?: ZipWriterOptions) {
  const chunks: Uint8Array[] = [];
  const writer = new ZipStreamWriter((chunk) => void chunks.push(chunk), options);
  for (const [name, data] of files) await writer.addFile(name, data);
  const summary = await writer.finish();
  const bytes = concat(chunks);
  expect(summary).toEqual({ entries: files.length, bytes: bytes.length });
  expect(writer.bytesWritten).toBe(bytes.length);
  return { bytes, summary, chunks };
}

function readAt(file: string, position: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  const fd = openSync(file, 'r');
  try {
    expect(readSync(fd, bytes, 0, length, position)).toBe(length);
  } finally {
    closeSync(fd);
  }
  return bytes;
}

function save(name: string, bytes: Uint8Array): string {
  const file = path.join(tmp, name);
  writeFileSync(file, bytes);
  return file;
}

/** Where each local header must start: 30 + name + Zip64 extra (both sizes) + data, in order. */
function expectedOffsets(entries: readonly { name: string; size: number }[]): number[] {
  let at = 0;
  return entries.map(({ name, size }) => {
    const offset = at;
    at += 30 + utf8.encode(name).length + (size >= MAX32 ? 20 : 0) + size;
    return offset;
  });
}

/** Whether the archive ends with a Zip64 end record and locator, and the classic entry count. */
function endOf(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const eocd = bytes.length - 22;
  expect(view.getUint32(eocd, true)).toBe(0x06054b50);
  const zip64 = eocd >= 20 && view.getUint32(eocd - 20, true) === 0x07064b50;
  return { zip64, classicCount: view.getUint16(eocd + 10, true) };
}

/** The local header at `offset`, to compare with what Python read from the central directory. */
function localHeaderAt(bytes: Uint8Array, offset: number) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const nameLength = view.getUint16(offset + 26, true);
  return {
    signature: view.getUint32(offset, true),
    needed: view.getUint16(offset + 4, true),
    flags: view.getUint16(offset + 6, true),
    method: view.getUint16(offset + 8, true),
    time: view.getUint16(offset + 10, true),
    date: view.getUint16(offset + 12, true),
    crc: view.getUint32(offset + 14, true),
    csize: view.getUint32(offset + 18, true),
    size: view.getUint32(offset + 22, true),
    name: new TextDecoder().decode(bytes.subarray(offset + 30, offset + 30 + nameLength)),
    extraLength: view.getUint16(offset + 28, true),
  };
}

/**
 * Python and unzip read exactly `files`, in order, byte for byte, with classic headers that
 * agree between central directory and local header. One comparison for all entries: an expect
 * per field made the 70,000-entry test take seconds.
 */
function expectArchiveHolds(file: string, bytes: Uint8Array, files: Files): PyEntry[] {
  unzipTest(file);
  const { entries, startDir } = pythonRead(file);
  const offsets = expectedOffsets(
    files.map(([name, data]) => ({ name, size: content(data).length })),
  );
  const actual = entries.map(({ date: [y, mo, d, h, mi, sec], ...e }) => ({
    ...e,
    mode: e.attr >>> 16,
    local: localHeaderAt(bytes, e.offset),
    dos: {
      date: ((y! - 1980) << 9) | (mo! << 5) | d!,
      time: (h! << 11) | (mi! << 5) | (sec! >> 1),
    },
  }));
  const expected = files.map(([name, data], i) => {
    const bytes = content(data);
    const [size, crc] = [bytes.length, zlib.crc32(bytes)];
    const stamp = actual[i]?.dos ?? {};
    const fields = { name, size, csize: size, crc, needed: 20, flags: 0x800, method: 0 };
    return {
      ...fields,
      offset: offsets[i],
      sha256: sha256(bytes),
      system: 3,
      made: 45,
      attr: expect.any(Number),
      mode: 0o100644,
      extra: '',
      local: { ...fields, ...stamp, signature: 0x04034b50, extraLength: 0 },
      dos: stamp,
    };
  });
  expect(actual).toEqual(expected);
  const last = files.at(-1);
  const end = last
    ? offsets.at(-1)! + 30 + utf8.encode(last[0]).length + content(last[1]).length
    : 0;
  expect(startDir).toBe(end);
  return entries;
}

const SAMPLE: Files = [
  ['a.txt', utf8.encode('hello, zip\n')],
  // Chunks with an empty one and views into larger buffers: the writer must not assume offset 0.
  [
    'study/series 1/b.dcm',
    [randomBytes(70_000, 1).subarray(5, 60_005), new Uint8Array(0), randomBytes(9_999, 2)],
  ],
  ['empty.dcm', new Uint8Array(0)],
  ['Patiënt Müller/日本語/ñandú 😀.dcm', randomBytes(1234, 3)],
  ['...', utf8.encode('a name of dots is a name')],
];

describe('ZipStreamWriter', () => {
  it('writes a classic archive that unzip and Python read back byte for byte', async () => {
    const { bytes } = await writeZip(SAMPLE);
    const file = save('sample.zip', bytes);
    const entries = expectArchiveHolds(file, bytes, SAMPLE);
    expect(entries.map((e) => e.date)).toEqual(SAMPLE.map(() => [1980, 1, 1, 0, 0, 0]));
    expect(endOf(bytes)).toEqual({ zip64: false, classicCount: SAMPLE.length });

    const out = path.join(tmp, 'sample-out');
    const run = unzip(['-q', file, '-d', out]);
    expect(run.status, run.stderr).toBe(0);
    for (const [name, data] of SAMPLE) {
      expect(sha256(readFileSync(path.join(out, name))), name).toBe(sha256(content(data)));
    }
  });

  it('gives the same bytes for the same inputs; options.now sets the stamp', async () => {
    const first = await writeZip(SAMPLE);
    const second = await writeZip(SAMPLE);
    expect(sha256(second.bytes)).toBe(sha256(first.bytes));

    const now = new Date(2024, 4, 17, 13, 45, 31);
    const { bytes } = await writeZip(SAMPLE, { now });
    const { entries } = pythonRead(save('stamped.zip', bytes), []);
    expect(entries.map((e) => e.date)).toEqual(SAMPLE.map(() => [2024, 5, 17, 13, 45, 30]));
  });

  it('writes an empty archive as a lone end record', async () => {
    const { bytes } = await writeZip([]);
    expect(bytes.length).toBe(22);
    expect(pythonRead(save('empty.zip', bytes)).entries).toEqual([]);
  });

  it('reads back 70,000 entries: Zip64 end records by count', async () => {
    const files: Files = Array.from({ length: 70_000 }, (_, i) => [
      `series/${String(i).padStart(5, '0')}.dcm`,
      utf8.encode(`file ${i}\n`.repeat(i % 7)),
    ]);
    const { bytes } = await writeZip(files);
    expect(endOf(bytes)).toEqual({ zip64: true, classicCount: 0xffff });
    expectArchiveHolds(save('many.zip', bytes), bytes, files);
  });

  it('switches to Zip64 end records at exactly 65,535 entries', async () => {
    for (const count of [65_534, 65_535]) {
      const files: Files = Array.from({ length: count }, (_, i) => [`${i}`, new Uint8Array(0)]);
      const { bytes } = await writeZip(files);
      expect(endOf(bytes)).toEqual({ zip64: count === 65_535, classicCount: count });
      const { entries } = pythonRead(save(`count-${count}.zip`, bytes), []);
      expect(entries.length).toBe(count);
      expect(entries.at(-1)?.name).toBe(`${count - 1}`);
    }
  });
});

describe('Zip64 by size and offset', () => {
  it('writes 0xFFFFFFFF-sized data and offsets as Zip64, read by Python and unzip', async () => {
    // The archive is a sparse file: the big entries are zeros, which the sink skips instead of
    // writing, so the file on disk is exactly the stream while taking a few KB of disk.
    const ZERO = new Uint8Array(64 << 20);
    const zeros = (length: number) => {
      const chunks: Uint8Array[] = [];
      for (let left = length; left > 0; left -= ZERO.length) {
        chunks.push(left >= ZERO.length ? ZERO : ZERO.subarray(0, left));
      }
      return chunks;
    };
    const zeroCrc = (length: number) =>
      zeros(length).reduce((crc, chunk) => zlib.crc32(chunk, crc), 0);
    const file = path.join(tmp, 'sparse-zip64.zip');
    const fd = openSync(file, 'w');
    let position = 0;
    const sink = (chunk: Uint8Array) => {
      if (chunk.buffer !== ZERO.buffer) writeSync(fd, chunk, 0, chunk.length, position);
      position += chunk.length;
    };
    const first = utf8.encode('first entry\n');
    const last = utf8.encode('after 8 GiB\n');
    // The second entry, classic at just under 4 GiB, ends where the third starts at offset
    // 0xFFFFFFFF: the first offset that needs Zip64. The third has 0xFFFFFFFF bytes: the first
    // size that does.
    const firstEnd = 30 + 'first.txt'.length + first.length;
    const justUnder = MAX32 - firstEnd - 30 - 'big/just-under.bin'.length;
    const writer = new ZipStreamWriter(sink);
    try {
      await writer.addFile('first.txt', first);
      await writer.addFile('big/just-under.bin', zeros(justUnder));
      await writer.addFile('big/marker-size.bin', zeros(MAX32));
      const predicted = writer.projectedSize('last.txt', last.length);
      await writer.addFile('last.txt', last);
      expect(await writer.finish()).toEqual({ entries: 4, bytes: predicted });
    } finally {
      closeSync(fd);
    }
    expect(position).toBe(writer.bytesWritten);

    const { entries, startDir } = pythonRead(file, ['first.txt', 'last.txt']);
    const expected = [
      { name: 'first.txt', size: first.length, crc: zlib.crc32(first), needed: 20, extra: '' },
      { name: 'big/just-under.bin', size: justUnder, crc: zeroCrc(justUnder), needed: 20 },
      { name: 'big/marker-size.bin', size: MAX32, crc: zeroCrc(MAX32), needed: 45 },
      { name: 'last.txt', size: last.length, crc: zlib.crc32(last), needed: 45 },
    ];
    expect(entries).toMatchObject(expected);
    const offsets = expectedOffsets(expected);
    expect(offsets[2]).toBe(MAX32);
    expect(entries.map((e) => e.offset)).toEqual(offsets);
    expect(entries.map((e) => e.csize)).toEqual(entries.map((e) => e.size));
    expect(entries[3]?.sha256).toBe(sha256(last));
    expect(startDir).toBe(offsets[3]! + 30 + 'last.txt'.length + last.length);
    // Zip64 extra (tag 1) with both sizes and the offset, for every entry that needs Zip64.
    // The entry after one of exactly 0xFFFFFFFF bytes is the case that broke Info-ZIP when the
    // extra held only the fields that overflow (see zipRecords.ts).
    const u64 = (n: number) => Buffer.from(new BigUint64Array([BigInt(n)]).buffer).toString('hex');
    const zip64Extra = (size: number, offset: number) =>
      '01001800' + u64(size) + u64(size) + u64(offset);
    expect(entries[2]?.extra).toBe(zip64Extra(MAX32, MAX32));
    expect(entries[3]?.extra).toBe(zip64Extra(last.length, offsets[3]!));
    // Its local header has both sizes (APPNOTE 4.5.3) and no offset.
    const nameLength = 'big/marker-size.bin'.length;
    const local = readAt(file, MAX32 + 30 + nameLength, 20);
    expect(Buffer.from(local).toString('hex')).toBe('01001000' + u64(MAX32) + u64(MAX32));
    expect(endOf(readAt(file, position - 98, 98)).zip64).toBe(true);

    // Info-ZIP: lists the Zip64 sizes, and finds and checks the entries past 4 GiB.
    const listing = unzip(['-l', file]);
    expect(listing.status, listing.stderr).toBe(0);
    expect(listing.stdout).toMatch(/\b4294967295\s+1980-01-01 00:00\s+big\/marker-size\.bin/);
    expect(listing.stdout).toMatch(new RegExp(`\\b${justUnder}\\s.*big/just-under\\.bin`));
    unzipTest(file, ['first.txt', 'last.txt']);
    expect(unzip(['-p', file, 'last.txt']).stdout).toBe('after 8 GiB\n');
  });
});

describe.runIf(BIG_TESTS)('a real archive over 4 GiB on disk (DICOMANON_BIG_TESTS=1)', () => {
  it('is read by Python and fully tested by unzip', { timeout: 600_000 }, async () => {
    const pattern = randomBytes(64 << 20, 7);
    const hugeSize = 2 ** 32 + 12_345;
    const huge: Uint8Array[] = [];
    for (let left = hugeSize; left > 0; left -= pattern.length) {
      huge.push(pattern.subarray(0, Math.min(left, pattern.length)));
    }
    const files: Files = [
      ['a/first.bin', pattern.subarray(1, 10_000_001)],
      ['huge.bin', huge],
      ['z/last.txt', utf8.encode('the last entry starts past 4 GiB\n')],
    ];
    const file = path.join(tmp, 'big.zip');
    const fd = openSync(file, 'w');
    try {
      const writer = new ZipStreamWriter((chunk) => void writeSync(fd, chunk));
      for (const [name, data] of files) await writer.addFile(name, data);
      await writer.finish();
    } finally {
      closeSync(fd);
    }
    const { entries } = pythonRead(file, ['a/first.bin', 'z/last.txt']);
    const sizes = files.map(([, data]) => (Array.isArray(data) ? hugeSize : data.length));
    const offsets = expectedOffsets(files.map(([name], i) => ({ name, size: sizes[i]! })));
    expect(entries).toMatchObject(
      files.map(([name, data], i) => ({
        name,
        size: sizes[i],
        csize: sizes[i],
        offset: offsets[i],
        crc: (Array.isArray(data) ? data : [data]).reduce((c, d) => zlib.crc32(d, c), 0),
        needed: i === 0 ? 20 : 45,
      })),
    );
    expect(entries[0]?.sha256).toBe(sha256(files[0]![1] as Uint8Array));
    expect(entries[2]?.sha256).toBe(sha256(files[2]![1] as Uint8Array));
    unzipTest(file);
    rmSync(file);
  });
});

describe('SplitZipWriter', () => {
  /** Writes `files` in parts; each part must be an archive unzip and Python read on its own. */
  async function writeParts(files: Files, maxPartBytes: number) {
    const parts: Uint8Array[][] = [];
    const closed: ZipSummary[] = [];
    const writer = new SplitZipWriter(
      (index) => {
        expect(index).toBe(parts.length);
        const chunks: Uint8Array[] = [];
        parts.push(chunks);
        return { write: (chunk) => void chunks.push(chunk), close: (s) => void closed.push(s) };
      },
      { maxPartBytes },
    );
    for (const [name, data] of files) await writer.addFile(name, data);
    const summary = await writer.finish();
    const archives = parts.map(concat);
    expect(summary.parts).toEqual(closed);
    expect(closed.map((s) => s.bytes)).toEqual(archives.map((a) => a.length));
    expect(summary.entries).toBe(files.length);

    let next = 0;
    const partFiles = archives.map((bytes, i) => {
      const file = save(`part-${maxPartBytes}-${i}.zip`, bytes);
      const names = pythonRead(file, []).entries.map((e) => e.name);
      const own = files.slice(next, next + names.length);
      next += names.length;
      expectArchiveHolds(file, bytes, own); // every file once, in order, across the parts
      expect(bytes.length <= maxPartBytes || own.length === 1, `part ${i}`).toBe(true);
      return own;
    });
    expect(next).toBe(files.length);
    return { archives, partFiles };
  }

  /** What an entry adds to a classic archive: local header, data, central header. */
  const entryCost = ([name, data]: Files[number]) =>
    30 + 46 + 2 * utf8.encode(name).length + content(data).length;

  it('cuts standalone archives of at most maxPartBytes, each as full as it can be', async () => {
    const files: Files = Array.from({ length: 60 }, (_, i) => [
      `series/${String(i).padStart(3, '0')}.dcm`,
      randomBytes((i * 997) % 3000, i),
    ]);
    const { archives, partFiles } = await writeParts(files, 10_000);
    expect(archives.length).toBeGreaterThan(5);
    for (let i = 0; i + 1 < archives.length; i++) {
      expect(archives[i]!.length + entryCost(partFiles[i + 1]![0]!)).toBeGreaterThan(10_000);
    }
  });

  it('gives a file larger than maxPartBytes a part of its own', async () => {
    const small = (name: string): Files[number] => [name, randomBytes(100, name.length)];
    const files: Files = [small('a'), ['big', randomBytes(5000, 9)], small('bb'), small('ccc')];
    const { archives, partFiles } = await writeParts(files, 1000);
    expect(partFiles.map((p) => p.map(([name]) => name))).toEqual([['a'], ['big'], ['bb', 'ccc']]);
    expect(archives[1]!.length).toBeGreaterThan(1000);
  });

  it('fills a part up to exactly maxPartBytes', async () => {
    const files: Files = Array.from({ length: 6 }, (_, i) => [`f${i}`, randomBytes(500, i)]);
    const max = 2 * entryCost(files[0]!) + 22;
    const { archives } = await writeParts(files, max);
    expect(archives.map((a) => a.length)).toEqual([max, max, max]);
  });
});
