/**
 * Large inputs through the whole run, under Node with the real job handlers: with the size
 * above which files are read around their image data lowered to nothing (the test hook), every
 * corpus file takes that path, and each saver (one .zip, a folder, .zip parts) still writes
 * exactly the bytes of reading every file whole, the image data taken from the input File as a
 * Blob (worker/largeFile.ts, blobSplice.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusFiles, relativeToCorpus } from '../../core/testing/corpus';
import type { TestHooks } from '../../worker/protocol';
import { InProcessWorker } from '../../worker/testing/inProcessWorker';
import { DEFLATED } from '../../core/testing/largeFiles';
import { directorySaver } from './saveDirectory';
import { openDownloadPartsSaver } from './saveDownloadParts';
import type { OutputSaver } from './saver';
import { zipToStream } from './saveZipFile';
import type { RunOutcome } from './runDeps';
import { runFiles } from './runFiles';
import { MemoryFolder } from './testing/memoryFolder';
import type { InputFile, SaveTarget } from './types';

const work = mkdtempSync(path.join(tmpdir(), 'dicomanon-large-run-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const STREAM_ALL: TestHooks = { streamAboveBytes: 0 };
/** Small enough that the corpus's larger files get parts of their own. */
const PART_BYTES = 400_000;

/**
 * DICOM of several kinds (encapsulated, big endian, deflated) and non-DICOM files. Not a cut
 * short one: it fails either way, but in other words (bulkData.ts reads it differently), and
 * the reports inside the output say so.
 */
function inputs(): InputFile[] {
  const all = corpusFiles().filter((f) => !f.includes('/dcm_qa') && !f.endsWith('_truncated.dcm'));
  const picked = all.filter((_, i) => i % 13 === 0).slice(0, 60);
  for (const name of ['README.txt', 'CT_small.dcm', path.basename(DEFLATED)]) {
    picked.push(all.find((f) => f.endsWith(`/${name}`))!);
  }
  return picked.map((file) => ({
    file: new File([readFileSync(file)], path.basename(file)),
    path: relativeToCorpus(file),
  }));
}

/** Runs with `saver`, counting the files it was given with image data to take from the input. */
async function run(
  files: InputFile[],
  save: SaveTarget,
  saver: OutputSaver,
  hooks: TestHooks,
): Promise<{ outcome: RunOutcome; spliced: number }> {
  let spliced = 0;
  const counting: OutputSaver = {
    ...saver,
    write(name, chunks, splice) {
      if (splice) spliced++;
      return saver.write(name, chunks, splice);
    },
  };
  const outcome = await runFiles(
    files,
    {
      spec: { base: 'basic', options: [] },
      format: 'dicom',
      key: new Uint8Array(32).fill(4),
      include: files.map((_, i) => i),
      save,
      wantMapping: true,
    },
    () => {},
    new AbortController().signal,
    {
      createWorker: () => new InProcessWorker(3),
      workers: 3,
      hooks,
      timeoutMs: () => 60_000,
      scanned: new Map(),
      version: 'test',
      now: () => new Date(2025, 0, 31, 14, 5),
      openSaver: async () => counting,
      locks: null,
    },
  );
  return { outcome, spliced };
}

function expectSameRun(
  whole: { outcome: RunOutcome; spliced: number },
  streamed: { outcome: RunOutcome; spliced: number },
) {
  expect(streamed.outcome.summary).toEqual(whole.outcome.summary);
  expect(whole.spliced).toBe(0);
  // Every written file with image data took the other path (the deflated one is read whole).
  expect(streamed.spliced).toBeGreaterThan(whole.outcome.summary.written / 2);
  expect(streamed.outcome.mapping?.files).toEqual(whole.outcome.mapping?.files);
}

describe('large inputs in a run', () => {
  const files = inputs();

  it('give the same .zip file, one unzip reads', async () => {
    const collect = () => {
      const parts: Uint8Array[] = [];
      const stream = new WritableStream<Uint8Array>({
        write: (chunk) => void parts.push(chunk.slice()),
      });
      return { saver: zipToStream(stream), bytes: () => Buffer.concat(parts) };
    };
    const target: SaveTarget = { kind: 'file-picker' };
    const a = collect();
    const whole = await run(files, target, a.saver, {});
    const b = collect();
    const streamed = await run(files, target, b.saver, STREAM_ALL);
    expectSameRun(whole, streamed);
    expect(b.bytes().equals(a.bytes())).toBe(true);
    const zip = path.join(work, 'one.zip');
    writeFileSync(zip, b.bytes());
    execFileSync('unzip', ['-tq', zip]);
  });

  it('give the same files in a folder', async () => {
    const target: SaveTarget = { kind: 'directory-picker' };
    const a = new MemoryFolder();
    const whole = await run(files, target, directorySaver(a), {});
    const b = new MemoryFolder();
    const streamed = await run(files, target, directorySaver(b), STREAM_ALL);
    expectSameRun(whole, streamed);
    const [wholeFiles, streamedFiles] = [flatten(a), flatten(b)];
    expect(Object.keys(streamedFiles)).toEqual(Object.keys(wholeFiles));
    expect(Object.keys(wholeFiles)).toHaveLength(whole.outcome.summary.written + 2);
    for (const [name, bytes] of Object.entries(wholeFiles)) {
      expect(streamedFiles[name]!.equals(bytes), name).toBe(true);
    }
  });

  it('give the same .zip parts, cut at the same places', async () => {
    const target: SaveTarget = { kind: 'download-parts', maxPartBytes: PART_BYTES };
    const collect = () => {
      const parts: Array<{ name: string; blob: Blob }> = [];
      const saver = openDownloadPartsSaver('dicomanon-x', PART_BYTES, (blob, name) =>
        parts.push({ name, blob }),
      );
      const bytes = () =>
        Promise.all(
          parts.map(async ({ name, blob }) => ({
            name,
            bytes: Buffer.from(await blob.arrayBuffer()),
          })),
        );
      return { saver, bytes };
    };
    const a = collect();
    const whole = await run(files, target, a.saver, {});
    const b = collect();
    const streamed = await run(files, target, b.saver, STREAM_ALL);
    expectSameRun(whole, streamed);
    const [wholeParts, streamedParts] = [await a.bytes(), await b.bytes()];
    expect(streamedParts.length).toBeGreaterThan(2);
    expect(streamedParts.map((p) => p.name)).toEqual(wholeParts.map((p) => p.name));
    let oversized = 0;
    for (const [i, part] of streamedParts.entries()) {
      expect(part.bytes.equals(wholeParts[i]!.bytes), part.name).toBe(true);
      const zip = path.join(work, part.name);
      writeFileSync(zip, part.bytes);
      execFileSync('unzip', ['-tq', zip]);
      // Only a part of one file larger than the limit may pass it.
      if (part.bytes.length > PART_BYTES) {
        oversized++;
        const names = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim();
        expect(names.split('\n')).toHaveLength(1);
      }
    }
    expect(oversized).toBeGreaterThan(0);
  });
});

/** Every file of the folder by its path, as one buffer. */
function flatten(folder: MemoryFolder, prefix = ''): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [name, chunks] of folder.files) out[prefix + name] = Buffer.concat(chunks);
  for (const [name, sub] of folder.folders) Object.assign(out, flatten(sub, `${prefix}${name}/`));
  return out;
}
