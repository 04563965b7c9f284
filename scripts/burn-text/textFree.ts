/**
 * Clean Pixel Data's false positives (docs/pixels.md, "False positives on CT and MR"): every CT
 * and MR image of ../shared/data, none of which has text burned in, cleaned as the engine cleans
 * it (`cleanPixels`), and counted when it gets a region.
 *   npx tsx scripts/burn-text/textFree.ts [--no-ocr] [--list]
 * With the OCR (the default, as when cleaning verifies) weak boxes must be read as text to be
 * blacked out; `--no-ocr` runs without a reader (every box goes). `--list` names each image
 * that got a region. Prints the CPU time the cleaning took, per image.
 */
import { readFileSync } from 'node:fs';
import { readDicom } from '../../src/core/dicom/readDicom';
import { findElement } from '../../src/core/dicom/dataset';
import { readStrings } from '../../src/core/dicom/values';
import { cleanPixels, type PixelTools } from '../../src/core/pixels/clean/cleanPixels';
import { PIXEL_DATA } from '../../src/core/pixels/imageInfo';
import { corpusFiles, NOT_DICOM_NAME, relativeToCorpus } from '../../src/core/testing/corpus';
import { nodePixelTools, nodePixelToolsWithOcr } from '../../src/core/testing/pixelTools';

const MODALITY = 0x00080060;

const tools: PixelTools = process.argv.includes('--no-ocr')
  ? nodePixelTools
  : await nodePixelToolsWithOcr();
const list = process.argv.includes('--list');

let images = 0;
const withRegions: string[] = [];
let cpu = 0;
for (const path of corpusFiles().filter((f) => !NOT_DICOM_NAME.test(f))) {
  let file;
  try {
    file = readDicom(new Uint8Array(readFileSync(path)));
  } catch {
    continue; // not DICOM
  }
  const modality = findElement(file.dataset, MODALITY);
  const value = modality ? readStrings(file.dataset, modality)[0] : undefined;
  if ((value !== 'CT' && value !== 'MR') || !findElement(file.dataset, PIXEL_DATA)) continue;
  const start = process.cpuUsage();
  let cleaned;
  try {
    cleaned = await cleanPixels(file, tools);
  } catch {
    continue; // an image the engine cannot decode is not cleaned either
  }
  const used = process.cpuUsage(start);
  if (!cleaned) continue;
  cpu += (used.user + used.system) / 1000;
  images++;
  if (cleaned.report.regions > 0) {
    withRegions.push(relativeToCorpus(path));
    if (list) console.log(`${relativeToCorpus(path)}: ${cleaned.report.regions} regions`);
  }
}
tools.reader?.close();
console.log(
  `${withRegions.length} of ${images} CT/MR images got regions (${tools.reader ? 'with' : 'without'} the OCR); ` +
    `${(cpu / images).toFixed(1)} ms of CPU an image`,
);
