/**
 * Issue 16, in Node: what the engine holds while it cleans one large native multi-frame file,
 * as the page's worker runs it (the input read whole, deidentify with Clean Pixel Data and the
 * OCR check, the outcome packed for postMessage). Prints the peak resident set above the
 * process before the input was read (Linux VmHWM, reset first), over the file's size, and the
 * output's SHA-256 so that runs before and after a change can be compared byte for byte.
 *
 *   node --import tsx bench/cleanMemory.ts [frames=400] [--no-ocr] [--copy]
 *
 * --copy: without DeidContext.consumeInput (the engine then copies what it cleans).
 *
 * The file (generated, 512 × 512 × 16 bits per frame: 400 frames are 210 MB) is cached in
 * os.tmpdir(). Run one at a time: the machine's other work does not count, but its own does.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packOutcome } from '../src/core/deid/workerResult';
import { testDeidentifier } from '../src/core/testing/deid';
import { nodePixelTools, nodePixelToolsWithOcr } from '../src/core/testing/pixelTools';
import { makeSyntheticCtMultiFrame } from '../scripts/makeSyntheticCtSeries';
import { burnDigits } from '../scripts/synthetic/burnDigits';

const frames = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 400);
const ocr = !process.argv.includes('--no-ocr');

function peakRss(): number {
  const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return Number(m![1]) * 1024;
}

const file = path.join(os.tmpdir(), `dicomanon-clean-memory-${frames}-burned.dcm`);
if (!existsSync(file)) {
  // The generated CT draws no text: a date is burned into every frame, to be cleaned.
  writeFileSync(file, burnDigits(makeSyntheticCtMultiFrame({ frames, seed: 1600 }).bytes));
  console.log(`generated ${file}; run again to measure (the generator's memory would count)`);
  process.exit(0);
}
const tools = ocr ? await nodePixelToolsWithOcr() : nodePixelTools;
const deidentifier = await testDeidentifier(
  { base: 'basic', options: [], pixels: { clean: true } },
  undefined,
  tools,
);
const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
writeFileSync('/proc/self/clear_refs', '5');
const before = process.memoryUsage().rss;
const read = readFileSync(file); // its own ArrayBuffer at this size (not Node's pool)
const bytes = new Uint8Array(read.buffer, read.byteOffset, read.byteLength);
const outcome = await deidentifier.deidentify(bytes, {
  consumeInput: !process.argv.includes('--copy'),
});
const packed = packOutcome(outcome, bytes, false);
const peak = peakRss() - before;
if (packed.result.status !== 'written') throw new Error(`not written: ${packed.result.status}`);
const hash = createHash('sha256');
for (const chunk of packed.result.chunks) hash.update(chunk);
const pixels = packed.result.pixels;
console.log(
  `${frames} frames, ${mb(bytes.length)}${ocr ? ', OCR check' : ''}: peak RSS +${mb(peak)} ` +
    `(${(peak / bytes.length).toFixed(2)}× the file); ${pixels?.regions ?? 0} regions in ` +
    `${pixels?.frames ?? 0} frames; ${packed.result.chunks.length} chunk(s), ` +
    `${packed.transfer.length} buffer(s) moved; output sha256 ${hash.digest('hex').slice(0, 16)}`,
);
