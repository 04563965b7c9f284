/* eslint-disable no-restricted-imports, no-restricted-globals -- a Node measurement script. */
/**
 * Tesseract on the same images as the classical detector (scripts/burn-text/burn_text.py, see
 * docs/pixels.md): full-frame detection with tesseract against the detector, and the detector's
 * boxes read by tesseract (the pipeline MEASUREMENTS.md recommends), with the ground-truth
 * boxes read as the upper bound. Frames are made 8-bit as the detector sees them (default
 * window, luma).  npx tsx src/core/pixels/ocr/measure/measureBurned.ts [COUNT]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  coverage,
  decodeFrames,
  FOUND,
  generateBurned,
  type Box as TruthBox,
} from '../../../../../scripts/burn-text/corpus';
import { detectText } from '../../detect/detectText';
import { luminance } from '../../detect/luminance';
import { nodeOcrAssets } from '../nodeAssets';
import { createTesseractReader } from '../tesseractReader';
import type { ReadWord } from '../types';

const squeeze = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');
const toTruth = (b: { x: number; y: number; width: number; height: number }): TruthBox => ({
  x: b.x,
  y: b.y,
  w: b.width,
  h: b.height,
});

/** The union of the words that overlap the line: found when it covers 80 % of the line. */
function wordsOver(line: TruthBox, words: readonly ReadWord[]): ReadWord[] {
  return words
    .filter((w) => squeeze(w.text) !== '' && coverage(toTruth(w.box), line) > 0.3)
    .sort((a, b) => a.box.x - b.box.x);
}
function union(words: readonly ReadWord[]): TruthBox | undefined {
  if (words.length === 0) return undefined;
  const x0 = Math.min(...words.map((w) => w.box.x));
  const y0 = Math.min(...words.map((w) => w.box.y));
  const x1 = Math.max(...words.map((w) => w.box.x + w.box.width));
  const y1 = Math.max(...words.map((w) => w.box.y + w.box.height));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}
const allRead = (text: string, words: readonly ReadWord[]) => {
  const got = words.map((w) => squeeze(w.text)).join('');
  return text
    .split(/\s+/)
    .map(squeeze)
    .filter(Boolean)
    .every((w) => got.includes(w));
};

class Count {
  n = 0;
  found = 0;
  read = 0;
  ms: number[] = [];
  pct(k: 'found' | 'read') {
    return `${((100 * this[k]) / Math.max(1, this.n)).toFixed(1)} %`;
  }
  median() {
    return Math.round([...this.ms].sort((a, b) => a - b)[Math.floor(this.ms.length / 2)] ?? NaN);
  }
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'dicomanon-ocr-burn-'));
try {
  const count = process.argv[2] ? Number(process.argv[2]) : 24;
  const truths = generateBurned(dir, count);
  const reader = await createTesseractReader({ assets: nodeOcrAssets() });
  const full = new Count();
  const full2 = new Count();
  const detected = new Count();
  const gtBoxes = new Count();
  const either = new Count();
  const detectMs: number[] = [];
  let frames = 0;
  let boxesRead = 0;
  for (const truth of truths) {
    // A cine's frames carry the same text but a counter: two frames are enough here.
    const images = await decodeFrames(path.join(dir, truth.file), 2);
    for (const [f, image] of images.entries()) {
      const lines = truth.lines.filter((l) => l.frames.includes(f));
      const grey = { width: image.columns, height: image.rows, data: luminance(image) };
      const is512 = image.rows === 512 && image.columns === 512;
      frames++;

      let t = performance.now();
      const words = await reader.read(grey);
      if (is512) full.ms.push(performance.now() - t);
      t = performance.now();
      const words2 = await reader.read(grey, undefined, { scale: 2 });
      if (is512) full2.ms.push(performance.now() - t);

      t = performance.now();
      const boxes = detectText(image);
      if (is512) detectMs.push(performance.now() - t);
      const read: ReadWord[][] = [];
      t = performance.now();
      for (const b of boxes) {
        read.push(await reader.read(grey, { x: b.x, y: b.y, width: b.w, height: b.h }));
      }
      boxesRead += boxes.length;
      if (is512) detected.ms.push(performance.now() - t);

      for (const line of lines) {
        for (const [c, w] of [
          [full, words],
          [full2, words2],
        ] as const) {
          const over = wordsOver(line.box, w);
          const u = union(over);
          c.n++;
          if (u && coverage(line.box, u) >= FOUND) c.found++;
          if (allRead(line.text, over)) c.read++;
        }
        detected.n++;
        const covering = boxes.findIndex((b) => coverage(line.box, b) >= FOUND);
        either.n++;
        const u2 = union(wordsOver(line.box, words2));
        if (covering >= 0 || (u2 && coverage(line.box, u2) >= FOUND)) either.found++;
        if (covering >= 0) {
          detected.found++;
          if (allRead(line.text, wordsOver(line.box, read[covering]!))) detected.read++;
        }
        gtBoxes.n++;
        gtBoxes.found++;
        t = performance.now();
        const own = await reader.read(grey, {
          x: line.box.x,
          y: line.box.y,
          width: line.box.w,
          height: line.box.h,
        });
        gtBoxes.ms.push(performance.now() - t);
        if (allRead(line.text, own)) gtBoxes.read++;
      }
    }
  }
  reader.close();
  const median = (a: number[]) =>
    Math.round([...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] ?? NaN);
  console.log(`${truths.length} files, ${frames} frames, ${full.n} planted lines`);
  console.log('| method | line found (box covers 80 %) | line read (every word) | time |');
  console.log('| --- | --- | --- | --- |');
  console.log(
    `| tesseract full frame, 1× | ${full.pct('found')} | ${full.pct('read')} | ${full.median()} ms per 512² frame (median) |`,
  );
  console.log(
    `| tesseract full frame, 2× | ${full2.pct('found')} | ${full2.pct('read')} | ${full2.median()} ms per 512² frame |`,
  );
  console.log(
    `| classical detector, its boxes read by tesseract | ${detected.pct('found')} | ${detected.pct('read')} | detector ${median(detectMs)} ms + reading its ${(boxesRead / frames).toFixed(1)} boxes a frame ${detected.median()} ms per 512² frame |`,
  );
  console.log(
    `| classical detector or tesseract full frame 2× (union) | ${either.pct('found')} | — | the sum of both |`,
  );
  console.log(
    `| ground-truth boxes read by tesseract (upper bound) | — | ${gtBoxes.pct('read')} | ${gtBoxes.median()} ms per box |`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
