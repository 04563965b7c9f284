/**
 * Section 5 of the Clean Pixel Data benchmark: the engine as the CLI runs it, with the OCR
 * check of every cleaned image (verifyPixels.ts: tesseract, from bytes, on the first, middle and
 * last frames), against the engine with detection and redaction only. One pass per file after
 * one warm-up: a read takes about a second, so the ≥ 2 s minimum of the other sections would
 * only repeat it. Memory: what loading the reader adds to a worker.
 */
import type { ProfileSpec } from '../src/core/deid/api';
import { testDeidentifier } from '../src/core/testing/deid';
import { nodePixelTools, nodePixelToolsWithOcr } from '../src/core/testing/pixelTools';
import { fmt, table } from './report';

export interface OcrBenchFile {
  readonly label: string;
  readonly bytes: Uint8Array;
  readonly frames: number;
}

const CLEAN: ProfileSpec = { base: 'basic', options: [], pixels: { clean: true } };

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export async function ocrCheckSection(files: readonly OcrBenchFile[], gc: () => void) {
  gc();
  const before = process.memoryUsage().rss;
  const tools = await nodePixelToolsWithOcr();
  const checked = await testDeidentifier(CLEAN, undefined, tools);
  const unchecked = await testDeidentifier(CLEAN, undefined, nodePixelTools);
  const rows: string[][] = [];
  let totalFrames = 0;
  let totalChecked = 0;
  let totalUnchecked = 0;
  for (const file of files) {
    await checked.deidentify(file.bytes); // warm-up: the reader's first read is slower
    let start = cpuMs();
    await unchecked.deidentify(file.bytes);
    const plain = cpuMs() - start;
    start = cpuMs();
    const outcome = await checked.deidentify(file.bytes);
    const withCheck = cpuMs() - start;
    totalFrames += file.frames;
    totalChecked += withCheck;
    totalUnchecked += plain;
    rows.push([
      file.label,
      outcome.status,
      fmt(plain, 1),
      fmt(withCheck, 1),
      fmt(withCheck - plain, 1),
      fmt((file.frames * 1000) / withCheck, 1),
    ]);
  }
  gc();
  const added = process.memoryUsage().rss - before;
  tools.reader?.close();
  console.log(
    `\n5. Engine with the OCR check of cleaned images (what the CLI runs), one pass per file` +
      ` after a warm-up; CPU ms of this process`,
  );
  console.log(
    table(
      ['file', 'status', 'clean CPU ms', 'clean + check CPU ms', 'check CPU ms', 'frames/s (CPU)'],
      rows,
    ),
  );
  console.log(
    `  all files: ${fmt(totalUnchecked, 1)} ms without the check, ${fmt(totalChecked, 1)} ms ` +
      `with it (${fmt((totalFrames * 1000) / totalChecked, 1)} frames/s); the reader adds ` +
      `${fmt(added / 1e6, 1)} MB RSS to a worker`,
  );
}
