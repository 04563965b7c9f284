/**
 * Hostile input through the whole engine: real files from ../shared/data mutated in the ways
 * broken and malicious files are (bit flips, truncation, corrupted and past-the-end lengths,
 * huge declared sizes, wrong VRs, broken fragments, absurd nesting). Every case must end as an
 * outcome (written, skipped, failed or quarantined) within a time bound: no exception, no hang,
 * no memory blow-up; whatever is written must read back.
 *
 * 5,000 cases here; `npm run fuzz` runs 100,000 (DICOMANON_FUZZ_CASES).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Prng } from '../../../scripts/synthetic/prng';
import { concatBytes } from '../dicom/byteChunks';
import type { DicomElement, DicomItem } from '../dicom/dataset';
import { DicomError } from '../dicom/errors';
import { readDicom } from '../dicom/readDicom';
import { corpusFiles, NOT_DICOM_NAME, relativeToCorpus } from '../testing/corpus';
import { outputBytes, testDeidentifier } from '../testing/deid';
import type { FileOutcome, ProfileSpec } from './api';
import { deidentifyAroundBulk } from './bulkData';

const CASES = Number(process.env.DICOMANON_FUZZ_CASES ?? 5000);
const SEED = Number(process.env.DICOMANON_FUZZ_SEED ?? 20261124);
const MAX_FILE_BYTES = 1 << 20;
/** Far above the slowest real case (a few ms): a hang or quadratic blow-up shows at once. */
const MAX_CASE_MS = 2000;

interface Sample {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** Byte offsets of element headers in the file itself (not in an inflated data set). */
  readonly headers: readonly { start: number; valueOffset: number; explicit: boolean }[];
  readonly fragments: readonly number[];
}

function samples(): Sample[] {
  const out: Sample[] = [];
  const files = corpusFiles().filter((f) => !NOT_DICOM_NAME.test(f));
  for (const [i, file] of files.entries()) {
    if (i % 8 !== 0) continue;
    const bytes = new Uint8Array(readFileSync(file));
    if (bytes.length > MAX_FILE_BYTES) continue;
    try {
      const parsed = readDicom(bytes);
      const headers: Sample['headers'][number][] = [];
      const fragments: number[] = [];
      const walk = (item: DicomItem) => {
        if (item.source !== bytes) return;
        for (const e of item.elements) {
          headers.push({
            start: e.start,
            valueOffset: e.valueOffset,
            explicit: item.encoding.explicitVR,
          });
          for (const f of (e as DicomElement).fragments ?? []) fragments.push(f.valueOffset - 8);
          e.items?.forEach(walk);
        }
      };
      walk(parsed.dataset);
      // Deflated files have no element headers in their own bytes to aim at: left out.
      if (headers.length > 0) out.push({ name: relativeToCorpus(file), bytes, headers, fragments });
    } catch (error) {
      if (!(error instanceof DicomError)) throw error;
    }
  }
  return out;
}

type Mutation = (bytes: Uint8Array, sample: Sample, rng: Prng) => Uint8Array;

const put32 = (b: Uint8Array, at: number, v: number) => {
  if (at + 4 > b.length) return;
  new DataView(b.buffer, b.byteOffset).setUint32(at, v >>> 0, true);
};
const lengthField = (h: Sample['headers'][number]) => h.valueOffset - 4;

const MUTATIONS: Record<string, Mutation> = {
  bitFlips(b, _s, rng) {
    const n = rng.int(1, 16);
    for (let i = 0; i < n; i++) b[rng.int(0, b.length - 1)]! ^= 1 << rng.int(0, 7);
    return b;
  },
  headerNoise(b, _s, rng) {
    const n = rng.int(1, 8);
    for (let i = 0; i < n; i++) b[rng.int(0, Math.min(b.length, 4096) - 1)] = rng.int(0, 255);
    return b;
  },
  truncation(b, _s, rng) {
    return b.subarray(0, rng.int(0, b.length - 1));
  },
  corruptedLength(b, s, rng) {
    const h = rng.pick(s.headers);
    if (h.explicit && h.valueOffset - h.start === 8) {
      b[h.valueOffset - 2] = rng.int(0, 255);
      b[h.valueOffset - 1] = rng.int(0, 255);
    } else put32(b, lengthField(h), rng.u32());
    return b;
  },
  lengthPastEnd(b, s, rng) {
    const h = rng.pick(s.headers);
    if (!(h.explicit && h.valueOffset - h.start === 8))
      put32(b, lengthField(h), b.length - h.valueOffset + rng.int(1, 1 << 20));
    return b;
  },
  hugeLength(b, s, rng) {
    const h = rng.pick(s.headers);
    if (!(h.explicit && h.valueOffset - h.start === 8))
      put32(b, lengthField(h), rng.pick([0xfffffff0, 0x7fffffff, 0x80000000, 0xfffffffe]));
    return b;
  },
  wrongVR(b, s, rng) {
    const h = rng.pick(s.headers);
    if (h.explicit) {
      const vr = rng.pick(['SQ', 'OB', 'UN', 'UT', 'PN', 'UI', 'US', 'FD', 'AT', '\0\0', 'zz']);
      b[h.start + 4] = vr.charCodeAt(0);
      b[h.start + 5] = vr.charCodeAt(1);
    }
    return b;
  },
  brokenFragment(b, s, rng) {
    if (s.fragments.length === 0) return MUTATIONS.corruptedLength!(b, s, rng);
    const at = rng.pick(s.fragments);
    if (rng.float() < 0.5) put32(b, at, rng.u32());
    else put32(b, at + 4, rng.pick([0xffffffff, rng.u32(), 0]));
    return b;
  },
  deepNesting(b, _s, rng) {
    // A sequence nested thousands of times deep, spliced in after the file meta.
    const depth = rng.int(200, 20_000);
    const unit = [0x40, 0x00, 0x30, 0xa7, 0x53, 0x51, 0, 0, 0xff, 0xff, 0xff, 0xff];
    const item = [0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff];
    const nest = new Uint8Array(depth * 20);
    for (let i = 0; i < depth; i++) nest.set([...unit, ...item], i * 20);
    const at = Math.min(b.length, 132 + rng.int(0, 600));
    const out = new Uint8Array(b.length + nest.length);
    out.set(b.subarray(0, at));
    out.set(nest, at);
    out.set(b.subarray(at), at + nest.length);
    return out;
  },
};

