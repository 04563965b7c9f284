/**
 * Detector numbers on the generator's output and on text-free images, and its speed:
 *   npx tsx scripts/burn-text/bench.ts [COUNT]
 * Generates into a temporary folder (removed afterwards) and prints recall per size, layout,
 * kind and image type, false area, and frames per second on one core (CPU time of this
 * process, which stays meaningful when the machine is shared, and wall time).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { corpusFile } from '../../src/core/testing/corpus';
import { detectText } from '../../src/core/pixels/detect/detectText';
import { decodeFrames, generateBurned } from './corpus';
import { evaluateBurned, evaluateTextFree } from './score';

const dir = mkdtempSync(path.join(os.tmpdir(), 'dicomanon-burn-'));
try {
  const count = process.argv[2] ? Number(process.argv[2]) : undefined;
  const truths = generateBurned(dir, count);
  const result = await evaluateBurned(dir, truths);
  console.log('recall, all sizes:');
  for (const line of result.recall.lines()) console.log('  ' + line);
  console.log('recall, 12 px and more:');
  for (const line of result.recall12.lines()) console.log('  ' + line);
  console.log('detected area outside planted lines:');
  for (const [key, a] of result.falseArea) {
    console.log(
      `  ${key}: ${((100 * a.outside) / Math.max(a.total, 1)).toFixed(1)} % of ${a.total} px`,
    );
  }
  console.log(
    `burned: ${result.frames} frames, ${(result.milliseconds / result.frames).toFixed(1)} ms a frame`,
  );
  if (process.env.SHOW_MISSED) for (const m of result.missed) console.log('  missed ' + m);
  const clean = await evaluateTextFree();
  for (const [modality, c] of clean.byModality) {
    console.log(
      `text-free ${modality}: ${c.flagged}/${c.frames} frames with a box, ${((100 * c.area) / c.pixels).toFixed(2)} % of pixels boxed`,
    );
  }
  // Speed on 512 × 512: a CT without text and a burned CT with corners of text.
  const frames = [
    ...(await decodeFrames(corpusFile('pydicom-data/data_store/data/693_UNCR.dcm'))),
    ...(await decodeFrames(path.join(dir, 'burn_000.dcm'))),
  ];
  for (let i = 0; i < 10; i++) for (const f of frames) detectText(f);
  const runs = 100;
  const cpu = process.cpuUsage();
  const wall = performance.now();
  for (let i = 0; i < runs; i++) for (const f of frames) detectText(f);
  const used = process.cpuUsage(cpu);
  const n = runs * frames.length;
  console.log(
    `512 × 512: ${((n * 1e6) / (used.user + used.system)).toFixed(1)} frames/s of CPU, ` +
      `${((n * 1000) / (performance.now() - wall)).toFixed(1)} frames/s of wall time`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
