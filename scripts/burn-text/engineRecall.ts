/**
 * Recall of the planted lines by the boxes Clean Pixel Data blacks out (`regionsToClean`, as
 * the engine runs it: frames sampled, cine boxes put together, templates), with the OCR
 * confirming weak boxes and without a reader (every box goes), on the generator's output:
 *   npx tsx scripts/burn-text/engineRecall.ts [COUNT] [SEED]
 * A line counts as found in a frame when one box applied to that frame covers 80 % of it; every
 * frame of a cine counts. Prints recall per size and kind for both, and every planted line the
 * OCR's confirmation lost (found without a reader, not with it).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readDicom } from '../../src/core/dicom/readDicom';
import { regionsToClean, type PixelTools } from '../../src/core/pixels/clean/cleanPixels';
import { readImageInfo } from '../../src/core/pixels/imageInfo';
import type { RedactionBox } from '../../src/core/pixels/redact/redactPixels';
import { nodePixelTools, nodePixelToolsWithOcr } from '../../src/core/testing/pixelTools';
import { generateBurned, isFound, Tally, type GroundTruth } from './corpus';

/** Which planted lines of each frame the engine's boxes cover: `found[file][frame][line]`. */
async function engineFinds(
  dir: string,
  truths: readonly GroundTruth[],
  tools: PixelTools,
): Promise<{ found: boolean[][][]; cpu: number }> {
  const found: boolean[][][] = [];
  let cpu = 0;
  for (const truth of truths) {
    const file = readDicom(new Uint8Array(readFileSync(path.join(dir, truth.file))));
    const start = process.cpuUsage();
    const { boxes } = await regionsToClean(file, readImageInfo(file), tools, {});
    const used = process.cpuUsage(start);
    cpu += (used.user + used.system) / 1000;
    found.push(
      Array.from({ length: truth.frames }, (_, frame) => {
        const here = boxes.filter((b) => !b.frames || b.frames.includes(frame)).map(asBox);
        return truth.lines.map((line) => line.frames.includes(frame) && isFound(line.box, here));
      }),
    );
  }
  return { found, cpu };
}

const asBox = ({ x, y, width, height }: RedactionBox) => ({ x, y, w: width, h: height });

const dir = mkdtempSync(path.join(os.tmpdir(), 'dicomanon-engine-recall-'));
try {
  const count = process.argv[2] ? Number(process.argv[2]) : undefined;
  const seed = process.argv[3] ? Number(process.argv[3]) : undefined;
  const truths = generateBurned(dir, count, seed);
  const ocrTools = await nodePixelToolsWithOcr();
  const without = await engineFinds(dir, truths, nodePixelTools);
  const withOcr = await engineFinds(dir, truths, ocrTools);
  ocrTools.reader?.close();
  const tallies = { without: new Tally(), withOcr: new Tally() };
  const lost: string[] = [];
  truths.forEach((truth, f) => {
    truth.lines.forEach((line, l) => {
      for (const frame of line.frames) {
        const keys = ['all', `size ${line.size}`, `kind ${line.kind}`];
        // A lone L or R identifies no one: the OCR does not read one letter as text.
        if (line.text.length > 1) keys.push('all but single letters');
        if (line.kind !== 'label') keys.push('identifying');
        const before = without.found[f]![frame]![l]!;
        const after = withOcr.found[f]![frame]![l]!;
        for (const key of keys) {
          tallies.without.add(key, before);
          tallies.withOcr.add(key, after);
        }
        if (before && !after)
          lost.push(`${truth.file} frame ${frame} ${line.kind} ${line.size}px "${line.text}"`);
      }
    });
  });
  console.log(`${truths.length} files, ${truths.reduce((n, t) => n + t.frames, 0)} frames`);
  console.log('recall without a reader | with the OCR confirming weak boxes:');
  const right = tallies.withOcr.lines();
  tallies.without.lines().forEach((line, i) => console.log(`  ${line} | ${right[i]}`));
  console.log(`lines lost to the confirmation: ${lost.length}`);
  for (const line of lost) console.log(`  ${line}`);
  const ms = (cpu: number) => (cpu / truths.length).toFixed(1);
  console.log(
    `CPU a file: ${ms(without.cpu)} ms without a reader, ${ms(withOcr.cpu)} ms with the OCR`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
