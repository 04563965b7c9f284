/**
 * Recall of short burned identifiers (2–3 letters or digits: initials, a short ID), which the
 * detector finds mostly as weak boxes (a lone character, a pair), by the boxes Clean Pixel Data
 * blacks out (`regionsToClean`), without a reader and with the OCR confirming weak boxes:
 *   npx tsx scripts/burn-text/shortRecall.ts [COUNT] [SEED] [--list]
 * Each identifier is burned by burn_short.py into a real CT or MR of ../shared/data, at a size of
 * 10–20 px, in one of five fonts, in a corner, in a band along an edge, or anywhere (over the
 * anatomy, across the body's edge). "Found": a detector box of some frame covers 80 % of it;
 * "removed": the engine's boxes cover 80 % of it in every frame.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readDicom } from '../../src/core/dicom/readDicom';
import { regionsToClean, type PixelTools } from '../../src/core/pixels/clean/cleanPixels';
import { searchFrame } from '../../src/core/pixels/detect/searchFrame';
import { readImageInfo } from '../../src/core/pixels/imageInfo';
import { corpusFile, PROJECT_ROOT } from '../../src/core/testing/corpus';
import { nodePixelTools, nodePixelToolsWithOcr } from '../../src/core/testing/pixelTools';
import { decodeFrames, isFound, type PlantedLine } from './corpus';

const SOURCES = [
  'pydicom-data/data_store/data/693_UNCR.dcm',
  'flywheel-deidentification/exampleData/penn_prisma/dicom/1_anat/1_anat_000.dcm',
  'dicomParser/testImages/CT1_UNC.explicit_little_endian.dcm',
  'pydicom-data/data_store/data/eCT_Supplemental.dcm',
  'pydicom-data/data_store/data/MR-SIEMENS-DICOM-WithOverlays.dcm',
  'pydicom-data/data_store/data/MR2_UNCR.dcm',
];
const FONTS = [
  'DejaVuSans',
  'DejaVuSans-Bold',
  'LiberationMono-Regular',
  'DejaVuSerif',
  'LiberationSansNarrow-Regular',
];
const SYMBOLS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

/** A small deterministic generator (mulberry32): the same set for the same seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ShortCase {
  readonly file: string;
  readonly line: PlantedLine;
  readonly place: 'corner' | 'edge band' | 'anywhere';
}

/** Burns `count` short identifiers, one a file, into `dir`. */
export function burnShort(dir: string, count: number, seed: number): ShortCase[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const cases: ShortCase[] = [];
  for (let i = 0; i < count; i++) {
    const source = SOURCES[i % SOURCES.length]!;
    const info = readImageInfo(readDicom(new Uint8Array(readFileSync(corpusFile(source)))));
    const length = next() < 0.5 ? 2 : 3;
    const text = Array.from({ length }, () => pick([...SYMBOLS])).join('');
    const size = 10 + Math.floor(next() * 11);
    const font = pick(FONTS);
    const place = pick(['corner', 'corner', 'edge band', 'anywhere'] as const);
    const room = { x: info.columns - 3 * size - 8, y: info.rows - size - 8 };
    let x: number;
    let y: number;
    if (place === 'corner') {
      x = 4 + Math.floor(next() * 30);
      y = 4 + Math.floor(next() * 30);
      if (next() < 0.5) x = room.x - x + 4;
      if (next() < 0.5) y = room.y - y + 4;
    } else if (place === 'edge band') {
      x = 4 + Math.floor(next() * room.x);
      y = 4 + Math.floor(next() * 30);
      if (next() < 0.5) y = room.y - y + 4;
    } else {
      x = 4 + Math.floor(next() * room.x);
      y = 4 + Math.floor(next() * room.y);
    }
    const file = path.join(dir, `short_${String(i).padStart(3, '0')}.dcm`);
    const out = execFileSync(
      '/usr/bin/python3',
      [
        path.join(PROJECT_ROOT, 'scripts/burn-text/burn_short.py'),
        source,
        file,
        text,
        ...['--size', String(size), '--font', font, '--x', String(x), '--y', String(y)],
      ],
      { encoding: 'utf8' },
    );
    cases.push({ file, line: JSON.parse(out) as PlantedLine, place });
  }
  return cases;
}

/** Whether the engine's boxes cover the line in every frame. */
async function removed(file: string, line: PlantedLine, tools: PixelTools): Promise<boolean> {
  const dicom = readDicom(new Uint8Array(readFileSync(file)));
  const { boxes } = await regionsToClean(dicom, readImageInfo(dicom), tools, {});
  return line.frames.every((frame) =>
    isFound(
      line.box,
      boxes
        .filter((b) => !b.frames || b.frames.includes(frame))
        .map(({ x, y, width, height }) => ({ x, y, w: width, h: height })),
    ),
  );
}

if (process.argv[1]?.endsWith('shortRecall.ts')) {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const count = args[0] ? Number(args[0]) : 60;
  const seed = args[1] ? Number(args[1]) : 1;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dicomanon-short-'));
  try {
    const cases = burnShort(dir, count, seed);
    const ocr = await nodePixelToolsWithOcr();
    let found = 0;
    let without = 0;
    let withOcr = 0;
    let cpu = 0;
    for (const { file, line, place } of cases) {
      const frames = await decodeFrames(file);
      const isSeen = frames.some((f) => isFound(line.box, searchFrame(f).found));
      const a = await removed(file, line, nodePixelTools);
      const start = process.cpuUsage();
      const b = await removed(file, line, ocr);
      const used = process.cpuUsage(start);
      cpu += (used.user + used.system) / 1000;
      found += Number(isSeen);
      without += Number(a);
      withOcr += Number(b);
      if (process.argv.includes('--list') || (isSeen && !b))
        console.log(
          `${path.basename(file)} "${line.text}" ${line.size}px ${line.font} ${place} at ` +
            `${line.box.x},${line.box.y}: found ${isSeen}, removed ${a} without a reader, ${b} with the OCR`,
        );
    }
    ocr.reader?.close();
    console.log(
      `${count} short identifiers (seed ${seed}): found by the detector ${found}; removed ` +
        `without a reader ${without}, with the OCR ${withOcr}; ` +
        `${(cpu / count).toFixed(1)} ms of CPU a file with the OCR`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
