/**
 * CRC-32 and ZIP store throughput (npx tsx bench/crc32.bench.ts). Not a test: it prints MB/s
 * (10^6 bytes per second) and exits 0. Compared in the same run:
 *   - src/core/zip/crc32.ts (slice-by-16), goal > 1 GB/s: it bounds how fast we write ZIPs;
 *   - a byte-at-a-time table loop, the textbook CRC-32 most pure-JS zip libraries use;
 *   - Node's zlib.crc32 (native, Node ≥ 20.15), where present: a ceiling we cannot reach in JS;
 *   - ZipStreamWriter storing DICOM-sized files into a sink that only counts, to compare with
 *     jszip (168 MB/s), fflate (280 MB/s) and client-zip (247 MB/s) in ../shared/DESIGN.md.
 */
import os from 'node:os';
import zlib from 'node:zlib';
import { crc32 } from '../src/core/zip/crc32';
import { ZipStreamWriter } from '../src/core/zip/zipStreamWriter';

const REPS = 9;
const BUFFER_BYTES = 256 << 20;

const TABLE = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

function bytewiseCrc32(data: Uint8Array): number {
  let c = ~0;
  for (let i = 0; i < data.length; i++) c = (c >>> 8) ^ TABLE[(c ^ data[i]!) & 0xff]!;
  return ~c >>> 0;
}

function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  let a = 12345;
  for (let i = 0; i < length; i++) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    out[i] = a >>> 24;
  }
  return out;
}

/** Median MB/s of REPS runs after one untimed warm-up run. */
async function rate(bytes: number, run: () => unknown): Promise<number> {
  await run();
  const times: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return bytes / 1e6 / (times[REPS >> 1]! / 1000);
}

async function zipStore(files: readonly Uint8Array[]): Promise<void> {
  let total = 0;
  const writer = new ZipStreamWriter((chunk) => void (total += chunk.length));
  for (let i = 0; i < files.length; i++) await writer.addFile(`series/${i}.dcm`, files[i]!);
  await writer.finish();
  if (total === 0) throw new Error('nothing written');
}

async function main(): Promise<void> {
  console.log(
    `CRC-32 and ZIP store throughput — node ${process.version}, ${os.cpus()[0]?.model ?? '?'}; ` +
      `median of ${REPS}; MB = 10^6 bytes`,
  );
  const data = randomBytes(BUFFER_BYTES);
  const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
  if (nativeCrc32 && nativeCrc32(data) !== crc32(data)) throw new Error('CRC mismatch with zlib');
  if (bytewiseCrc32(data.subarray(0, 1 << 20)) !== crc32(data.subarray(0, 1 << 20))) {
    throw new Error('CRC mismatch with the byte loop');
  }

  const rows: [string, number][] = [
    ['crc32.ts, slice-by-16, 256 MiB', await rate(data.length, () => crc32(data))],
    ['byte-at-a-time table loop', await rate(data.length, () => bytewiseCrc32(data))],
  ];
  if (nativeCrc32)
    rows.push(['zlib.crc32 (native)', await rate(data.length, () => nativeCrc32(data))]);
  else rows.push(['zlib.crc32 (native)', Number.NaN]);
  for (const size of [512, 4096, 65536]) {
    const views = Array.from({ length: 2048 }, (_, i) => data.subarray(i * size, (i + 1) * size));
    const run = () => views.reduce((x, view) => x ^ crc32(view), 0);
    rows.push([`crc32.ts, ${views.length} × ${size} B`, await rate(views.length * size, run)]);
  }
  for (const [count, size] of [
    [1000, 256 * 1024],
    [1, BUFFER_BYTES],
  ] as const) {
    const files = Array.from({ length: count }, (_, i) => data.subarray(i * size, (i + 1) * size));
    const label = `ZipStreamWriter store, ${count} × ${size >= 1 << 20 ? `${size >> 20} MiB` : `${size >> 10} KiB`}`;
    rows.push([label, await rate(count * size, () => zipStore(files))]);
  }

  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, mbps] of rows) {
    const value = Number.isNaN(mbps) ? 'not in this Node' : `${mbps.toFixed(0).padStart(6)} MB/s`;
    console.log(`  ${label.padEnd(width)}  ${value}`);
  }
}

await main();