describe('hostile input through the engine', () => {
  it(`ends every one of ${CASES} mutated real files as an outcome, quickly`, async () => {
    const pool = samples();
    expect(pool.length).toBeGreaterThan(80);
    const deidentifier = await testDeidentifier({
      base: 'basic',
      options: ['clean-descriptors', 'retain-longitudinal-modified-dates'],
    });
    const rng = new Prng(SEED);
    const kinds = Object.keys(MUTATIONS);
    const counts: Record<string, number> = {};
    const problems: string[] = [];
    const rssBefore = process.memoryUsage().rss;
    let slowest = 0;
    for (let i = 0; i < CASES; i++) {
      const sample = rng.pick(pool);
      const kind = kinds[i % kinds.length]!;
      const input = MUTATIONS[kind]!(sample.bytes.slice(), sample, rng);
      const started = performance.now();
      let outcome: FileOutcome;
      try {
        outcome = await deidentifier.deidentify(input);
      } catch (error) {
        problems.push(`case ${i} (${kind} of ${sample.name}): threw ${String(error)}`);
        continue;
      }
      const ms = performance.now() - started;
      slowest = Math.max(slowest, ms);
      if (ms > MAX_CASE_MS)
        problems.push(`case ${i} (${kind} of ${sample.name}): ${ms.toFixed(0)} ms`);
      counts[outcome.status] = (counts[outcome.status] ?? 0) + 1;
      if (outcome.status === 'failed' && /internal error/.test(outcome.reason))
        problems.push(`case ${i} (${kind} of ${sample.name}): ${outcome.reason}`);
      if (outcome.status === 'written') {
        try {
          readDicom(outputBytes(outcome));
        } catch (error) {
          problems.push(
            `case ${i} (${kind} of ${sample.name}): output unreadable: ${String(error)}`,
          );
        }
      }
    }
    const grownMb = (process.memoryUsage().rss - rssBefore) / (1 << 20);
    console.log(
      `fuzz: ${CASES} cases, ${JSON.stringify(counts)}, slowest ${slowest.toFixed(0)} ms, RSS +${grownMb.toFixed(0)} MB`,
    );
    expect(problems.slice(0, 20)).toEqual([]);
    // Every kind of outcome shows up: the mutations reach both the reader and the writer.
    expect(counts.written ?? 0).toBeGreaterThan(CASES / 10);
    expect(counts.failed ?? 0).toBeGreaterThan(CASES / 10);
    expect(grownMb).toBeLessThan(1024);
  });

  it(`ends ${Math.ceil(CASES / 5)} mutated files read around their image data as outcomes`, async () => {
    // The path large files take (bulkData.ts) has its own reading of the image's element and
    // fragments: the same mutations go through it, and what it writes must read back.
    const pool = samples();
    const spec: ProfileSpec = { base: 'basic', options: ['clean-descriptors'] };
    const deidentifier = await testDeidentifier(spec);
    const rng = new Prng(SEED + 1);
    const kinds = Object.keys(MUTATIONS);
    const counts: Record<string, number> = {};
    const problems: string[] = [];
    for (let i = 0; i < Math.ceil(CASES / 5); i++) {
      const sample = rng.pick(pool);
      const kind = kinds[i % kinds.length]!;
      const input = MUTATIONS[kind]!(sample.bytes.slice(), sample, rng);
      const read = async (start: number, length: number) =>
        input.subarray(start, Math.min(input.length, start + length));
      const where = `case ${i} (${kind} of ${sample.name})`;
      try {
        const around = await deidentifyAroundBulk(deidentifier, spec, read, input.length);
        const status = around.kind === 'read-whole' ? 'read-whole' : around.outcome.status;
        counts[status] = (counts[status] ?? 0) + 1;
        if (around.kind === 'done' && around.outcome.status === 'written' && around.splice) {
          const { at, start, end } = around.splice;
          const output = outputBytes(around.outcome);
          readDicom(
            concatBytes([output.subarray(0, at), input.subarray(start, end), output.subarray(at)]),
          );
        }
      } catch (error) {
        problems.push(`${where}: ${String(error)}`);
      }
    }
    console.log(`fuzz around the image data: ${JSON.stringify(counts)}`);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(counts.written ?? 0).toBeGreaterThan(CASES / 50);
    expect(counts.failed ?? 0).toBeGreaterThan(CASES / 50);
  });
});
